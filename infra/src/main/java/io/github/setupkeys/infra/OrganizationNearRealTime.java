package io.github.setupkeys.infra;

import static io.github.setupkeys.infra.Policies.allow;

import io.github.setupkeys.trigger.CredentialEvents;
import io.github.setupkeys.trigger.DebounceStore;
import io.github.setupkeys.trigger.OrganizationTriggerSettings;
import io.github.setupkeys.trigger.TriggerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;
import software.constructs.IDependable;

/**
 * Near-real-time detection for every account of the organization, in the central stack:
 *
 * <ul>
 *   <li>a second service-managed StackSet puts {@link MemberEventForwardingStack} into us-east-1 of every member
 *       account, now and later: each forwards its own credential events to
 *   <li>a custom event bus that accounts of the organization only may put events on, and only by forwarding
 *       ({@code aws:PrincipalOrgID}, {@code events:eventBusInvocation});
 *   <li>a rule on that bus, the buffer queue, its dead letters, and the trigger function
 *       ({@code io.github.setupkeys.trigger.OrganizationTriggerHandler}), one at a time, with a debounce table
 *       keyed by account ({@link TriggerPipeline});
 *   <li>the trigger's role, which may assume the member template's {@link MemberReEvaluationRole} in accounts of the
 *       organization only ({@code aws:ResourceOrgID}) and start the central account's own copy itself.
 * </ul>
 */
final class OrganizationNearRealTime extends Construct {

    static final String HANDLER = "io.github.setupkeys.trigger.OrganizationTriggerHandler::handleRequest";
    /** The central bus's name. */
    static final String EVENT_BUS_NAME = "IamUserSetupKeysCredentialEvents";
    /** The forwarding StackSet's name (it cannot change once created). */
    static final String FORWARDING_STACK_SET_NAME = "IamUserSetupKeysMemberEventForwarding";
    /**
     * A batch may hold up to 100 accounts, each an AssumeRole, a DescribeConfigRules (once per container) and a
     * StartConfigRulesEvaluation, eight accounts at a time, with the SDK's retries: twice the single-account timeout.
     */
    static final Duration TIMEOUT = Duration.seconds(120);

    private final EventBus bus;
    private final IDependable busPolicy;
    private final Role role;
    private final CfnStackSet forwarding;

    OrganizationNearRealTime(Construct scope, String id, DeploymentSettings deployment, OrganizationSettings organization,
            OrganizationNearRealTimeSettings nearRealTime, Alias ruleFunction, FailureWatch failures,
            String memberEventForwardingTemplate) {
        super(scope, id);
        NearRealTimeSettings settings = nearRealTime.trigger();
        bus = EventBus.Builder.create(this, "CredentialEventBus")
                .eventBusName(EVENT_BUS_NAME)
                .description("IAM credential events the member accounts forward to the near-real-time trigger")
                .build();
        busPolicy = onlyOrganizationAccountsForward(organization);
        Queue deadLetters = TriggerPipeline.deadLetters(this);
        Queue buffer = TriggerPipeline.buffer(this, deadLetters, TIMEOUT);
        TriggerPipeline.onlyTheRuleSends(buffer, Rule.Builder.create(this, "CredentialEvents")
                .description("IAM calls of the organization's accounts that can change a verdict of the setup-keys "
                        + "Config rule, to its trigger")
                .eventBus(bus)
                .eventPattern(CredentialEventPattern.fromAnyAccount())
                .build());
        Table state = TriggerPipeline.debounceState(this, DebounceStore.ACCOUNT_PARTITION_KEY);
        LogGroup logs = TriggerPipeline.logGroup(this);
        role = functionRole(organization, state, buffer, logs);
        TriggerPipeline.onlyTheTriggerReads(buffer, role);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(TriggerSettings.CONFIG_RULE_NAME, deployment.ruleName());
        environment.put(TriggerSettings.QUEUE_URL, buffer.getQueueUrl());
        environment.put(TriggerSettings.DEBOUNCE_TABLE, state.getTableName());
        environment.put(TriggerSettings.MINIMUM_INTERVAL_SECONDS,
                Long.toString(settings.limits().minimumInterval().toSeconds()));
        environment.put(TriggerSettings.DAILY_CAP, Integer.toString(settings.limits().dailyCap()));
        environment.put(OrganizationTriggerSettings.EXCLUDED_ACCOUNTS,
                String.join(",", nearRealTime.ignoredAccounts(organization)));
        environment.put(OrganizationTriggerSettings.REEVALUATION_ROLE_NAME, MemberReEvaluationRole.ROLE_NAME);
        environment.put(OrganizationTriggerSettings.RULE_FUNCTION_ARN, ruleFunction.getFunctionArn());
        environment.put(OrganizationTriggerSettings.RULE_COPIES_PATH, organization.evaluateWith().copiesPrefix());
        Alias function = TriggerPipeline.function(this, new TriggerPipeline.FunctionSpec("Asks AWS Config to "
                + "re-evaluate each member account's copy of " + deployment.ruleName() + " after its IAM credential "
                + "events", HANDLER, TIMEOUT, role, logs, environment), deployment, settings);
        TriggerPipeline.bufferToFunction(this, buffer, function, settings);
        TriggerPipeline.alarms(this, failures, function, deadLetters, "the accounts its log line names under "
                + "accounts (action failed) had their events come back after the visibility timeout; the others' "
                + "were acted on.");
        forwarding = memberEventForwarding(deployment, organization, nearRealTime, memberEventForwardingTemplate);
    }

