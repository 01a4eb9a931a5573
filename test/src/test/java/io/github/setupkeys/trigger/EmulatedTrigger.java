package io.github.setupkeys.trigger;

import io.github.setupkeys.aws.ClientConfiguration;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.trigger.aws.AssumedRoleEvaluationStarter;
import io.github.setupkeys.trigger.aws.ConfigEvaluationStarter;
import io.github.setupkeys.trigger.aws.DynamoDbDebounceStore;
import io.github.setupkeys.trigger.aws.RuleCopyLookup;
import io.github.setupkeys.trigger.aws.SqsMessageDeferral;
import io.github.setupkeys.trigger.aws.SqsMessageDeletion;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The near-real-time triggers with their real adapters (DynamoDB, Config, SQS; STS for an organization's) pointed
 * at an emulator endpoint. It lives in the trigger's package because the constructors that take collaborators are
 * package-private.
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

    /** An organization's handler and the clients behind it; close the clients when done. */
    public record RunningForOrganization(OrganizationTriggerHandler handler, ClientConfiguration clients)
            implements AutoCloseable {
        @Override
        public void close() {
            clients.close();
        }
    }

    /** The organization's trigger, with the central account's credentials (the test credentials). */
    public static RunningForOrganization againstOrganization(URI endpoint, OrganizationTriggerSettings settings,
            Clock clock) {
        ClientConfiguration clients = new ClientConfiguration(Region.US_EAST_1, Optional.of(endpoint));
        SqsClient sqs = clients.regional(SqsClient.builder(), IamSeeder.TEST_CREDENTIALS).build();
        return new RunningForOrganization(new OrganizationTriggerHandler(settings,
                new DynamoDbDebounceStore(clients.regional(DynamoDbClient.builder(), IamSeeder.TEST_CREDENTIALS).build(),
                        settings.debounceTable(), DebounceStore.ACCOUNT_PARTITION_KEY),
                new AssumedRoleEvaluationStarter(clients.regional(ConfigClient.builder(), IamSeeder.TEST_CREDENTIALS).build(),
                        clients.regional(StsClient.builder(), IamSeeder.TEST_CREDENTIALS).build(),
                        settings.reEvaluationRoleName(), new RuleCopyLookup(settings.ruleFunctionArn(), settings.copiesPath())),
                new SqsMessageDeferral(sqs, settings.queueUrl()), new SqsMessageDeletion(sqs, settings.queueUrl()), clock),
                clients);
    }

    public static Running against(URI endpoint, TriggerSettings settings, Clock clock) {
        ClientConfiguration clients = new ClientConfiguration(Region.US_EAST_1, Optional.of(endpoint));
        return new Running(new TriggerHandler(settings,
                new DynamoDbDebounceStore(clients.regional(DynamoDbClient.builder(), IamSeeder.TEST_CREDENTIALS).build(), settings.debounceTable()),
                new ConfigEvaluationStarter(clients.regional(ConfigClient.builder(), IamSeeder.TEST_CREDENTIALS).build()),
                new SqsMessageDeferral(clients.regional(SqsClient.builder(), IamSeeder.TEST_CREDENTIALS).build(), settings.queueUrl()), clock), clients);
    }
}
