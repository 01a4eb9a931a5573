package io.github.setupkeys.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stack with every context option changed, typed as cdk.json would type them. */
class DeploymentContextTest {

    private static Template template;

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) {
        template = SynthesizedStack.synthesize(Map.<String, Object>ofEntries(
                Map.entry("ruleName", "cis-1-11-setup-keys"),
                Map.entry("maximumExecutionFrequency", "Six_Hours"),
                Map.entry("setupWindowSeconds", 600),
                Map.entry("requireNeverUsed", false),
                Map.entry("includeInactiveKeys", "true"),
                Map.entry("exemptTag", "break-glass=approved"),
                Map.entry("refreshDays", "30"),
                Map.entry("recordUnchanged", true),
                Map.entry("snapStart", false),
                Map.entry("remediationAction", "Delete"),
                Map.entry("automaticRemediation", true)), workDirectory).template();
    }

    @Test
    void ruleNameComesFromTheContext() {
        template.hasResourceProperties("AWS::Config::ConfigRule", Map.of("ConfigRuleName", "cis-1-11-setup-keys"));
        template.hasOutput("RuleName", Map.of("Value", Map.of("Ref", "ConfigRule")));
    }

    @Test
    void periodicFrequencyComesFromTheContext() {
        template.hasResourceProperties("AWS::Config::ConfigRule", Map.of("Source", Map.of("SourceDetails",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "MessageType", "ScheduledNotification", "MaximumExecutionFrequency", "Six_Hours")))))));
    }

    @Test
    void ruleParametersComeFromTheContext() {
        template.hasResourceProperties("AWS::Config::ConfigRule", Map.of("InputParameters", Match.exact(Map.of(
                "setupWindowSeconds", "600",
                "requireNeverUsed", "false",
                "includeInactiveKeys", "true",
                "exemptTag", "break-glass=approved",
                "refreshDays", "30",
                "recordUnchanged", "true"))));
    }

    @Test
    void snapStartOffKeepsTheVersionAndAlias() {
        template.allResourcesProperties("AWS::Lambda::Function", Map.of("SnapStart", Match.absent()));
        template.resourceCountIs("AWS::Lambda::Version", 2); // the rule function's and the near-real-time trigger's
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
    }

    @Test
    void remediationCriteriaFollowTheRuleParameters() {
        template.hasResourceProperties("AWS::Config::RemediationConfiguration", Map.of("Parameters", Match.objectLike(Map.of(
                "Action", Map.of("StaticValue", Map.of("Values", List.of("Delete"))),
                "SetupWindowSeconds", Map.of("StaticValue", Map.of("Values", List.of("600"))),
                "RequireNeverUsed", Map.of("StaticValue", Map.of("Values", List.of("false"))),
                "IncludeInactiveKeys", Map.of("StaticValue", Map.of("Values", List.of("true"))),
                "ExemptTag", Map.of("StaticValue", Map.of("Values", List.of("break-glass=approved")))))));
    }

    @Test
    void automaticRemediationIsBoundedToThreeAttemptsAMinuteApart() {
        template.hasResourceProperties("AWS::Config::RemediationConfiguration", Map.of(
                "Automatic", true, "MaximumAutomaticAttempts", 3, "RetryAttemptSeconds", 60));
    }

    @Test
    void deletingKeysIsAllowedOnlyWhenTheDeploymentChoseDelete() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of("Policies", List.of(Map.of(
                "PolicyName", "remediate-setup-keys", "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Sid", "RemediateSetupKeys", "Action", List.of(
                                "iam:GetAccessKeyLastUsed", "iam:GetLoginProfile", "iam:GetUser", "iam:ListAccessKeys",
                                "iam:ListUserTags", "iam:UpdateAccessKey", "iam:DeleteAccessKey"))))))))));
    }
}
