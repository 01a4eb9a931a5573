package io.github.setupkeys.infra;

import io.github.setupkeys.rule.config.ConfigInvocationParser;
import io.github.setupkeys.rule.domain.RuleMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.amazon.awscdk.services.config.CfnOrganizationConfigRule;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.constructs.Construct;

/**
 * The organization deployment's central account (the management account or a delegated administrator), in the
 * one region that evaluates IAM: the rule function with its role, which may also assume the member execution
 * role; the permission for AWS Config of the member accounts to invoke it; the service-managed StackSet that
 * puts {@link MemberAccountStack} into every account of the chosen organizational units, including accounts
 * that join later; and, unless an organization conformance pack carries the rule instead, the organization
 * Config rule.
 */
public final class OrganizationStack extends Stack {

    /** The StackSet's name (it cannot change once created). */
    public static final String STACK_SET_NAME = "IamUserSetupKeysMemberAccounts";

    /**
     * StackSet operations: a quarter of the accounts at a time, and the operation stops once a tenth of them
     * fail, rather than rolling a broken template out to every account.
     */
    static final int MAX_CONCURRENT_PERCENT = 25;
    static final int FAILURE_TOLERANCE_PERCENT = 10;

    private final DeploymentSettings settings;
    private final OrganizationSettings organization;
    private final CfnStackSet memberAccounts;

    public OrganizationStack(Construct scope, String id, DeploymentSettings settings,
            OrganizationSettings organization, FailureSettings failures, Object memberAccountTemplate,
            StackProps props) {
        super(scope, id, props);
        this.settings = settings;
        this.organization = organization;

        RuleFunction ruleFunction = new RuleFunction(this, settings);
        new FailureWatch(this, failures).ruleFunction(this, ruleFunction);
        evaluateOrganization(ruleFunction.role());
        List<CfnPermission> configInvokes = configInvokes(ruleFunction.alias());
        this.memberAccounts = memberAccounts(ruleFunction.role(), toJsonString(memberAccountTemplate));
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
                        assumeRoleInOrganization(executionRoles),
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
     * {@code sts:AssumeRole} on {@code roles}, only where the role belongs to this organization. StringEquals, not
     * ...IfExists: a role in an account outside any organization has no aws:ResourceOrgID, and is refused.
     */
    private PolicyStatement assumeRoleInOrganization(String roles) {
        return PolicyStatement.Builder.create()
                .sid("AssumeMemberExecutionRole")
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of(roles))
                .conditions(Map.of("StringEquals", Map.of("aws:ResourceOrgID", organization.organizationId())))
                .build();
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

    /** The service-managed StackSet: every account of the organizational units, now and later, in one region. */
    private CfnStackSet memberAccounts(Role functionRole, String templateBody) {
        CfnStackSet.DeploymentTargetsProperty.Builder targets = CfnStackSet.DeploymentTargetsProperty.builder()
                .organizationalUnitIds(organization.organizationalUnitIds());
        if (!organization.excludedAccounts().isEmpty()) {
            targets.accountFilterType("DIFFERENCE").accounts(organization.excludedAccounts());
        }
        return CfnStackSet.Builder.create(this, "MemberAccounts")
                .stackSetName(STACK_SET_NAME)
                .description("Member accounts of the AWS Config rule " + settings.ruleName() + " (CIS 1.11): the role "
                        + "its central function assumes, and its remediation")
                .permissionModel("SERVICE_MANAGED")
                .callAs(organization.centralAccount().callAs())
                .autoDeployment(CfnStackSet.AutoDeploymentProperty.builder()
                        .enabled(true)
                        .retainStacksOnAccountRemoval(false)
                        .build())
                .capabilities(List.of("CAPABILITY_NAMED_IAM"))
                .operationPreferences(CfnStackSet.OperationPreferencesProperty.builder()
                        .maxConcurrentPercentage(MAX_CONCURRENT_PERCENT)
                        .failureTolerancePercentage(FAILURE_TOLERANCE_PERCENT)
                        .build())
                .parameters(List.of(CfnStackSet.ParameterProperty.builder()
                        .parameterKey(MemberAccountStack.FUNCTION_ROLE_PARAMETER)
                        .parameterValue(functionRole.getRoleArn())
                        .build()))
                .stackInstancesGroup(List.of(CfnStackSet.StackInstancesProperty.builder()
                        .deploymentTargets(targets.build())
                        // IAM is global: its evaluation, and the member roles, belong to one region.
                        .regions(List.of(organization.evaluationRegion()))
                        .build()))
                .templateBody(templateBody)
                .build();
    }

    private CfnOrganizationConfigRule organizationRule(Alias function) {
        Map<String, String> parameters = new LinkedHashMap<>(settings.ruleParameters().toMap());
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
