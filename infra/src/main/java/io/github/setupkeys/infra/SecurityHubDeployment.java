package io.github.setupkeys.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * Adds the Security Hub integration to the app when the context asks for it ({@code -c securityHub=true}): the
 * automation rule ({@link FindingEnrichment}) and the custom action ({@link CustomActionRemediation}), in the rule's own
 * stack for one account; for an organization, in the Security Hub administrator account (the central stack, or a stack
 * of their own with {@code -c securityHubAccount=…}), plus, in every member account, the role through which the
 * custom action starts the remediation there.
 */
public final class SecurityHubDeployment {

    /** The stack of its own, when the Security Hub administrator account is not the central account. */
    public static final String STACK_ID = "IamUserSetupKeysSecurityHub";
    /** The member template's parameter naming the account the custom action's state machine runs in. */
    public static final String SECURITY_HUB_ACCOUNT_PARAMETER = "SecurityHubAccountId";

    private SecurityHubDeployment() {
    }

    /** One account: everything in the rule's stack, starting that stack's own remediation document. */
    public static SecurityHubSettings addTo(App app, SetupKeysStack stack, DeploymentSettings settings) {
        SecurityHubSettings securityHub = SecurityHubSettings.fromContext(app.getNode()::tryGetContext, false);
        if (securityHub.enabled()) {
            integration(stack, settings, securityHub, stack.remediationDocument().getRef(),
                    new CustomActionRemediation.Target.OwnAccount(stack.remediationDocument(), stack.remediationRole()));
        }
        return securityHub;
    }

    /**
     * An organization's member template, before it is synthesized: the role that may start the remediation in the
     * member account, trusted by the custom action's state machine role only.
     */
    public static SecurityHubSettings addToMembers(App app, MemberAccountStack member) {
        SecurityHubSettings securityHub = SecurityHubSettings.fromContext(app.getNode()::tryGetContext, true);
        if (securityHub.enabled()) {
            starterRole(member);
        }
        return securityHub;
    }

    /**
     * An organization's Security Hub administrator account: the central stack, or a stack of its own pinned to that
     * account and the evaluation region; and the StackSet's value for the member template's parameter.
     */
    public static void addToOrganization(App app, OrganizationStack central, DeploymentSettings settings,
            OrganizationSettings organization, SecurityHubSettings securityHub) {
        if (!securityHub.enabled()) {
            return;
        }
        Stack stack = central;
        if (securityHub.account().isPresent()) {
            stack = new Stack(app, STACK_ID, StackProps.builder()
                    .description("Security Hub integration of the AWS Config organization rule " + settings.ruleName()
                            + " (CIS 1.11): automation rule and custom action, in the Security Hub administrator account")
                    .env(Environment.builder().account(securityHub.account().get())
                            .region(organization.evaluationRegion()).build())
                    .analyticsReporting(false)
                    .build());
            Aspects.of(stack).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        }
        integration(stack, settings, securityHub, MemberAccountStack.REMEDIATION_DOCUMENT_NAME,
                new CustomActionRemediation.Target.MemberAccounts(organization.organizationId()));
        stackSetParameter(central.memberAccounts(), securityHub.account().orElse(Aws.ACCOUNT_ID));
    }

    private static void integration(Stack stack, DeploymentSettings settings, SecurityHubSettings securityHub,
            String remediationDocument, CustomActionRemediation.Target target) {
        Construct scope = new Construct(stack, "SecurityHub");
        FindingEnrichment.automationRule(scope, "AutomationRule", settings.ruleName(), securityHub.severity(),
                remediationDocument);
        CustomActionRemediation action = new CustomActionRemediation(scope, "CustomAction", settings, target);
        CfnOutput.Builder.create(stack, "SecurityHubCustomActionArn")
                .description("Security Hub custom action '" + CustomActionRemediation.ACTION_NAME + "'")
                .value(action.actionArn())
                .build();
        CfnOutput.Builder.create(stack, "SecurityHubStateMachineArn")
                .description("State machine that remediates the findings chosen with the custom action")
                .value(action.stateMachine().getStateMachineArn())
                .build();
    }

    /**
     * Trusted by the state machine role of the Security Hub account (its account as principal, the role's ARN as
     * condition: IAM accepts that before the role exists, whichever stack is deployed first), allowed to start the
     * member's remediation document with the member's remediation role, and nothing else.
     */
    private static void starterRole(MemberAccountStack member) {
        String account = CfnParameter.Builder.create(member, SECURITY_HUB_ACCOUNT_PARAMETER)
                .type("String")
                .description("The Security Hub administrator account, whose custom action starts remediations here")
                .allowedPattern("^\\d{12}$")
                .build()
                .getValueAsString();
        String stateMachineRole = "arn:" + Aws.PARTITION + ":iam::" + account + ":role/"
                + CustomActionRemediation.ORGANIZATION_ROLE_NAME;
        String document = member.formatArn(ArnComponents.builder().service("ssm").resource("automation-definition")
                .resourceName(MemberAccountStack.REMEDIATION_DOCUMENT_NAME + ":*").build());
        String remediationRole = member.formatArn(ArnComponents.builder().service("iam").region("").resource("role")
                .resourceName(MemberAccountStack.REMEDIATION_ROLE_NAME).build());
        Role role = Role.Builder.create(member, "RemediationStarterRole")
                .roleName(CustomActionRemediation.MEMBER_STARTER_ROLE_NAME)
                .assumedBy(new AccountPrincipal(account).withConditions(Map.of("ArnEquals",
                        Map.of("aws:PrincipalArn", stateMachineRole))))
                .description("Assumed by the Security Hub custom action's state machine to start the remediation of "
                        + "a finding in this account")
                .inlinePolicies(Map.of("start-remediation", PolicyDocument.Builder.create().statements(List.of(
                        Policies.allow("StartTheRemediationDocument", document, "ssm:StartAutomationExecution"),
                        PolicyStatement.Builder.create().sid("PassTheRemediationRoleToAutomation")
                                .actions(List.of("iam:PassRole"))
                                .resources(List.of(remediationRole))
                                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ssm.amazonaws.com")))
                                .build()))
                        .build()))
                .build();
        CdkNag.suppress(role, "AwsSolutions-IAM5", List.of("Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:"
                + "<AWS::AccountId>:automation-definition/" + MemberAccountStack.REMEDIATION_DOCUMENT_NAME + ":*"),
                "every version of the one remediation document: Automation authorizes a start on the document's "
                        + "version");
    }

    /** The StackSet passes the Security Hub account to the member template, next to the parameters it had. */
    private static void stackSetParameter(CfnStackSet stackSet, String account) {
        List<Object> parameters = new ArrayList<>((List<?>) stackSet.getParameters());
        parameters.add(CfnStackSet.ParameterProperty.builder()
                .parameterKey(SECURITY_HUB_ACCOUNT_PARAMETER)
                .parameterValue(account)
                .build());
        stackSet.setParameters(parameters);
    }
}
