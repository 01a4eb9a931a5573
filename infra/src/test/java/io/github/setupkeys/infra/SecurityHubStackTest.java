package io.github.setupkeys.infra;

import static io.github.setupkeys.infra.ExpectedPolicy.allow;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.rule.domain.RuleMetadata;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Matcher;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code -c securityHub=true} in one account: the automation rule, the custom action (a custom resource), its
 * EventBridge rule and the state machine that starts the stack's own remediation document; and nothing of it without.
 */
class SecurityHubStackTest {

    static final String RULE = RuleMetadata.RULE_NAME;
    static final Map<String, Object> ACTION_ARN = Map.of("Fn::Join", List.of("", List.of("arn:",
            Map.of("Ref", "AWS::Partition"), ":securityhub:", Map.of("Ref", "AWS::Region"), ":",
            Map.of("Ref", "AWS::AccountId"), ":action/custom/SetupKeysRemediate")));
    private static final Matcher STATE_MACHINE = Match.stringLikeRegexp("^SecurityHubCustomActionStateMachine[0-9A-F]{8}$");

    private static SynthesizedStack synthesized;
    private static Template template;
    private static Template renamedAndHigh;
    private static Template off;

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) {
        synthesized = SynthesizedStack.synthesize(Map.of("securityHub", "true"), workDirectory.resolve("on"));
        template = synthesized.template();
        renamedAndHigh = SynthesizedStack.synthesize(Map.of("securityHub", "true", "securityHubSeverity", "HIGH",
                "ruleName", "setup-keys", "exemptTag", "break-glass=approved", "remediationAction", "Delete"),
                workDirectory.resolve("renamed")).template();
        off = SynthesizedStack.synthesize(Map.of(), workDirectory.resolve("off")).template();
    }

    @Test
    void withoutTheSwitchNothingGoesToSecurityHub() {
        off.resourceCountIs("AWS::SecurityHub::AutomationRule", 0);
        off.resourceCountIs("Custom::SecurityHubActionTarget", 0);
        off.resourceCountIs("AWS::StepFunctions::StateMachine", 0);
        assertThat(off.findResources("AWS::Events::Rule")).hasSize(1); // near-real-time detection's only
    }

    @Test
    void theAutomationRuleMatchesConfigsFindingsOfThisRuleByEveryNameConfigGivesIt() {
        template.resourceCountIs("AWS::SecurityHub::AutomationRule", 1);
        template.hasResourceProperties("AWS::SecurityHub::AutomationRule", Map.of(
                "RuleName", RULE + " (CIS 1.11)",
                "RuleOrder", 100,
                "RuleStatus", "ENABLED",
                "IsTerminal", false,
                "Criteria", Match.exact(Map.of(
                        "ProductName", List.of(Map.of("Comparison", "EQUALS", "Value", "Config")),
                        "Title", List.of(Map.of("Comparison", "EQUALS", "Value", RULE),
                                Map.of("Comparison", "PREFIX", "Value", "OrgConfigRule-" + RULE + "-"),
                                Map.of("Comparison", "PREFIX", "Value", RULE + "-conformance-pack-"))))));
    }

    @Test
    void theAutomationRuleSetsSeverityTheCisTypeAndTheRecommendationPerVersion() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("CIS v1.1.0", "1.23");
        fields.put("CIS v1.2.0", "1.21");
        fields.put("CIS v1.3.0-v4.0.x", "1.11");
        fields.put("CIS v5.0.0", "1.10");
        fields.put("CIS v6.0.0", "2.10");
        fields.put("RemediationDocument", Map.of("Ref", "RemediationDocument"));
        fields.put("RemediationCustomAction", "Remediate setup keys");
        template.hasResourceProperties("AWS::SecurityHub::AutomationRule", Map.of("Actions", Match.exact(List.of(Map.of(
                "Type", "FINDING_FIELDS_UPDATE",
                "FindingFieldsUpdate", Map.of(
                        "Severity", Map.of("Label", "MEDIUM"),
                        "Types", List.of("Software and Configuration Checks/Industry and Regulatory Standards/"
                                + "CIS AWS Foundations Benchmark"),
                        "UserDefinedFields", fields))))));
    }

    @Test
    void theRulesNameAndTheChosenSeverityCarryThrough() {
        renamedAndHigh.hasResourceProperties("AWS::SecurityHub::AutomationRule", Map.of(
                "RuleName", "setup-keys (CIS 1.11)",
                "Criteria", Map.of("Title", List.of(Map.of("Comparison", "EQUALS", "Value", "setup-keys"),
                        Map.of("Comparison", "PREFIX", "Value", "OrgConfigRule-setup-keys-"),
                        Map.of("Comparison", "PREFIX", "Value", "setup-keys-conformance-pack-"))),
                "Actions", List.of(Map.of("FindingFieldsUpdate", Map.of("Severity", Map.of("Label", "HIGH"))))));
    }

    @Test
    void theCustomActionIsCreatedUpdatedAndDeletedThroughSecurityHubsApi() {
        template.resourceCountIs("Custom::SecurityHubActionTarget", 1);
        template.hasResourceProperties("Custom::SecurityHubActionTarget", Map.of(
                "Create", joined(".*\"action\":\"createActionTarget\",\"service\":\"SecurityHub\",\"parameters\":\\{"
                        + "\"Id\":\"SetupKeysRemediate\",\"Name\":\"Remediate setup keys\",\"Description\":\"Deactivate "
                        + "the unused access keys created at user setup of the selected findings' IAM users \\(AWS Config "
                        + "rule " + RULE + ", CIS AWS Foundations 1.11\\), checked again first\"\\}.*"),
                "Update", joined(".*\"action\":\"updateActionTarget\".*"),
                "Delete", joined(".*\"action\":\"deleteActionTarget\",\"service\":\"SecurityHub\","
                        + "\"ignoreErrorCodesMatching\":\"ResourceNotFoundException\".*"),
                "InstallLatestAwsSdk", false));
        renamedAndHigh.hasResourceProperties("Custom::SecurityHubActionTarget", Map.of(
                "Create", joined(".*\"Description\":\"Delete the unused access keys.*AWS Config rule setup-keys.*")));
    }

    @Test
    void theCustomActionsProviderMayManageCustomActionsOnTheHubAndWriteItsOwnLogsOnly() {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Match.exact(Map.of(
                "Version", "2012-10-17",
                "Statement", List.of(allow("ManageTheCustomAction", Map.of("Fn::Join", List.of("", List.of("arn:",
                                Map.of("Ref", "AWS::Partition"), ":securityhub:", Map.of("Ref", "AWS::Region"), ":",
                                Map.of("Ref", "AWS::AccountId"), ":hub/default"))),
                        List.of("securityhub:CreateActionTarget", "securityhub:DeleteActionTarget",
                                "securityhub:UpdateActionTarget")))))));
        template.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of("Action", "sts:AssumeRole",
                        "Principal", Map.of("Service", "lambda.amazonaws.com")))),
                "ManagedPolicyArns", Match.absent(),
                "Policies", List.of(Map.of("PolicyName", "write-own-logs", "PolicyDocument", Map.of("Statement",
                        List.of(allow("WriteOwnLogs", Map.of("Fn::GetAtt", List.of(
                                Match.stringLikeRegexp("^SecurityHubCustomActionActionTargetProviderLogs"), "Arn")),
                                List.of("logs:CreateLogStream", "logs:PutLogEvents"))))))));
    }

    @Test
    void theCustomActionsEventsAndOnlyThoseStartTheStateMachine() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Match.exact(Map.of(
                        "account", List.of(Map.of("Ref", "AWS::AccountId")),
                        "source", List.of("aws.securityhub"),
                        "detail-type", List.of("Security Hub Findings - Custom Action"),
                        "resources", List.of(ACTION_ARN))),
                "Targets", List.of(Map.of("Id", "Target0", "Arn", Map.of("Ref", STATE_MACHINE),
                        "RoleArn", Map.of("Fn::GetAtt", List.of(
                                Match.stringLikeRegexp("^SecurityHubCustomActionStateMachineEventsRole"), "Arn"))))));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^SecurityHubCustomActionStateMachineEventsRole"))),
                "PolicyDocument", Match.exact(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "states:StartExecution", "Effect", "Allow", "Resource", Map.of("Ref", STATE_MACHINE)))))));
        template.hasOutput("SecurityHubCustomActionArn", Map.of("Value", ACTION_ARN));
    }

    @Test
    void theStateMachineStartsThisStacksDocumentWithItsRoleAndTheRulesParameters() {
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "StateMachineType", "STANDARD",
                "TracingConfiguration", Map.of("Enabled", true),
                "LoggingConfiguration", Map.of("Level", "ALL", "IncludeExecutionData", true),
                "DefinitionString", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                        Match.stringLikeRegexp(".*\"Parameters\":\\{\"DocumentName\":\"$"),
                        Map.of("Ref", "RemediationDocument"),
                        Match.stringLikeRegexp("^\",\"Parameters\":\\{\"IAMResourceId.\\$\":\"States.Array\\(\\$.target.userId\\)\","
                                + "\"AutomationAssumeRole\":\\[\"$"),
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^RemediationRole"), "Arn")),
                        Match.stringLikeRegexp("^\"\\],\"Action\":\\[\"Deactivate\"\\],\"SetupWindowSeconds\":\\[\"3600\"\\],"
                                + "\"RequireNeverUsed\":\\[\"true\"\\],\"IncludeInactiveKeys\":\\[\"false\"\\]\\}\\},.*")))))));
        renamedAndHigh.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "DefinitionString", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Match.stringLikeRegexp(
                        ".*\"Action\":\\[\"Delete\"\\].*\"ExemptTag\":\\[\"break-glass=approved\"\\].*")))))));
    }

    @Test
    void theStateMachineMayStartOnlyThatDocumentAndPassOnlyItsRoleToAutomation() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Principal", Map.of("Service", "states.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))))),
                "RoleName", Match.absent(),
                "Policies", Match.exact(List.of(Map.of("PolicyName", "start-remediation", "PolicyDocument", Map.of(
                        "Version", "2012-10-17",
                        "Statement", List.of(
                                allow("StartTheRemediationDocument", Map.of("Fn::Join", List.of("", List.of("arn:",
                                        Map.of("Ref", "AWS::Partition"), ":ssm:", Map.of("Ref", "AWS::Region"), ":",
                                        Map.of("Ref", "AWS::AccountId"), ":automation-definition/",
                                        Map.of("Ref", "RemediationDocument"), ":*"))), "ssm:StartAutomationExecution"),
                                Map.of("Sid", "PassTheRemediationRoleToAutomation", "Effect", "Allow",
                                        "Action", "iam:PassRole",
                                        "Resource", Map.of("Fn::GetAtt", List.of(
                                                Match.stringLikeRegexp("^RemediationRole"), "Arn")),
                                        "Condition", Map.of("StringEquals",
                                                Map.of("iam:PassedToService", "ssm.amazonaws.com"))))))))));
    }

    @Test
    void cdkNagLeavesNoUnsuppressedErrorOrWarning() {
        assertThat(synthesized.annotations().findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(synthesized.annotations().findWarning("*", Match.anyValue())).isEmpty();
    }

    /** An {@code Fn::Join} with a part matching {@code regex}. */
    static Map<String, Object> joined(String regex) {
        return Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Match.stringLikeRegexp(regex)))));
    }
}
