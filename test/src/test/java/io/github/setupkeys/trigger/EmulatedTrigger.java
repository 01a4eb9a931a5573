package io.github.setupkeys.trigger;

import io.github.setupkeys.aws.ClientConfiguration;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.trigger.aws.ConfigEvaluationStarter;
import io.github.setupkeys.trigger.aws.DynamoDbDebounceStore;
import io.github.setupkeys.trigger.aws.SqsMessageDeferral;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The near-real-time trigger with its real adapters (DynamoDB, Config, SQS) pointed at an emulator endpoint.
 * It lives in the trigger's package because the constructor that takes collaborators is package-private.
 */
public final class EmulatedTrigger {

    private EmulatedTrigger() {
    }

    /** A handler and the clients behind it; close the clients when done. */
    public record Running(TriggerHandler handler, ClientConfiguration clients) implements AutoCloseable {
        @Override
        public void close() {
            clients.close();
        }
    }

    public static Running against(URI endpoint, TriggerSettings settings, Clock clock) {
        ClientConfiguration clients = new ClientConfiguration(Region.US_EAST_1, Optional.of(endpoint));
        return new Running(new TriggerHandler(settings,
                new DynamoDbDebounceStore(clients.regional(DynamoDbClient.builder(), IamSeeder.TEST_CREDENTIALS).build(), settings.debounceTable()),
                new ConfigEvaluationStarter(clients.regional(ConfigClient.builder(), IamSeeder.TEST_CREDENTIALS).build()),
                new SqsMessageDeferral(clients.regional(SqsClient.builder(), IamSeeder.TEST_CREDENTIALS).build(), settings.queueUrl()), clock), clients);
    }
}
