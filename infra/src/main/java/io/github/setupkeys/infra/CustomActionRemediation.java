package io.github.setupkeys.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.ssm.CfnDocument;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * A Security Hub custom action that remediates findings of this rule from the Security Hub console: choosing it on
 * selected findings sends one EventBridge event (Security Hub sends one per finding; the state machine takes any
 * number), whose rule starts a state machine that, for each finding of this rule, takes the IAM user's id from it and
 * starts the remediation document with the remediation role and the rule's own parameters. Findings of other rules
 * (and, in one account, of other accounts) are passed over; a finding of this rule without a user id fails the run,
 * saying so.
 *
 * <p>There is no CloudFormation resource for a custom action, so a custom resource creates it through the Security Hub
 * API ({@code CreateActionTarget}), as AWS's own Automated Security Response does. Its ARN is fixed by its id, so the
 * EventBridge rule names it without waiting for it.
 */
final class CustomActionRemediation extends Construct {

    /** Up to 20 characters, as Security Hub shows it in the Actions menu. */
    static final String ACTION_NAME = "Remediate setup keys";
    /** Up to 20 letters and digits, unique in the account and region. */
    static final String ACTION_ID = "SetupKeysRemediate";
    static final String EVENT_SOURCE = "aws.securityhub";
    static final String EVENT_DETAIL_TYPE = "Security Hub Findings - Custom Action";
    /** The state machine's role in an organization, named so that member accounts can trust it before it exists. */
    static final String ORGANIZATION_ROLE_NAME = "IamUserSetupKeysSecurityHubRemediation";
    /** The role in each member account that may start the remediation there, and nothing else. */
    static final String MEMBER_STARTER_ROLE_NAME = "IamUserSetupKeysRemediationStarter";
    /** Security Hub sends up to 20 findings a choice; a few at a time keep within SSM's and IAM's rates. */
    static final int MAX_CONCURRENCY = 5;
    static final Duration TIMEOUT = Duration.minutes(5);

    /** Where the remediation document runs for a finding, and how the state machine gets there. */
    sealed interface Target permits Target.OwnAccount, Target.MemberAccounts {

        /** One account: its own document and role; findings of other accounts are passed over. */
        record OwnAccount(CfnDocument document, IRole automationRole) implements Target {
        }

        /**
         * An organization: each finding's own account, whose member template holds the document, the remediation
         * role and the starter role under fixed names; only accounts of {@code organizationId}.
         */
        record MemberAccounts(String organizationId) implements Target {
        }
    }

    private final String actionArn;
    private final StateMachine stateMachine;

    CustomActionRemediation(Construct scope, String id, DeploymentSettings settings, Target target) {
        super(scope, id);
        Stack stack = Stack.of(this);
        this.actionArn = stack.formatArn(ArnComponents.builder().service("securityhub").resource("action")
                .resourceName("custom/" + ACTION_ID).build());
        actionTarget(stack, settings);
        this.stateMachine = stateMachine(stack, settings, target);
        Rule.Builder.create(this, "CustomActionEvents")
                .description("Security Hub's custom action '" + ACTION_NAME + "', to the state machine that remediates "
                        + "the selected findings of " + settings.ruleName())
                .eventPattern(EventPattern.builder()
                        // This account's events only, as every event rule of the project binds them.
                        .account(List.of(stack.getAccount()))
                        .source(List.of(EVENT_SOURCE))
                        .detailType(List.of(EVENT_DETAIL_TYPE))
                        .resources(List.of(actionArn))
                        .build())
                .targets(List.of(new SfnStateMachine(stateMachine)))
                .build();
    }

    String actionArn() {
        return actionArn;
    }

    StateMachine stateMachine() {
        return stateMachine;
    }

