package io.github.setupkeys.infra;

import static io.github.setupkeys.infra.ExpectedPolicy.allow;
import static io.github.setupkeys.infra.SecurityHubStackTest.joined;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code -c securityHub=true} in an organization: the automation rule and the custom action in the central account
 * (or, with {@code -c securityHubAccount}, in a stack of their own for the Security Hub administrator account), the
 * state machine starting each finding's remediation in its own account through a starter role the member template
 * adds, trusted by the state machine's role alone.
 */
class SecurityHubOrganizationTest {

    /** The near-real-time trigger's role, which the member StackSet passes too (near-real-time is on by default). */
    private static final Map<String, Object> TRIGGER_ROLE_PARAMETER = Map.of("ParameterKey", "TriggerFunctionRoleArn",
            "ParameterValue", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^NearRealTimeTriggerFunctionRole"),
                    "Arn")));

    private static final String ACCOUNT = "444455556666";
    private static SynthesizedOrganization central;
    private static SynthesizedOrganization withoutSecurityHub;
    private static Stack ownStack;
    private static Template ownTemplate;
    private static Template centralBeside;

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) {
        central = SynthesizedOrganization.synthesize(Map.of("securityHub", "true"), workDirectory.resolve("central"));
        withoutSecurityHub = SynthesizedOrganization.synthesize(Map.of(), workDirectory.resolve("off"));
        Path own = workDirectory.resolve("own");
        App app = new App(AppProps.builder().outdir(own.resolve("cdk.out").toString())
                .context(SynthesizedOrganization.withDefaults(Map.of("securityHub", "true", "securityHubAccount", ACCOUNT,
                        "securityHubSeverity", "CRITICAL"), own))
                .build());
        OrganizationStack centralStack = OrganizationApp.define(app);
        centralBeside = Template.fromStack(centralStack);
        ownStack = (Stack) app.getNode().findChild(SecurityHubDeployment.STACK_ID);
        ownTemplate = Template.fromStack(ownStack);
    }

    @Test
    void theCentralAccountGetsTheAutomationRuleNamingTheMembersDocument() {
        central.central().resourceCountIs("AWS::SecurityHub::AutomationRule", 1);
        central.central().hasResourceProperties("AWS::SecurityHub::AutomationRule", Map.of(
                "Actions", List.of(Map.of("FindingFieldsUpdate", Map.of(
                        "Severity", Map.of("Label", "MEDIUM"),
                        "UserDefinedFields", Map.of("RemediationDocument", MemberAccountStack.REMEDIATION_DOCUMENT_NAME,
                                "CIS v1.3.0-v4.0.x", "1.11"))))));
        central.central().resourceCountIs("Custom::SecurityHubActionTarget", 1);
    }

    @Test
    void theStateMachineStartsTheDocumentInTheFindingsAccountThroughItsStarterRole() {
        central.central().hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of("DefinitionString", joined(
                ".*\"Credentials\":\\{\"RoleArn.\\$\":\"States.Format\\('arn:$")));
        central.central().hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of("DefinitionString", joined(
                "^:iam::\\{\\}:role/IamUserSetupKeysRemediationStarter', \\$.AwsAccountId\\)\"\\}.*")));
        central.central().hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of("DefinitionString", joined(
                ".*\"DocumentName\":\"IamUserSetupKeysRemediation\".*")));
        central.central().hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of("DefinitionString", joined(
                "^:iam::\\{\\}:role/IamUserSetupKeysRemediation', \\$.AwsAccountId\\)\\)\",\"Action\":\\[\"Deactivate\"\\].*")));
    }

    @Test
    void theStateMachinesRoleIsNamedAndMayOnlyAssumeStarterRoles() {
        central.central().hasResourceProperties("AWS::IAM::Role", Map.of(
                "RoleName", "IamUserSetupKeysSecurityHubRemediation",
                "Policies", Match.exact(List.of(Map.of("PolicyName", "start-remediation", "PolicyDocument", Map.of(
                        "Version", "2012-10-17",
                        "Statement", List.of(Map.of("Sid", "AssumeTheFindingsAccountsStarterRole", "Effect", "Allow",
                                "Action", "sts:AssumeRole",
                                "Resource", join("arn:", Map.of("Ref", "AWS::Partition"),
                                        ":iam::*:role/IamUserSetupKeysRemediationStarter"),
                                "Condition", Map.of("StringEquals", Map.of("aws:ResourceOrgID",
                                        SynthesizedOrganization.ORGANIZATION_ID))))))))));
    }

    @Test
    void theStackSetTellsTheMembersWhichAccountsStateMachineToTrust() {
        central.central().hasResourceProperties("AWS::CloudFormation::StackSet", Map.of("Parameters", Match.exact(List.of(
                Map.of("ParameterKey", "RuleFunctionRoleArn", "ParameterValue",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^RuleFunctionRole"), "Arn"))),
                TRIGGER_ROLE_PARAMETER,
                Map.of("ParameterKey", "SecurityHubAccountId", "ParameterValue", Map.of("Ref", "AWS::AccountId"))))));
        centralBeside.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of("Parameters", Match.arrayWith(List.of(
                Map.of("ParameterKey", "SecurityHubAccountId", "ParameterValue", ACCOUNT)))));
    }

    @Test
    void eachMemberMayBeAskedToStartItsRemediationByThatStateMachineRoleOnly() {
        Map<String, Object> account = Map.of("Ref", "SecurityHubAccountId");
        Map<String, Object> partition = Map.of("Ref", "AWS::Partition");
        Map<String, Object> trust = Map.of(
                "Action", "sts:AssumeRole", "Effect", "Allow",
                "Principal", Map.of("AWS", join("arn:", partition, ":iam::", account, ":root")),
                "Condition", Map.of("ArnEquals", Map.of("aws:PrincipalArn",
                        join("arn:", partition, ":iam::", account, ":role/IamUserSetupKeysSecurityHubRemediation"))));
        Map<String, Object> start = allow("StartTheRemediationDocument", join("arn:", partition, ":ssm:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"),
                ":automation-definition/IamUserSetupKeysRemediation:*"), "ssm:StartAutomationExecution");
        Map<String, Object> pass = Map.of("Sid", "PassTheRemediationRoleToAutomation", "Effect", "Allow",
                "Action", "iam:PassRole",
                "Resource", join("arn:", partition, ":iam::", Map.of("Ref", "AWS::AccountId"),
                        ":role/IamUserSetupKeysRemediation"),
                "Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "ssm.amazonaws.com")));

        central.member().hasParameter("SecurityHubAccountId", Map.of("Type", "String", "AllowedPattern", "^\\d{12}$"));
        central.member().hasResourceProperties("AWS::IAM::Role", Map.of(
                "RoleName", "IamUserSetupKeysRemediationStarter",
                "AssumeRolePolicyDocument", Match.exact(Map.of("Version", "2012-10-17", "Statement", List.of(trust))),
                "Policies", Match.exact(List.of(Map.of("PolicyName", "start-remediation",
                        "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(start, pass)))))));
    }

    private static Map<String, Object> join(Object... parts) {
        return Map.of("Fn::Join", List.of("", List.of(parts)));
    }

    @Test
    void anotherSecurityHubAccountGetsAStackOfItsOwnInTheEvaluationRegion() {
        assertThat(ownStack.getAccount()).isEqualTo(ACCOUNT);
        assertThat(ownStack.getRegion()).isEqualTo(SynthesizedOrganization.REGION);
        ownTemplate.resourceCountIs("AWS::SecurityHub::AutomationRule", 1);
        ownTemplate.hasResourceProperties("AWS::SecurityHub::AutomationRule", Map.of(
                "Actions", List.of(Map.of("FindingFieldsUpdate", Map.of("Severity", Map.of("Label", "CRITICAL"))))));
        ownTemplate.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
        centralBeside.resourceCountIs("AWS::SecurityHub::AutomationRule", 0);
        centralBeside.resourceCountIs("AWS::StepFunctions::StateMachine", 0);
    }

    @Test
    void withoutTheSwitchTheMemberTemplateAndStackSetAreAsBefore() {
        // The execution, remediation and near-real-time re-evaluation roles.
        withoutSecurityHub.member().resourceCountIs("AWS::IAM::Role", 3);
        assertThat(withoutSecurityHub.member().findParameters("SecurityHubAccountId", Match.anyValue())).isEmpty();
        withoutSecurityHub.central().hasResourceProperties("AWS::CloudFormation::StackSet", Map.of("Parameters",
                Match.exact(List.of(Map.of("ParameterKey", "RuleFunctionRoleArn", "ParameterValue",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^RuleFunctionRole"), "Arn"))),
                        TRIGGER_ROLE_PARAMETER))));
        withoutSecurityHub.central().resourceCountIs("AWS::SecurityHub::AutomationRule", 0);
    }

    @Test
    void cdkNagLeavesNoUnsuppressedErrorOrWarningOnAnyStack() {
        for (Annotations annotations : List.of(central.centralAnnotations(), central.memberAnnotations(),
                Annotations.fromStack(ownStack))) {
            assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
            assertThat(annotations.findWarning("*", Match.anyValue())).isEmpty();
        }
    }
}
