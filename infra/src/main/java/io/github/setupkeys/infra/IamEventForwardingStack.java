package io.github.setupkeys.infra;

import static io.github.setupkeys.infra.Policies.allow;

import io.github.setupkeys.trigger.CredentialEvents;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.constructs.Construct;

/**
 * IAM delivers its CloudTrail events to EventBridge only in us-east-1. When the rule lives in another region,
 * this stack (always in us-east-1) forwards the calls that can change a verdict to that region's default bus,
 * where the rule stack's {@link NearRealTimeTrigger} picks them up. Same account: the default bus needs no
 * resource policy, only a role that may put events on it. Only this account's events are forwarded.
 */
public final class IamEventForwardingStack extends Stack {

    public static final String STACK_ID = "IamUserSetupKeysEventForwarding";

    public IamEventForwardingStack(Construct scope, String ruleRegion, StackProps.Builder props) {
        super(scope, STACK_ID, props
                .env(Environment.builder().region(CredentialEvents.IAM_EVENT_REGION).build())
                .description("Forwards IAM credential events from us-east-1 to the default event bus in " + ruleRegion
                        + ", for the near-real-time detection of the setup-keys Config rule (CIS 1.11)")
                .build());
        if (ruleRegion.equals(CredentialEvents.IAM_EVENT_REGION)) {
            throw new IllegalArgumentException("no forwarding needed: the rule is in " + ruleRegion);
        }
        String bus = "arn:" + Aws.PARTITION + ":events:" + ruleRegion + ":" + Aws.ACCOUNT_ID + ":event-bus/default";
        forwardingRule(ruleRegion, bus, forwardingRole(ruleRegion, bus));
    }

    /** Assumed by EventBridge of this account only; it may put events on that one bus and do nothing else. */
    private Role forwardingRole(String ruleRegion, String bus) {
        return Role.Builder.create(this, "ForwardingRole")
                .assumedBy(new ServicePrincipal("events.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                        .build()))
                .description("Lets EventBridge put IAM credential events on the default bus of " + ruleRegion)
                .inlinePolicies(Map.of("forward-iam-events", PolicyDocument.Builder.create().statements(List.of(
                        allow("PutOnTheRuleRegionsDefaultBus", bus, "events:PutEvents")))
                        .build()))
                .build();
    }

    private void forwardingRule(String ruleRegion, String bus, Role role) {
        Rule.Builder.create(this, "ForwardCredentialEvents")
                .description("IAM calls that can change a verdict of the setup-keys Config rule, to " + ruleRegion)
                .eventPattern(CredentialEventPattern.create(List.of(Aws.ACCOUNT_ID)))
                .targets(List.of(new ArnRuleTarget(bus, role)))
                .build();
    }
}
