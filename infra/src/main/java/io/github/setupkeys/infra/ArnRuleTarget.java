package io.github.setupkeys.infra;

import java.util.Objects;
import software.amazon.awscdk.interfaces.events.IRuleRef;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.RuleTargetConfig;
import software.amazon.awscdk.services.iam.IRole;

/**
 * An EventBridge rule target named by its ARN (and, for an event bus, the role it is put with) that, unlike
 * the CDK's targets, grants nothing: the one permission EventBridge needs is written out where it belongs (the
 * queue's resource policy, the forwarding role's policy) instead of the several a CDK target adds.
 */
final class ArnRuleTarget implements IRuleTarget {

    private final String arn;
    private final IRole role;

    /** A target EventBridge reaches through its resource policy (an SQS queue). */
    ArnRuleTarget(String arn) {
        this(arn, null);
    }

    /** A target EventBridge reaches with {@code role} (an event bus in another region). */
    ArnRuleTarget(String arn, IRole role) {
        this.arn = Objects.requireNonNull(arn, "arn");
        this.role = role;
    }

    @Override
    public RuleTargetConfig bind(IRuleRef rule, String id) {
        return RuleTargetConfig.builder().arn(arn).role(role).build();
    }

    @Override
    public RuleTargetConfig bind(IRuleRef rule) {
        return bind(rule, null);
    }
}