    /** The bus the member accounts forward to. */
    EventBus bus() {
        return bus;
    }

    /** The trigger's role: the one principal each member's re-evaluation role trusts. */
    Role role() {
        return role;
    }

    /** The StackSet of the member accounts' forwarding rules. */
    CfnStackSet forwarding() {
        return forwarding;
    }

    /**
     * The bus is one of its own, so that the organization-wide permission opens nothing else. Any account of the
     * organization may put events on it, but only through a rule forwarding them ({@code events:eventBusInvocation}
     * is {@code "true"} then and {@code "false"} for a direct PutEvents): EventBridge sets a forwarded event's
     * {@code account} to its sender, and forwards no event that arrived from a third account.
     */
    private IDependable onlyOrganizationAccountsForward(OrganizationSettings organization) {
        return bus.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OrganizationAccountsForwardTheirOwnEvents")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("events:PutEvents"))
                .resources(List.of(bus.getEventBusArn()))
                .conditions(Map.of("StringEquals", Map.of(
                        "aws:PrincipalOrgID", organization.organizationId(),
                        "events:eventBusInvocation", "true")))
                .build()).getPolicyDependable();
    }

    /**
     * Exactly the calls the trigger and its event source mapping make: beyond its own table, queue and logs, assume
     * the re-evaluation role, by name, in accounts of the organization only, and do in its own account what that role
     * does in a member's.
     */
    private Role functionRole(OrganizationSettings organization, Table state, Queue queue, LogGroup logs) {
        Stack stack = Stack.of(this);
        String reEvaluationRoles = stack.formatArn(ArnComponents.builder().service("iam").region("").account("*")
                .resource("role").resourceName(MemberReEvaluationRole.ROLE_NAME).build());
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(Policies.assumeRoleInOrganization("AssumeMemberReEvaluationRole", reEvaluationRoles,
                organization.organizationId()));
        statements.addAll(MemberReEvaluationRole.statements(stack, organization));
        statements.add(allow("ReadAndWriteDebounceState", state.getTableArn(), "dynamodb:GetItem", "dynamodb:PutItem"));
        // The event source mapping receives and deletes; the function hides waiting messages longer, and deletes
        // the handled ones itself when one account fails the invocation.
        statements.add(allow("ConsumeBuffer", queue.getQueueArn(), "sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
                "sqs:GetQueueAttributes", "sqs:ReceiveMessage"));
        statements.add(allow("WriteOwnLogs", logs.getLogGroupArn(), "logs:CreateLogStream", "logs:PutLogEvents"));
        Role trigger = Role.Builder.create(this, "TriggerFunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Starts re-evaluations of the member accounts' copies of the setup-keys AWS Config rule "
                        + "on their IAM events")
                .inlinePolicies(Map.of("trigger-re-evaluation",
                        PolicyDocument.Builder.create().statements(statements).build()))
                .build();
        CdkNag.suppress(trigger, "AwsSolutions-IAM5", List.of(
                        "Resource::arn:<AWS::Partition>:iam::*:role/" + MemberReEvaluationRole.ROLE_NAME, "Resource::*",
                        "Resource::arn:<AWS::Partition>:config:" + stack.getRegion() + ":<AWS::AccountId>:config-rule/"
                                + organization.evaluateWith().copiesPath()),
                "iam::*:role/" + MemberReEvaluationRole.ROLE_NAME + " because the trigger re-evaluates every member "
                        + "account through the role of that one name, and accounts join the organization later; "
                        + "aws:ResourceOrgID limits it to the organization's accounts. * only for "
                        + "config:DescribeConfigRules, which supports no resource-level permissions. config-rule/"
                        + organization.evaluateWith().copiesPath() + " because Config gives the rule's copy in this "
                        + "account a name of its own choosing, under that service-linked path: the wildcard covers "
                        + "only copies Config created.");
        return trigger;
    }

    /** The forwarding rules, in us-east-1 of every member account but those left out. */
    private CfnStackSet memberEventForwarding(DeploymentSettings deployment, OrganizationSettings organization,
            OrganizationNearRealTimeSettings nearRealTime, String templateBody) {
        CfnStackSet stackSet = ServiceManagedStackSet.create(this, "MemberEventForwarding", organization,
                new ServiceManagedStackSet.Spec(FORWARDING_STACK_SET_NAME, "Member accounts of the AWS Config rule "
                        + deployment.ruleName() + " (CIS 1.11): forwarding of their IAM credential events to the "
                        + "central near-real-time trigger",
                        nearRealTime.ignoredAccounts(organization),
                        // IAM's events reach EventBridge only there, whatever region evaluates IAM.
                        CredentialEvents.IAM_EVENT_REGION, "CAPABILITY_IAM",
                        Map.of(MemberEventForwardingStack.BUS_PARAMETER, bus.getEventBusArn()), templateBody));
        // Forward only once the bus admits the organization's accounts.
        stackSet.getNode().addDependency(busPolicy);
        return stackSet;
    }
}
