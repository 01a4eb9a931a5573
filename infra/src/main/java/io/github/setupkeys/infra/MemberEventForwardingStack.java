package io.github.setupkeys.infra;

import static io.github.setupkeys.infra.Policies.allow;

import io.github.setupkeys.trigger.CredentialEvents;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CfnRule;
import software.amazon.awscdk.CfnRuleAssertion;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.constructs.Construct;

/**
 * What each member account needs for near-real-time detection in us-east-1, the one region where IAM's events reach
 * EventBridge: a rule on the default bus that forwards the account's own credential events (the single-account
 * pattern, bound to this account) to the central event bus, and the role EventBridge forwards them with, which may
 * put events on that bus and do nothing else. The central stack's second StackSet deploys it to us-east-1 of every
 * member account, now and later; its template takes the central bus's ARN as its one parameter.
 *
 * <p>The member cannot make a forwarded event say another account: EventBridge sets {@code account} to the sender,
 * and a rule whose target is another account's bus may not transform the event.
 */
public final class MemberEventForwardingStack extends Stack {

    public static final String STACK_ID = "IamUserSetupKeysMemberEventForwarding";
    /** The template parameter: the central bus's ARN. */
    public static final String BUS_PARAMETER = "CentralEventBusArn";
    /** A fixed name, so that an account's forwarding can be found (and paused) by name. */
    public static final String RULE_NAME = "IamUserSetupKeysForwardCredentialEvents";

    public MemberEventForwardingStack(Construct scope, DeploymentSettings settings) {
        super(scope, STACK_ID, StackProps.builder()
                .description("Member account of the AWS Config rule " + settings.ruleName() + " (CIS 1.11): forwards "
                        + "this account's IAM credential events from us-east-1 to the central near-real-time trigger")
                .analyticsReporting(false)
                // Deployed by a StackSet, not by the CDK: no bootstrap stack to check for.
                .synthesizer(DefaultStackSynthesizer.Builder.create().generateBootstrapVersionRule(false).build())
                .build());
        onlyInUsEast1();
        String bus = CfnParameter.Builder.create(this, BUS_PARAMETER)
                .type("String")
                .description("ARN of the central event bus of the near-real-time trigger")
                .allowedPattern("^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[\\w.\\-/]+$")
                .build()
                .getValueAsString();
        Rule.Builder.create(this, "ForwardCredentialEvents")
                .ruleName(RULE_NAME)
                .description("This account's IAM calls that can change a verdict of the " + settings.ruleName()
                        + " Config rule, to the central near-real-time trigger")
                .eventPattern(CredentialEventPattern.create(List.of(Aws.ACCOUNT_ID)))
                .targets(List.of(new ArnRuleTarget(bus, forwardingRole(bus))))
                .build();
    }

    /** IAM's events reach EventBridge in us-east-1 only: anywhere else the rule would forward nothing. */
    private void onlyInUsEast1() {
        CfnRule.Builder.create(this, "OnlyInUsEast1")
                .assertions(List.of(CfnRuleAssertion.builder()
                        .assertValue(Fn.conditionEquals(Aws.REGION, CredentialEvents.IAM_EVENT_REGION))
                        .assertDescription("IAM's events reach EventBridge in " + CredentialEvents.IAM_EVENT_REGION
                                + " only: deploy this template there.")
                        .build()))
                .build();
    }

    /**
     * Assumed by EventBridge of this account only; it may put events on the central bus and do nothing else. An
     * organization's bus is reached with a role: EventBridge requires one when the permission is the organization's.
     */
    private Role forwardingRole(String bus) {
        return Role.Builder.create(this, "ForwardingRole")
                .assumedBy(new ServicePrincipal("events.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                        .build()))
                .description("Lets EventBridge forward this account's IAM credential events to the central bus")
                .inlinePolicies(Map.of("forward-iam-events", PolicyDocument.Builder.create().statements(List.of(
                        allow("PutOnTheCentralBus", bus, "events:PutEvents")))
                        .build()))
                .build();
    }
}
