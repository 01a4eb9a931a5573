package io.github.setupkeys.infra;

import static io.github.setupkeys.infra.Policies.allow;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;

/**
 * The role near-real-time detection uses in a member account (in the member template, with near-real-time on):
 * trusted by the central trigger's role alone, it may start a re-evaluation of the account's copies of the rule and
 * find which rule that copy is, and nothing else. It cannot evaluate, read IAM or change anything: the rule function
 * still does the evaluating, through the execution role, when Config invokes it.
 */
final class MemberReEvaluationRole {

    /** The role's name in every member account; the trigger's policy names it, and only it. */
    static final String ROLE_NAME = "IamUserSetupKeysReEvaluation";
    /** The member template's parameter that names the only principal the role trusts. */
    static final String TRIGGER_ROLE_PARAMETER = "TriggerFunctionRoleArn";

    private MemberReEvaluationRole() {
    }

    static Role addTo(Stack member, DeploymentSettings settings, OrganizationSettings organization) {
        String triggerRoleArn = CfnParameter.Builder.create(member, TRIGGER_ROLE_PARAMETER)
                .type("String")
                .description("ARN of the central near-real-time trigger's role: the only principal the re-evaluation "
                        + "role trusts")
                .allowedPattern("^arn:aws[a-z-]*:iam::\\d{12}:role/\\S+$")
                .build()
                .getValueAsString();
        Role role = Role.Builder.create(member, "ReEvaluationRole")
                .roleName(ROLE_NAME)
                .assumedBy(new ArnPrincipal(triggerRoleArn))
                .description("Assumed by the central near-real-time trigger of the " + settings.ruleName()
                        + " AWS Config rule to re-evaluate this account's copy of it after an IAM credential event")
                .inlinePolicies(Map.of("re-evaluate-rule-copy", PolicyDocument.Builder.create().statements(
                        statements(member, organization)).build()))
                .build();
        CdkNag.suppress(role, "AwsSolutions-IAM5", List.of("Resource::*",
                        "Resource::arn:<AWS::Partition>:config:<AWS::Region>:<AWS::AccountId>:config-rule/"
                                + organization.evaluateWith().copiesPath()),
                "* only for config:DescribeConfigRules, which supports no resource-level permissions (the trigger finds "
                        + "the copy's name with it). config-rule/" + organization.evaluateWith().copiesPath()
                        + " because Config gives the rule's copy in each account a name of its own choosing, under that "
                        + "service-linked path: the wildcard covers only copies Config created, no rule of the "
                        + "account's own.");
        return role;
    }

    /** What the role may do, in {@code stack}'s account and region: exactly what the trigger does there. */
    static List<PolicyStatement> statements(Stack stack,
            OrganizationSettings organization) {
        String ruleCopies = stack.formatArn(ArnComponents.builder().service("config").resource("config-rule")
                .resourceName(organization.evaluateWith().copiesPath()).build());
        return List.of(
                allow("StartReEvaluationOfTheRulesCopy", ruleCopies, "config:StartConfigRulesEvaluation"),
                // No resource-level permissions exist for it (Service Authorization Reference).
                allow("FindTheRulesCopy", "*", "config:DescribeConfigRules"));
    }
}
