package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stack with every context option changed, typed as cdk.json would type them. */
@ExtendWith(RequiresNode.class)
class DeploymentContextTest {

    private static final String TOPIC = "arn:aws:sns:us-east-1:111122223333:security-alerts";
    private static final String SECURITY_OPS = "arn:aws:iam::111122223333:role/SecurityOps";
    private static final String SSO_AUDITORS =
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_SecurityAudit_*";

    private static Template template;

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) {
        template = SynthesizedStack.synthesize(Map.ofEntries(
                Map.entry("ruleName", "cis-1-11-setup-keys"),
                Map.entry("maximumExecutionFrequency", "Six_Hours"),
                Map.entry("setupWindowSeconds", 600),
                Map.entry("requireNeverUsed", "TRUE"),
                Map.entry("includeInactiveKeys", "true"),
                Map.entry("exemptTag", "break-glass=approved"),
                Map.entry("refreshDays", "30"),
                Map.entry("recordUnchanged", true),
                Map.entry("snapStart", false),
                Map.entry("remediationAction", "Delete"),
                Map.entry("automaticRemediation", true),
                Map.entry("remediationGracePeriodSeconds", 86400),
                Map.entry("ruleReservedConcurrency", "25"),
                Map.entry("alarmTopicArn", TOPIC),
                Map.entry("failureQueueReaders", List.of(SECURITY_OPS, SSO_AUDITORS))), workDirectory).template();
    }

    @Test
    void everyAlarmNotifiesTheTopicWhenItGoesOffAndWhenItClears() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmActions", List.of(TOPIC), "OKActions", List.of(TOPIC)));
    }

    @Test
    void onlyTheNamedReadersMayReadTheFailureQueues() {
        Map<String, Object> onlyReaders = Map.of("Sid", "OnlyTheNamedReadersRead", "Effect", "Deny",
                "Principal", Map.of("AWS", "*"), "Action", "sqs:ReceiveMessage",
                "Condition", Map.of("ArnNotLike", Map.of("aws:PrincipalArn", List.of(SECURITY_OPS, SSO_AUDITORS))));
        assertThat(template.findResources("AWS::SQS::QueuePolicy", Map.of("Properties", Map.of("PolicyDocument",
                Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(onlyReaders)))))))).as(
                "the rule's failure queue and near-real-time's dead letters").hasSize(2);
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
                "requireNeverUsed", "true",
                "includeInactiveKeys", "true",
                "exemptTag", "break-glass=approved",
                "refreshDays", "30",
                "recordUnchanged", "true"))));
    }

    @Test
    void theRuleFunctionsReservedConcurrencyComesFromTheContext() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "io.github.setupkeys.rule.ConfigRuleHandler::handleRequest", "ReservedConcurrentExecutions", 25));
    }

    @Test
    void theRemediationRoleMayChangeNoKeyOfAUserCarryingTheExemptTagWithItsValue() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of("Policies", List.of(Map.of(
                "PolicyName", "remediate-setup-keys", "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                        Match.exact(Map.of("Sid", "KeepKeysOfExemptUsers", "Effect", "Deny",
                                "Action", List.of("iam:DeleteAccessKey", "iam:UpdateAccessKey"),
                                "Resource", SetupKeysStackTest.EVERY_USER,
                                "Condition", Map.of("StringEquals", Map.of(
                                        "aws:ResourceTag/break-glass", "approved")))))))))));
    }

    @Test
    void theDocumentsDefaultsAreTheDeploymentsCriteriaExemptionAndGracePeriod() {
        template.hasResourceProperties("AWS::SSM::Document", Map.of("Content", Map.of("parameters", Match.objectLike(Map.of(
                "SetupWindowSeconds", Match.objectLike(Map.of("default", "600")),
                "RequireNeverUsed", Match.objectLike(Map.of("default", true)),
                "IncludeInactiveKeys", Match.objectLike(Map.of("default", true)),
                "ExemptTag", Match.objectLike(Map.of("default", "break-glass=approved")),
                "GracePeriodSeconds", Match.objectLike(Map.of("default", "86400")),
                "Action", Match.objectLike(Map.of("default", "Deactivate")))))));
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
                "RequireNeverUsed", Map.of("StaticValue", Map.of("Values", List.of("true"))),
                "IncludeInactiveKeys", Map.of("StaticValue", Map.of("Values", List.of("true"))),
                "ExemptTag", Map.of("StaticValue", Map.of("Values", List.of("break-glass=approved"))),
                "GracePeriodSeconds", Map.of("StaticValue", Map.of("Values", List.of("86400")))))));
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
