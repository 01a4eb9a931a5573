package io.github.setupkeys.rule;

import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.rule.aws.AwsAccountAccess;
import io.github.setupkeys.rule.aws.AwsClients;
import io.github.setupkeys.rule.aws.ReportWait;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.Pause;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * The Config rule handler with real clients pointed at an emulator endpoint. It lives in the handler's
 * package because the constructor that takes collaborators is package-private.
 */
public final class EmulatedRule {

    /** The account moto assigns to unknown credentials, which the test credentials are. */
    public static final String OWN_ACCOUNT = "123456789012";
    public static final String FUNCTION_ARN =
            "arn:aws:lambda:us-east-1:" + OWN_ACCOUNT + ":function:iam-user-no-setup-access-keys:live";

    private EmulatedRule() {
    }

    /** A handler and the clients behind it; close the clients when done. */
    public record Running(ConfigRuleHandler handler, AwsClients clients) implements AutoCloseable {
        @Override
        public void close() {
            clients.close();
        }
    }

    public static Running against(URI endpoint) {
        return against(endpoint, ReportWait.DEFAULT);
    }

    /** With {@code reportWait} bounding the wait for a credential report. */
    public static Running against(URI endpoint, ReportWait reportWait) {
        return against(endpoint, reportWait, Clock.systemUTC(), CallsInFlight.DEFAULTS);
    }

    /** With the handler reading the time from {@code clock}: runs on days the test chooses. */
    public static Running against(URI endpoint, ReportWait reportWait, Clock clock) {
        return against(endpoint, reportWait, clock, CallsInFlight.DEFAULTS);
    }

    /** With {@code reportWait} bounding the wait for a credential report, and {@code inFlight} calls at a time. */
    public static Running against(URI endpoint, ReportWait reportWait, CallsInFlight inFlight) {
        return against(endpoint, reportWait, Clock.systemUTC(), inFlight);
    }

    /** With the time read from {@code clock} and {@code inFlight} calls at a time. */
    public static Running against(URI endpoint, ReportWait reportWait, Clock clock, CallsInFlight inFlight) {
        AwsClients clients = new AwsClients(Region.US_EAST_1, Optional.of(endpoint));
        return new Running(new ConfigRuleHandler(new AwsAccountAccess(clients, IamSeeder.TEST_CREDENTIALS, reportWait),
                clock, Pause.SLEEP, inFlight), clients);
    }
}