    private void actionTarget(Stack stack, DeploymentSettings settings) {
        String description = settings.remediationAction() + " the unused access keys created at user setup of the "
                + "selected findings' IAM users (AWS Config rule " + settings.ruleName() + ", CIS AWS Foundations "
                + "1.11), checked again first";
        String hub = stack.formatArn(ArnComponents.builder().service("securityhub").resource("hub")
                .resourceName("default").build());
        // The CDK's provider function otherwise gets a role with a managed policy for its logs: this one writes its
        // own log group only, and the custom resource adds the three Security Hub calls to it.
        LogGroup logs = LogGroup.Builder.create(this, "ActionTargetProviderLogs")
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Role providerRole = Role.Builder.create(this, "ActionTargetProviderRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Creates, updates and deletes the Security Hub custom action '" + ACTION_NAME + "'")
                .inlinePolicies(Map.of("write-own-logs", PolicyDocument.Builder.create().statements(List.of(
                        Policies.allow("WriteOwnLogs", logs.getLogGroupArn(), "logs:CreateLogStream",
                                "logs:PutLogEvents"))).build()))
                .build();
        AwsCustomResource target = AwsCustomResource.Builder.create(this, "ActionTarget")
                .role(providerRole)
                .logGroup(logs)
                .resourceType("Custom::SecurityHubActionTarget")
                .onCreate(call("createActionTarget", ordered("Id", ACTION_ID, "Name", ACTION_NAME,
                        "Description", description)))
                .onUpdate(call("updateActionTarget", ordered("ActionTargetArn", actionArn, "Name", ACTION_NAME,
                        "Description", description)))
                .onDelete(AwsSdkCall.builder().service("SecurityHub").action("deleteActionTarget")
                        .parameters(Map.of("ActionTargetArn", actionArn))
                        // Gone already (removed by hand): what deleting it was for.
                        .ignoreErrorCodesMatching("ResourceNotFoundException")
                        .build())
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(Policies.allow("ManageTheCustomAction", hub,
                        "securityhub:CreateActionTarget", "securityhub:DeleteActionTarget",
                        "securityhub:UpdateActionTarget"))))
                .installLatestAwsSdk(false)
                .build();
    }

    private AwsSdkCall call(String action, Map<String, Object> parameters) {
        return AwsSdkCall.builder().service("SecurityHub").action(action).parameters(parameters)
                .physicalResourceId(PhysicalResourceId.of(actionArn)).build();
    }

    private StateMachine stateMachine(Stack stack, DeploymentSettings settings, Target target) {
        Role role = Role.Builder.create(this, "StateMachineRole")
                .roleName(target instanceof Target.MemberAccounts ? ORGANIZATION_ROLE_NAME : null)
                .assumedBy(new ServicePrincipal("states.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
                        .build()))
                .description("Starts the remediation of " + settings.ruleName() + " for findings chosen in Security Hub")
                .inlinePolicies(Map.of("start-remediation", PolicyDocument.Builder.create()
                        .statements(startRemediation(stack, target)).build()))
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "StateMachineLogs")
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        StateMachine machine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineType(StateMachineType.STANDARD)
                .comment("Remediates the findings of " + settings.ruleName() + " chosen with Security Hub's custom action")
                .definitionBody(DefinitionBody.fromChainable(eachFinding(settings, target)))
                .role(role)
                .timeout(TIMEOUT)
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
                .build();
        CdkNag.suppress(role.getNode().findChild("DefaultPolicy"), "AwsSolutions-IAM5", List.of("Resource::*"),
                "logs:CreateLogDelivery and the other "
                + "vended-log calls, and xray:PutTraceSegments and the other tracing calls, which the CDK adds for the "
                + "state machine's logging and tracing, support no resource-level permissions");
        if (target instanceof Target.MemberAccounts) {
            CdkNag.suppress(role, "AwsSolutions-IAM5", List.of("Resource::arn:<AWS::Partition>:iam::*:role/"
                    + MEMBER_STARTER_ROLE_NAME), "the finding's account is known only from the finding: the role may "
                    + "assume the starter role of that one name in any account of the organization (aws:ResourceOrgID), "
                    + "and only accounts whose StackSet instance created it (trusting this role alone) let it");
        } else if (target instanceof Target.OwnAccount own) {
            String document = (String) stack.resolve(own.document().getLogicalId());
            CdkNag.suppress(role, "AwsSolutions-IAM5", List.of("Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:"
                    + "<AWS::AccountId>:automation-definition/<" + document + ">:*"),
                    "every version of the one remediation document: Automation authorizes a start on the document's "
                            + "version");
        }
        return machine;
    }

    /** Exactly what starting the document takes, in one account or through the finding's account's starter role. */
    private static List<PolicyStatement> startRemediation(Stack stack, Target target) {
        if (target instanceof Target.OwnAccount own) {
            String definition = stack.formatArn(ArnComponents.builder().service("ssm").resource("automation-definition")
                    .resourceName(own.document().getRef() + ":*").build());
            return List.of(
                    Policies.allow("StartTheRemediationDocument", definition, "ssm:StartAutomationExecution"),
                    PolicyStatement.Builder.create().sid("PassTheRemediationRoleToAutomation")
                            .actions(List.of("iam:PassRole"))
                            .resources(List.of(own.automationRole().getRoleArn()))
                            .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ssm.amazonaws.com")))
                            .build());
        }
        // StringEquals, not ...IfExists: a role in an account outside any organization has no aws:ResourceOrgID.
        return List.of(PolicyStatement.Builder.create()
                .sid("AssumeTheFindingsAccountsStarterRole")
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of("arn:" + Aws.PARTITION + ":iam::*:role/" + MEMBER_STARTER_ROLE_NAME))
                .conditions(Map.of("StringEquals", Map.of("aws:ResourceOrgID",
                        ((Target.MemberAccounts) target).organizationId())))
                .build());
    }


    /**
     * A map over the event's findings: a finding of this rule (Config's, titled with one of the rule's names) in an
     * account the deployment remediates, with a user id, starts the document; any other is passed over.
     */
    private IChainable eachFinding(DeploymentSettings settings, Target target) {
        String rule = settings.ruleName();
        Pass otherRule = Pass.Builder.create(this, "PassOverAnotherRulesFinding")
                .result(Result.fromObject(Map.of("passedOver", "not a finding of " + rule)))
                .build();
        Fail noUserId = Fail.Builder.create(this, "NoUserIdInTheFinding")
                .error("NoUserIdInTheFinding")
                .cause("The finding names no IAM user id (AIDA...) in its resource's Details.AwsIamUser.UserId or at "
                        + "the end of its Id: remediate it from the AWS Config console, or start the document with the "
                        + "user's id")
                .build();
        Choice isUserId = Choice.Builder.create(this, "IsAnIamUserId").build()
                .when(Condition.stringMatches("$.target.userId", "AIDA*"), startDocument(settings, target))
                .otherwise(noUserId);
        // The finding's one resource, the user, taken out first so that no path below needs an array index.
        Pass resource = Pass.Builder.create(this, "TheFindingsResource")
                .parameters(Map.of("resource.$", "States.ArrayGetItem($.Resources, 0)"))
                .resultPath("$.finding")
                .build();
        Choice userId = Choice.Builder.create(this, "UserIdInTheDetails").build()
                .when(Condition.isPresent("$.finding.resource.Details.AwsIamUser.UserId"),
                        target("UserIdFromTheDetails", "$.finding.resource.Details.AwsIamUser.UserId").next(isUserId))
                .otherwise(target("UserIdFromTheResourceId", "States.ArrayGetItem(States.StringSplit("
                        + "$.finding.resource.Id, '/'), States.MathAdd(States.ArrayLength(States.StringSplit("
                        + "$.finding.resource.Id, '/')), -1))").next(isUserId));
        resource.next(userId);
        IChainable ofThisRuleNext = resource;
        if (target instanceof Target.OwnAccount) {
            Pass otherAccount = Pass.Builder.create(this, "PassOverAnotherAccountsFinding")
                    .result(Result.fromObject(Map.of("passedOver", "not a finding of this account")))
                    .build();
            ofThisRuleNext = Choice.Builder.create(this, "OfThisAccount").build()
                    .when(Condition.stringEquals("$.AwsAccountId", Aws.ACCOUNT_ID), resource)
                    .otherwise(otherAccount);
        }
        Choice ofThisRule = Choice.Builder.create(this, "OfThisRule").build()
                .when(Condition.and(Condition.stringEquals("$.ProductName", FindingEnrichment.CONFIG_PRODUCT),
                        Condition.or(Condition.stringEquals("$.Title", rule),
                                Condition.stringMatches("$.Title",
                                        wildcardLiteral(FindingEnrichment.organizationRulePrefix(rule)) + "*"),
                                Condition.stringMatches("$.Title",
                                        wildcardLiteral(FindingEnrichment.conformancePackPrefix(rule)) + "*"))),
                        ofThisRuleNext)
                .otherwise(otherRule);
        software.amazon.awscdk.services.stepfunctions.Map each =
                software.amazon.awscdk.services.stepfunctions.Map.Builder.create(this, "EachSelectedFinding")
                        .itemsPath("$.detail.findings")
                        .maxConcurrency(MAX_CONCURRENCY)
                        .build();
        each.itemProcessor(ofThisRule);
        return each;
    }

    /** The user id, as {@code $.target.userId} beside the finding. */
    private Pass target(String id, String userId) {
        return Pass.Builder.create(this, id).parameters(Map.of("userId.$", userId)).resultPath("$.target").build();
    }

    /**
     * The SDK integration's {@code ssm:StartAutomationExecution}: the document, the user id, the remediation role
     * and the rule's own parameters as the remediation configuration passes them, in the finding's account.
     */
    private CustomState startDocument(DeploymentSettings settings, Target target) {
        Map<String, Object> documentParameters = new LinkedHashMap<>();
        documentParameters.put("IAMResourceId.$", "States.Array($.target.userId)");
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Type", "Task");
        state.put("Resource", "arn:" + Aws.PARTITION + ":states:::aws-sdk:ssm:startAutomationExecution");
        if (target instanceof Target.OwnAccount own) {
            documentParameters.put("AutomationAssumeRole", List.of(own.automationRole().getRoleArn()));
        } else {
            documentParameters.put("AutomationAssumeRole.$", "States.Array(" + roleInFindingsAccount(
                    MemberAccountStack.REMEDIATION_ROLE_NAME) + ")");
            state.put("Credentials", Map.of("RoleArn.$", roleInFindingsAccount(MEMBER_STARTER_ROLE_NAME)));
        }
        Remediation.deploymentParameters(settings, new LinkedHashMap<>(settings.ruleParameters().toMap()))
                .forEach((name, value) -> documentParameters.put(name, List.of(value)));
        state.put("Parameters", ordered(
                "DocumentName", target instanceof Target.OwnAccount own ? own.document().getRef()
                        : MemberAccountStack.REMEDIATION_DOCUMENT_NAME,
                "Parameters", documentParameters));
        state.put("ResultSelector", Map.of("AutomationExecutionId.$", "$.AutomationExecutionId"));
        return CustomState.Builder.create(this, "StartTheRemediationDocument").stateJson(state).build();
    }

    /**
     * A map in the order given: these maps become JSON text (the custom resource's calls, the state machine's
     * definition), and {@code Map.of}'s order changes from one JVM to the next, which would change the template.
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** {@code arn:<partition>:iam::<the finding's account>:role/<name>}, as a Step Functions intrinsic. */
    private static String roleInFindingsAccount(String name) {
        return "States.Format('arn:" + Aws.PARTITION + ":iam::{}:role/" + name + "', $.AwsAccountId)";
    }

    /** {@code text} as a literal in a StringMatches pattern, where {@code *} and {@code \} are special. */
    static String wildcardLiteral(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*");
    }
}
