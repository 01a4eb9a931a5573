package io.github.setupkeys.infra;

import io.github.setupkeys.rule.config.ConfigInvocationParser;
import io.github.setupkeys.rule.domain.RuleMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.amazon.awscdk.services.config.CfnOrganizationConfigRule;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.constructs.Construct;

/**
 * The organization deployment's central account (the management account or a delegated administrator), in the
 * one region that evaluates IAM: the rule function with its role, which may also assume the member execution
 * role; the permission for AWS Config of the member accounts to invoke it; the service-managed StackSet that
 * puts {@link MemberAccountStack} into every account of the chosen organizational units, including accounts
 * that join later; unless an organization conformance pack carries the rule instead, the organization
 * Config rule; and, unless {@code nearRealTime=false}, near-real-time detection for every member account
 * ({@link OrganizationNearRealTime}).
 */
public final class OrganizationStack extends Stack {

    /** The StackSet's name (it cannot change once created). */
    public static final String STACK_SET_NAME = "IamUserSetupKeysMemberAccounts";

    private final DeploymentSettings settings;
    private final OrganizationSettings organization;
    private final CfnStackSet memberAccounts;

    /**
     * @param nearRealTime whether and how near-real-time detection is deployed ({@link OrganizationNearRealTime})
     * @param memberEventForwardingTemplate with near-real-time detection, the {@link MemberEventForwardingStack}
     *     template its StackSet carries; otherwise null
     */
    public OrganizationStack(Construct scope, String id, DeploymentSettings settings,
            OrganizationSettings organization, FailureSettings failures, OrganizationNearRealTimeSettings nearRealTime,
            Object memberAccountTemplate, Object memberEventForwardingTemplate, StackProps props) {
        super(scope, id, props);
        this.settings = settings;
        this.organization = organization;

        RuleFunction ruleFunction = new RuleFunction(this, settings);
        FailureWatch failureWatch = new FailureWatch(this, failures);
        failureWatch.ruleFunction(this, ruleFunction);
        evaluateOrganization(ruleFunction.role());
        List<CfnPermission> configInvokes = configInvokes(ruleFunction.alias());
        Optional<OrganizationNearRealTime> trigger = nearRealTime.enabled()
                ? Optional.of(new OrganizationNearRealTime(this, "NearRealTime", settings, organization, nearRealTime,
                        ruleFunction.alias(), failureWatch, toJsonString(memberEventForwardingTemplate)))
                : Optional.empty();
        this.memberAccounts = memberAccounts(ruleFunction.role(), trigger.map(OrganizationNearRealTime::role),
                toJsonString(memberAccountTemplate));
        if (organization.evaluateWith() == OrganizationSettings.Evaluation.ORGANIZATION_RULE) {
            CfnOrganizationConfigRule rule = organizationRule(ruleFunction.alias());
            configInvokes.forEach(rule::addResourceDependency);
            // Evaluate only once every member account has the role the function assumes there.
            rule.addResourceDependency(memberAccounts);
            output("OrganizationRuleName", "Organization AWS Config rule name", rule.getRef());
        }
        output("FunctionAliasArn", "ARN of the function alias the rule invokes", ruleFunction.alias().getFunctionArn());
        output("FunctionRoleArn", "ARN of the function's role, the one principal member execution roles trust",
                ruleFunction.role().getRoleArn());
        output("MemberStackSetId", "StackSet that deploys the member-account template", memberAccounts.getRef());
        trigger.ifPresent(nearRealTimeTrigger -> {
            output("CredentialEventBusArn", "Event bus the member accounts forward their IAM credential events to",
                    nearRealTimeTrigger.bus().getEventBusArn());
            output("TriggerFunctionRoleArn", "ARN of the trigger's role, the one principal member re-evaluation roles "
                    + "trust", nearRealTimeTrigger.role().getRoleArn());
            output("EventForwardingStackSetId", "StackSet that deploys the member accounts' event forwarding (us-east-1)",
                    nearRealTimeTrigger.forwarding().getRef());
        });
    }

    /** The StackSet of the member template, for what else the app adds to that template (its parameters). */
    public CfnStackSet memberAccounts() {
        return memberAccounts;
    }

