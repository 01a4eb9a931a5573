package io.github.setupkeys.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * What every member account of the organization needs, deployed there by the central stack's StackSet: the
 * role the central function assumes to evaluate the account, and the remediation (document and role) under
 * fixed names, so an organization conformance pack can point at them in every account; with near-real-time
 * detection, the role its trigger starts re-evaluations with. Its template is the StackSet's template; it takes the
 * central function's role ARN as a parameter (the trigger's too, with near-real-time detection, and
 * {@link SecurityHubDeployment} may add one more).
 */
public final class MemberAccountStack extends Stack {

    public static final String STACK_ID = "IamUserSetupKeysMemberAccount";
    /** The template parameter that names the only principal the execution role trusts. */
    public static final String FUNCTION_ROLE_PARAMETER = "RuleFunctionRoleArn";
    /** The remediation document's name in every member account. */
    public static final String REMEDIATION_DOCUMENT_NAME = "IamUserSetupKeysRemediation";
    /** The remediation role's name in every member account. */
    public static final String REMEDIATION_ROLE_NAME = "IamUserSetupKeysRemediation";

    private final DeploymentSettings settings;
    private final OrganizationSettings organization;

    /** @param nearRealTime whether the template also holds near-real-time detection's {@link MemberReEvaluationRole} */
    public MemberAccountStack(Construct scope, DeploymentSettings settings, OrganizationSettings organization,
            boolean nearRealTime) {
        super(scope, STACK_ID, StackProps.builder()
                .description("Member account of the AWS Config rule " + settings.ruleName() + " (CIS 1.11): the role "
                        + "its central function assumes here, and its remediation")
                .analyticsReporting(false)
                // Deployed by a StackSet, not by the CDK: no bootstrap stack to check for.
                .synthesizer(DefaultStackSynthesizer.Builder.create().generateBootstrapVersionRule(false).build())
                .build());
        this.settings = settings;
        this.organization = organization;

        executionRole(functionRoleArn());
        if (nearRealTime) {
            MemberReEvaluationRole.addTo(this, settings, organization);
        }
        Role remediationRole = Remediation.role(this, "RemediationRole", settings, REMEDIATION_ROLE_NAME);
        Remediation.document(this, "RemediationDocument", settings, REMEDIATION_DOCUMENT_NAME,
                remediationRole.getRoleArn());
    }

    private String functionRoleArn() {
        return CfnParameter.Builder.create(this, FUNCTION_ROLE_PARAMETER)
                .type("String")
                .description("ARN of the central rule function's role: the only principal the execution role trusts")
                .allowedPattern("^arn:aws[a-z-]*:iam::\\d{12}:role/\\S+$")
                .build()
                .getValueAsString();
    }

    /**
     * The role the central function assumes here: trusted by that function's role alone, allowed exactly the
     * calls the rule makes in this account, including reading its own earlier results.
     */
    private void executionRole(String functionRoleArn) {
        // The rule's copy in this account has a name Config chooses, under the path of the service that made it.
        String ruleCopies = formatArn(ArnComponents.builder().service("config").resource("config-rule")
                .resourceName(organization.evaluateWith().copiesPath()).build());
        List<PolicyStatement> statements = new ArrayList<>(Policies.evaluateIamUsers(RuleFunction.everyUser(this)));
        statements.add(Policies.allow("ReadOwnResults", ruleCopies, "config:GetComplianceDetailsByConfigRule"));
        Role role = Role.Builder.create(this, "ExecutionRole")
                .roleName(organization.executionRoleName())
                .assumedBy(new ArnPrincipal(functionRoleArn))
                .description("Assumed by the central function of the " + settings.ruleName()
                        + " AWS Config rule to evaluate this account's IAM users (CIS AWS Foundations 1.11)")
                .inlinePolicies(Map.of("evaluate-iam-users", PolicyDocument.Builder.create().statements(statements).build()))
                .build();
        CdkNag.suppress(role, "AwsSolutions-IAM5", List.of("Resource::*",
                        "Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*",
                        "Resource::arn:<AWS::Partition>:config:<AWS::Region>:<AWS::AccountId>:config-rule/"
                                + organization.evaluateWith().copiesPath()),
                Policies.EVALUATE_USERS_RESOURCES_REASON + " config-rule/" + organization.evaluateWith().copiesPath()
                        + " because Config gives the rule's copy in each account a name of its own choosing, under that "
                        + "service-linked path: the wildcard covers only copies Config created, no rule of the "
                        + "account's own.");
    }
}
