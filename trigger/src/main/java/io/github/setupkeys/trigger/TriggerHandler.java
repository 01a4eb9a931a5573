package io.github.setupkeys.trigger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.setupkeys.aws.ClientConfiguration;
import io.github.setupkeys.trigger.aws.ConfigEvaluationStarter;
import io.github.setupkeys.trigger.aws.DynamoDbDebounceStore;
import io.github.setupkeys.trigger.aws.SqsMessageDeferral;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Near-real-time detection: reads batches of IAM events from the buffer queue and asks Config to re-evaluate
 * the rule ({@code StartConfigRulesEvaluation}), debounced ({@link Debounce}).
 *
 * <p>No event is lost and none loops: an event that must wait (minimum interval, daily cap, or Config busy
 * with an evaluation) is hidden in the queue until it can be acted on and handed back as a batch item
 * failure; a message that is not a readable IAM event, or is one of an account the trigger does not serve, is
 * dropped with a log line. Any AWS failure fails the
 * invocation, and the whole batch comes back after the queue's visibility timeout.
 */
public final class TriggerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** How long to wait when Config says an evaluation is running (or started less than a minute ago). */
    static final Duration RETRY_WHILE_RUNNING = DebouncedReEvaluation.RETRY_WHILE_RUNNING;
    /** The shortest a message is hidden: never hand one back to be received again at once. */
    static final Duration SHORTEST_DEFERRAL = DebouncedReEvaluation.SHORTEST_DEFERRAL;

    private final TriggerSettings settings;
    private final EvaluationStarter config;
    private final DebouncedReEvaluation reEvaluation;
    private final Clock clock;

    /** Builds the real clients once per Lambda container, from the function's environment. */
    public TriggerHandler() {
        this(TriggerSettings.fromEnvironment(System::getenv),
                new ClientConfiguration(new DefaultAwsRegionProviderChain().getRegion(), Optional.empty()),
                DefaultCredentialsProvider.builder().build());
    }

    private TriggerHandler(TriggerSettings settings, ClientConfiguration clients, AwsCredentialsProvider credentials) {
        this(settings,
                new DynamoDbDebounceStore(clients.regional(DynamoDbClient.builder(), credentials).build(),
                        settings.debounceTable()),
                new ConfigEvaluationStarter(clients.regional(ConfigClient.builder(), credentials).build()),
                new SqsMessageDeferral(clients.regional(SqsClient.builder(), credentials).build(), settings.queueUrl()),
                Clock.systemUTC());
    }

    TriggerHandler(TriggerSettings settings, DebounceStore store, EvaluationStarter config, MessageDeferral queue,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.config = Objects.requireNonNull(config, "config");
        this.reEvaluation = new DebouncedReEvaluation(store, queue, settings.limits());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent batch, Context context) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        TriggerLog log = new TriggerLog(settings.configRuleName());
        try {
            List<SQSEvent.SQSMessage> messages = batch.getRecords() == null ? List.of() : batch.getRecords();
            List<CredentialEvent> events = CredentialEventParser.parseAll(messages, settings.allowedAccounts(), log);
            log.received(messages.size(), events.size());
            if (events.isEmpty()) {
                log.decided("none", 0);
                return handBack(List.of());
            }
            DebouncedReEvaluation.Result result = reEvaluation.run(settings.configRuleName(), events, now,
                    () -> config.start(settings.configRuleName()));
            log.decided(result);
            return handBack(result.handedBack());
        } catch (RuntimeException failure) {
            log.failed(failure);
            throw failure;
        } finally {
            context.getLogger().log(log.toJson((System.nanoTime() - started) / 1_000_000));
        }
    }

    private static SQSBatchResponse handBack(List<CredentialEvent> events) {
        return new SQSBatchResponse(events.stream()
                .map(event -> new SQSBatchResponse.BatchItemFailure(event.messageId())).toList());
    }
}