    /**
     * Beyond its own account the function may only assume the member execution role, by name, in accounts of
     * this organization (IAM refuses the role of that name in any other account, whoever invoked the function and
     * whatever the role trusts), and read the results its rule's copy stored here earlier.
     */
    private void evaluateOrganization(Role role) {
        String executionRoles = formatArn(ArnComponents.builder().service("iam").region("").account("*")
                .resource("role").resourceName(organization.executionRoleName()).build());
        String ruleCopies = formatArn(ArnComponents.builder().service("config").resource("config-rule")
                .resourceName(organization.evaluateWith().copiesPath()).build());
        Policy policy = Policy.Builder.create(this, "EvaluateOrganization")
                .roles(List.of(role))
                .statements(List.of(
                        Policies.assumeRoleInOrganization("AssumeMemberExecutionRole", executionRoles,
                                organization.organizationId()),
                        Policies.allow("ReadOwnResults", ruleCopies, "config:GetComplianceDetailsByConfigRule")))
                .build();
        CdkNag.suppress(policy, "AwsSolutions-IAM5", List.of(
                        "Resource::arn:<AWS::Partition>:iam::*:role/" + organization.executionRoleName(),
                        "Resource::arn:<AWS::Partition>:config:" + getRegion() + ":<AWS::AccountId>:config-rule/"
                                + organization.evaluateWith().copiesPath()),
                "iam::*:role/" + organization.executionRoleName() + " because the function evaluates every member "
                        + "account through the role of that one name, and accounts join the organization later; "
                        + "aws:ResourceOrgID limits it to the organization's accounts. config-rule/"
                        + organization.evaluateWith().copiesPath() + " because Config gives the rule's copy in this "
                        + "account a name of its own choosing, under that service-linked path: the wildcard covers "
                        + "only copies Config created, no rule of the account's own.");
    }

    /**
     * Config of the accounts that run the rule may invoke the alias. Lambda's permissions offer a service
     * principal two conditions, SourceAccount (one account) and SourceArn (one rule, whose ARN Config picks in
     * each account); PrincipalOrgID never matches a service principal, which belongs to no organization. So
     * either one permission per listed account, or Config of any account: the only form that follows accounts
     * joining the organization. The function acts only on accounts whose execution role trusts its role.
     */
    private List<CfnPermission> configInvokes(Alias function) {
        List<CfnPermission> permissions = new ArrayList<>();
        if (organization.sourceAccounts().isEmpty()) {
            permissions.add(invokePermission("ConfigInvokesRuleFunction", function, null));
        }
        for (String account : organization.sourceAccounts()) {
            permissions.add(invokePermission("ConfigInvokesRuleFunctionFrom" + account, function, account));
        }
        return permissions;
    }

    private CfnPermission invokePermission(String id, Alias function, String sourceAccount) {
        return CfnPermission.Builder.create(this, id)
                .action("lambda:InvokeFunction")
                .functionName(function.getFunctionArn())
                .principal("config.amazonaws.com")
                .sourceAccount(sourceAccount)
                .build();
    }

    /**
     * The member accounts' StackSet, in the evaluation region. With near-real-time detection its template also
     * holds the re-evaluation role, trusted by the trigger's role.
     */
    private CfnStackSet memberAccounts(Role functionRole, Optional<Role> triggerRole, String templateBody) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(MemberAccountStack.FUNCTION_ROLE_PARAMETER, functionRole.getRoleArn());
        triggerRole.ifPresent(role -> parameters.put(MemberReEvaluationRole.TRIGGER_ROLE_PARAMETER, role.getRoleArn()));
        return ServiceManagedStackSet.create(this, "MemberAccounts", organization, new ServiceManagedStackSet.Spec(
                STACK_SET_NAME, "Member accounts of the AWS Config rule " + settings.ruleName() + " (CIS 1.11): the role "
                        + "its central function assumes, and its remediation",
                organization.excludedAccounts(),
                // IAM is global: its evaluation, and the member roles, belong to one region.
                organization.evaluationRegion(), "CAPABILITY_NAMED_IAM", parameters, templateBody));
    }

    private CfnOrganizationConfigRule organizationRule(Alias function) {
        Map<String, String> parameters = new LinkedHashMap<>(settings.configRuleParameters());
        parameters.put(ConfigInvocationParser.EXECUTION_ROLE_NAME, organization.executionRoleName());
        CfnOrganizationConfigRule.Builder rule = CfnOrganizationConfigRule.Builder.create(this, "OrganizationConfigRule")
                .organizationConfigRuleName(settings.ruleName())
                .organizationCustomRuleMetadata(CfnOrganizationConfigRule.OrganizationCustomRuleMetadataProperty.builder()
                        .description(RuleMetadata.DESCRIPTION)
                        .lambdaFunctionArn(function.getFunctionArn())
                        .organizationConfigRuleTriggerTypes(RuleTriggers.ALL)
                        .maximumExecutionFrequency(settings.maximumExecutionFrequency())
                        .resourceTypesScope(List.of(RuleMetadata.RESOURCE_TYPE))
                        .inputParameters(toJsonString(parameters))
                        .build());
        if (!organization.excludedAccounts().isEmpty()) {
            rule.excludedAccounts(organization.excludedAccounts());
        }
        return rule.build();
    }

    private void output(String id, String description, String value) {
        CfnOutput.Builder.create(this, id).description(description).value(value).build();
    }
}
