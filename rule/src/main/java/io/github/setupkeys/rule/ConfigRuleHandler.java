package io.github.setupkeys.rule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import io.github.setupkeys.rule.aws.AwsAccountAccess;
import io.github.setupkeys.rule.aws.AwsClients;
import io.github.setupkeys.rule.config.AccountAccess;
import io.github.setupkeys.rule.config.ConfigRule;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.Pause;
import io.github.setupkeys.rule.priming.SnapStartPriming;
import java.time.Clock;
import java.util.Objects;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The AWS Config custom rule's Lambda function: Config invokes it on changes of {@code AWS::IAM::User} and
 * periodically, and it answers with {@code PutEvaluations} ({@link ConfigRule} says how). This class only wires
 * the real clients to that code and, with Lambda SnapStart, primes it before the snapshot
 * ({@link #beforeCheckpoint}), without network, credentials or clock: see {@link SnapStartPriming}.
 */
public final class ConfigRuleHandler implements RequestHandler<ConfigEvent, String>, Resource {

    private final ConfigRule rule;

    /**
     * Builds the real clients once per Lambda container, in the region Lambda runs in, and registers for
     * SnapStart's checkpoint (a no-op where there is none). Credentials are resolved on the first call, not here.
     * The calls in flight come from the function's environment ({@value CallsInFlight#VARIABLE}); a bad value
     * fails the start, naming it.
     */
    public ConfigRuleHandler() {
        this(new AwsAccountAccess(new AwsClients(new DefaultAwsRegionProviderChain().getRegion()),
                DefaultCredentialsProvider.builder().build()), Clock.systemUTC(), Pause.SLEEP,
                CallsInFlight.fromEnvironment(System::getenv));
        Core.getGlobalContext().register(this);
    }

    ConfigRuleHandler(AccountAccess accounts, Clock clock, Pause pause, CallsInFlight inFlight) {
        this.rule = new ConfigRule(Objects.requireNonNull(accounts, "accounts"), clock, pause, inFlight);
    }

    ConfigRuleHandler(AccountAccess accounts, Clock clock, Pause pause) {
        this(accounts, clock, pause, CallsInFlight.DEFAULTS);
    }

    @Override
    public String handleRequest(ConfigEvent event, Context context) {
        return rule.invoke(event, context);
    }

    /** SnapStart, before the snapshot: runs the priming invocations, answered in memory. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> checkpoint) {
        SnapStartPriming.prime();
    }

    /** SnapStart, after a restore: nothing to renew, since priming left no credentials, time or connections. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> checkpoint) {
        // nothing to renew
    }
}
