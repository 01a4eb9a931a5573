package io.github.setupkeys.rule.priming;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import io.github.setupkeys.rule.aws.AwsAccountAccess;
import io.github.setupkeys.rule.aws.AwsClients;
import io.github.setupkeys.rule.config.ConfigRule;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Warms the rule before a Lambda SnapStart snapshot: a change notification and a periodic run go through the
 * code the handler runs ({@link ConfigRule}) and through SDK clients configured like its real ones, whose calls a
 * {@link PrimingHttpClient} answers in memory. Loaded classes and compiled code end up in the snapshot; state
 * does not:
 *
 * <ul>
 *   <li>no network call: the priming clients have no other HTTP client;</li>
 *   <li>no credentials: placeholder static keys sign the in-memory calls, and the function's credential chain
 *       is never asked (so nothing resolved before the snapshot outlives it);</li>
 *   <li>no clock in state: the primed rule has a fixed clock, and the answers carry no {@code Date} header to
 *       learn a clock skew from;</li>
 *   <li>nothing shared: the priming clients, their call counter and rule are dropped afterwards.</li>
 * </ul>
 */
public final class SnapStartPriming {

    /** The fixed time of the primed invocations (shortly after the made-up users were created). */
    private static final Instant PRIMING_TIME = Instant.parse("2026-01-01T12:00:00Z");

    private static final StaticCredentialsProvider PLACEHOLDER_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAPRIMINGPLACEHOLD", "priming-not-a-secret"));
    private static final String FUNCTION_ARN =
            "arn:aws:lambda:us-east-1:" + PrimingHttpClient.ACCOUNT + ":function:setupkeys-priming";
    private static final String RULE_NAME = "setupkeys-priming";

    private SnapStartPriming() {
    }

    /** Runs the primed invocations; returns the calls the in-memory client answered, in order. */
    public static List<String> prime() {
        PrimingHttpClient http = new PrimingHttpClient();
        try (AwsClients clients = AwsClients.over(Region.US_EAST_1, http)) {
            ConfigRule rule = new ConfigRule(new AwsAccountAccess(clients, PLACEHOLDER_CREDENTIALS),
                    Clock.fixed(PRIMING_TIME, ZoneOffset.UTC), duration -> { });
            rule.invoke(changeNotification(), new PrimingContext());
            rule.invoke(periodicRun(), new PrimingContext());
        }
        return http.answered();
    }

    private static ConfigEvent changeNotification() {
        return event("{\"configurationItem\":{\"configurationItemCaptureTime\":\"2026-01-01T11:00:00.000Z\","
                + "\"configurationItemStatus\":\"OK\",\"resourceType\":\"AWS::IAM::User\",\"resourceId\":\""
                + PrimingHttpClient.CONSOLE_USER_ID + "\",\"resourceName\":\"" + PrimingHttpClient.CONSOLE_USER + "\","
                + "\"awsAccountId\":\"" + PrimingHttpClient.ACCOUNT + "\"},\"notificationCreationTime\":"
                + "\"2026-01-01T11:00:01.000Z\",\"messageType\":\"ConfigurationItemChangeNotification\","
                + "\"recordVersion\":\"1.3\"}", "{}");
    }

    /** With an exemption tag, so the finding's tags are read too. */
    private static ConfigEvent periodicRun() {
        return event("{\"awsAccountId\":\"" + PrimingHttpClient.ACCOUNT + "\",\"notificationCreationTime\":"
                + "\"2026-01-01T12:00:00.000Z\",\"messageType\":\"ScheduledNotification\",\"recordVersion\":\"1.0\"}",
                "{\"setupWindowSeconds\":\"3600\",\"exemptTag\":\"break-glass\"}");
    }

    private static ConfigEvent event(String invokingEvent, String ruleParameters) {
        ConfigEvent event = new ConfigEvent();
        event.setVersion("1.0");
        event.setInvokingEvent(invokingEvent);
        event.setRuleParameters(ruleParameters);
        event.setResultToken("priming-result-token");
        event.setEventLeftScope(false);
        event.setConfigRuleName(RULE_NAME);
        event.setAccountId(PrimingHttpClient.ACCOUNT);
        return event;
    }

    /** A Lambda context of the made-up function, with all the time in the world; its log goes nowhere. */
    private static final class PrimingContext implements Context {

        @Override
        public String getAwsRequestId() {
            return "priming";
        }

        @Override
        public String getLogGroupName() {
            return "priming";
        }

        @Override
        public String getLogStreamName() {
            return "priming";
        }

        @Override
        public String getFunctionName() {
            return RULE_NAME;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return FUNCTION_ARN;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 900_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    // priming is not an invocation: nothing to log
                }

                @Override
                public void log(byte[] message) {
                    // as above
                }
            };
        }
    }
}
