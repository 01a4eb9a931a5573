package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.rule.domain.RecordingParameters;
import io.github.setupkeys.rule.domain.RuleMetadata;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

@ExtendWith(RequiresNode.class)
class ConformancePackTemplateTest {

    private static final Map<String, Object> ORGANIZATION = Map.of("organizationId", "o-a1b2c3d4e5", "evaluationRegion", "us-east-1",
            "organizationalUnitIds", "ou-ab12-cdef3456", "evaluateWith", "conformancePack");

    private final Template pack = pack(Map.of());

    @Test
    void thePackHoldsTheRuleAndItsRemediationAndNoFunction() {
        assertThat(ConformancePackTemplate.template(settings(Map.of()), organization(Map.of())).get("Resources"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("IamUserNoSetupAccessKeys", "IamUserNoSetupAccessKeysRemediation");
        pack.resourceCountIs("AWS::Config::ConfigRule", 1);
        pack.resourceCountIs("AWS::Config::RemediationConfiguration", 1);
    }

    @Test
    void theRuleIsACustomLambdaRuleThatInvokesTheCentralFunctionOnIamUserChangesAndEveryDay() {
        pack.hasResourceProperties("AWS::Config::ConfigRule", Map.of(
                "ConfigRuleName", RuleMetadata.RULE_NAME,
                "Description", RuleMetadata.DESCRIPTION,
                "Scope", Match.exact(Map.of("ComplianceResourceTypes", List.of("AWS::IAM::User"))),
                "Source", Match.exact(Map.of(
                        "Owner", "CUSTOM_LAMBDA",
                        "SourceIdentifier", Map.of("Ref", "RuleFunctionArn"),
                        "SourceDetails", List.of(
                                Map.of("EventSource", "aws.config", "MessageType", "ConfigurationItemChangeNotification"),
                                Map.of("EventSource", "aws.config",
                                        "MessageType", "OversizedConfigurationItemChangeNotification"),
                                Map.of("EventSource", "aws.config", "MessageType", "ScheduledNotification",
                                        "MaximumExecutionFrequency", "TwentyFour_Hours"))))));
    }

    @Test
    void theFunctionArnIsTheOneParameterWithoutADefault() {
        pack.hasParameter("RuleFunctionArn", Match.objectLike(Map.of("Type", "String", "Default", Match.absent())));
        pack.hasParameter("ExecutionRoleName", Map.of("Default", "IamUserSetupKeysRuleExecution"));
    }

    @Test
    void theRuleParametersArePackParametersWithTheDeploymentsValuesAsDefaults() {
        pack.hasResourceProperties("AWS::Config::ConfigRule", Map.of("InputParameters", Match.exact(Map.of(
                "setupWindowSeconds", Map.of("Ref", "SetupWindowSeconds"),
                "requireNeverUsed", Map.of("Ref", "RequireNeverUsed"),
                "includeInactiveKeys", Map.of("Ref", "IncludeInactiveKeys"),
                "refreshDays", Map.of("Ref", "RefreshDays"),
                "recordUnchanged", Map.of("Ref", "RecordUnchanged"),
                "executionRoleName", Map.of("Ref", "ExecutionRoleName")))));
        pack.hasParameter("SetupWindowSeconds", Map.of("Default", "3600"));
        pack.hasParameter("RequireNeverUsed", Map.of("Default", "true", "AllowedValues", List.of("true", "false")));
        pack.hasParameter("IncludeInactiveKeys", Map.of("Default", "false"));
        pack.hasParameter("RefreshDays", Map.of("Default", "7"));
        pack.hasParameter("RecordUnchanged", Map.of("Default", "false", "AllowedValues", List.of("true", "false")));
        assertThat(pack.findParameters("ExemptTag")).isEmpty();
    }

    @Test
    void howTheRuleRecordsIsTheRulesOwnAndNotTheRemediations() {
        pack.hasResourceProperties("AWS::Config::RemediationConfiguration", Map.of("Parameters", Map.of(
                "RefreshDays", Match.absent(), "RecordUnchanged", Match.absent())));
        pack(Map.of("refreshDays", "30")).hasParameter("RefreshDays", Map.of("Default", "30"));
    }

    @Test
    void theRefreshParameterAcceptsTheDaysTheRuleAccepts() {
        String pattern = (String) pack.findParameters("RefreshDays").get("RefreshDays").get("AllowedPattern");

        for (int days = -1; days <= 100; days++) {
            String value = Integer.toString(days);
            boolean rule = days >= 1 && days <= 89;
            assertThat(value.matches(pattern)).as(value).isEqualTo(rule);
            if (rule) {
                assertThat(RecordingParameters.fromMap(Map.of("refreshDays", value)).refreshDays()).isEqualTo(days);
            }
        }
        assertThat(List.of("1.5", "7d", " 7", "")).noneMatch(value -> value.matches(pattern));
    }

    @Test
    void anExemptTagBecomesAParameterOnlyWhenTheDeploymentHasOne() {
        Template withExemption = pack(Map.of("exemptTag", "break-glass=approved"));

        withExemption.hasParameter("ExemptTag", Map.of("Default", "break-glass=approved"));
        withExemption.hasResourceProperties("AWS::Config::ConfigRule", Map.of("InputParameters", Map.of(
                "exemptTag", Map.of("Ref", "ExemptTag"))));
        withExemption.hasResourceProperties("AWS::Config::RemediationConfiguration", Map.of("Parameters", Map.of(
                "ExemptTag", Map.of("StaticValue", Map.of("Values", List.of(Map.of("Ref", "ExemptTag")))))));
        pack.hasResourceProperties("AWS::Config::RemediationConfiguration", Map.of("Parameters", Map.of(
                "ExemptTag", Match.absent())));
    }

    @Test
    void theWindowParameterAcceptsExactlyWhatTheRemediationDocumentAccepts() {
        Map<String, Object> window = pack.findParameters("SetupWindowSeconds").get("SetupWindowSeconds");
        String pattern = (String) window.get("AllowedPattern");

        assertThat(pattern).isEqualTo(Remediation.allowedPattern(settings(Map.of()), "SetupWindowSeconds"));
        assertThat(List.of("1", "3600", "604800")).allMatch(value -> value.matches(pattern));
        assertThat(List.of("0", "604801", "999999", "-1", "1.5")).noneMatch(value -> value.matches(pattern));
    }

    @Test
    void theExecutionRoleNameParameterAcceptsOnlyARoleNameWithoutAPath() {
        String pattern = (String) pack.findParameters("ExecutionRoleName").get("ExecutionRoleName").get("AllowedPattern");

        assertThat(List.of("IamUserSetupKeysRuleExecution", "a+b=c,d.e@f_g-h", "r".repeat(64)))
                .allMatch(value -> value.matches(pattern));
        assertThat(List.of("", "team/Evaluation", "r".repeat(65), "*", "Exec:1", "arn:aws:iam::123456789012:role/x"))
                .noneMatch(value -> value.matches(pattern));
    }

    @Test
    void theExemptTagParameterAcceptsWhatTheRemediationDocumentAccepts() {
        Map<String, Object> exemptTag = pack(Map.of("exemptTag", "break-glass=approved")).findParameters("ExemptTag")
                .get("ExemptTag");
        String pattern = (String) exemptTag.get("AllowedPattern");

        assertThat(pattern).isEqualTo(Remediation.allowedPattern(settings(Map.of()), "ExemptTag"));
        assertThat(List.of("break-glass", "break-glass=approved", "owner=a=b", "Ausnahme-für-Notfall=ja"))
                .allMatch(value -> value.matches(pattern));
        assertThat(List.of("=approved", "k*", "k=v;", "{{ resolve:ssm:x }}")).noneMatch(value -> value.matches(pattern));
    }

    @Test
    void theRemediationRunsTheMemberDocumentWithEachAccountsOwnRemediationRole() {
        pack.hasResourceProperties("AWS::Config::RemediationConfiguration", Map.of(
                "ConfigRuleName", RuleMetadata.RULE_NAME,
                "ResourceType", "AWS::IAM::User",
                "TargetType", "SSM_DOCUMENT",
                "TargetId", "IamUserSetupKeysRemediation",
                "Automatic", false,
                "MaximumAutomaticAttempts", Match.absent(),
                "Parameters", Map.of(
                        "AutomationAssumeRole", Map.of("StaticValue", Map.of("Values", List.of(Map.of("Fn::Sub",
                                "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/IamUserSetupKeysRemediation")))),
                        "IAMResourceId", Map.of("ResourceValue", Map.of("Value", "RESOURCE_ID")),
                        "Action", Map.of("StaticValue", Map.of("Values", List.of("Deactivate"))))));
        pack.hasResource("AWS::Config::RemediationConfiguration", Map.of("DependsOn", "IamUserNoSetupAccessKeys"));
    }

    @Test
    void theRemediationChecksKeysWithTheRulesOwnCriteria() {
        pack.hasResourceProperties("AWS::Config::RemediationConfiguration", Map.of("Parameters", Map.of(
                "SetupWindowSeconds", Map.of("StaticValue", Map.of("Values", List.of(Map.of("Ref", "SetupWindowSeconds")))),
                "RequireNeverUsed", Map.of("StaticValue", Map.of("Values", List.of(Map.of("Ref", "RequireNeverUsed")))),
                "IncludeInactiveKeys",
                Map.of("StaticValue", Map.of("Values", List.of(Map.of("Ref", "IncludeInactiveKeys")))))));
    }

    @Test
    void automaticRemediationIsBoundedToThreeAttemptsAMinuteApart() {
        pack(Map.of("automaticRemediation", true, "remediationAction", "Delete"))
                .hasResourceProperties("AWS::Config::RemediationConfiguration", Map.of(
                        "Automatic", true, "MaximumAutomaticAttempts", 3, "RetryAttemptSeconds", 60,
                        "ExecutionControls", Map.of("SsmControls", Map.of(
                                "ConcurrentExecutionRatePercentage", 10, "ErrorPercentage", 10)),
                        "Parameters", Map.of("Action", Map.of("StaticValue", Map.of("Values", List.of("Delete"))))));
    }

    @Test
    void theYamlIsTheTemplateTheSameOnEveryRunAndFitsATemplateBody() {
        String yaml = ConformancePackTemplate.yaml(settings(Map.of()), organization(Map.of()));

        assertThat(ConformancePackTemplate.yaml(settings(Map.of()), organization(Map.of()))).isEqualTo(yaml);
        assertThat((Object) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml))
                .isEqualTo(ConformancePackTemplate.template(settings(Map.of()), organization(Map.of())));
        assertThat(yaml.getBytes(StandardCharsets.UTF_8)).as("put-organization-conformance-pack --template-body limit")
                .hasSizeLessThan(51_200);
    }

    private static Template pack(Map<String, Object> context) {
        return Template.fromJSON(ConformancePackTemplate.template(settings(context), organization(context)));
    }

    private static DeploymentSettings settings(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.putIfAbsent(DeploymentSettings.REMEDIATION_DOCUMENT, SynthesizedStack.REMEDIATION_DOCUMENT.toString());
        return DeploymentSettings.fromContext(all::get);
    }

    private static OrganizationSettings organization(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(ORGANIZATION);
        all.putAll(context);
        return OrganizationSettings.fromContext(all::get);
    }
}
