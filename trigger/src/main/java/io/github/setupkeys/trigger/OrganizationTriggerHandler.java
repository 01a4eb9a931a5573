package io.github.setupkeys.trigger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.setupkeys.aws.AwsCallFailedException;
import io.github.setupkeys.aws.ClientConfiguration;
import io.github.setupkeys.trigger.aws.AssumedRoleEvaluationStarter;
import io.github.setupkeys.trigger.aws.DynamoDbDebounceStore;
import io.github.setupkeys.trigger.aws.RuleCopyLookup;
import io.github.setupkeys.trigger.aws.SqsMessageDeferral;
import io.github.setupkeys.trigger.aws.SqsMessageDeletion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Near-real-time detection for an organization: reads batches of IAM events that member accounts forwarded to the
 * central bus, and asks Config to re-evaluate each event's own account, on that account's copy of the organization
 * rule, debounced per account with the single-account trigger's limits ({@link DebouncedReEvaluation}).
 *
 * <p>Accounts do not wait for each other. Each account of a batch is decided on its own state, up to
 * {@value #ACCOUNTS_AT_ONCE} at a time; one account's storm of events is one decision (its covered events are
 * dropped, its waiting ones hidden until its next allowed start), and its limits, its busy Config or its failures
 * hold back its own events only. An event whose CloudTrail record names another account than the one that sent it
 * is dropped and counted ({@code mismatchedAccountEvents}); so are events of accounts left out.
 *
 * <p>When an account fails (its role cannot be assumed, it has no copy of the rule, Config or DynamoDB refuses),
 * the other accounts are finished first, their handled messages deleted, and then the invocation fails naming the
 * failing accounts: its alarm goes off, and only their messages come back after the queue's visibility timeout
 * (reaching the dead-letter queue if they keep failing).
 */
public final class OrganizationTriggerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** Accounts decided at once within one batch: their calls are network waits, not work. */
    static final int ACCOUNTS_AT_ONCE = 8;

    private final OrganizationTriggerSettings settings;
    private final MemberEvaluationStarter config;
    private final DebouncedReEvaluation reEvaluation;
    private final MessageDeletion deletion;
    private final Clock clock;

    /** Builds the real clients once per Lambda container, from the function's environment. */
    public OrganizationTriggerHandler() {
        this(OrganizationTriggerSettings.fromEnvironment(System::getenv),
                new ClientConfiguration(new DefaultAwsRegionProviderChain().getRegion(), Optional.empty()),
                DefaultCredentialsProvider.builder().build());
    }

    private OrganizationTriggerHandler(OrganizationTriggerSettings settings, ClientConfiguration clients,
            AwsCredentialsProvider credentials) {
        this(settings, clients, credentials, clients.regional(SqsClient.builder(), credentials).build());
    }

    private OrganizationTriggerHandler(OrganizationTriggerSettings settings, ClientConfiguration clients,
            AwsCredentialsProvider credentials, SqsClient sqs) {
        this(settings,
                new DynamoDbDebounceStore(clients.regional(DynamoDbClient.builder(), credentials).build(),
                        settings.debounceTable(), DebounceStore.ACCOUNT_PARTITION_KEY),
                new AssumedRoleEvaluationStarter(clients.regional(ConfigClient.builder(), credentials).build(),
                        clients.regional(StsClient.builder(), credentials).build(), settings.reEvaluationRoleName(),
                        new RuleCopyLookup(settings.ruleFunctionArn(), settings.copiesPath())),
                new SqsMessageDeferral(sqs, settings.queueUrl()), new SqsMessageDeletion(sqs, settings.queueUrl()),
                Clock.systemUTC());
    }

    OrganizationTriggerHandler(OrganizationTriggerSettings settings, DebounceStore store, MemberEvaluationStarter config,
            MessageDeferral queue, MessageDeletion deletion, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.config = Objects.requireNonNull(config, "config");
        this.reEvaluation = new DebouncedReEvaluation(store, queue, settings.limits());
        this.deletion = Objects.requireNonNull(deletion, "deletion");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One account's result: what was done, or why it failed. */
    private record AccountOutcome(String account, List<CredentialEvent> events,
            Optional<DebouncedReEvaluation.Result> result, Optional<RuntimeException> failure) {
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent batch, Context context) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        TriggerLog log = new TriggerLog(settings.configRuleName());
        try {
            List<SQSEvent.SQSMessage> messages = batch.getRecords() == null ? List.of() : batch.getRecords();
            CentralAccount central = CentralAccount.of(context.getInvokedFunctionArn());
            Map<String, List<CredentialEvent>> byAccount = new TreeMap<>();
            for (CredentialEvent event : CredentialEventParser.parseAll(messages, settings.accounts(), log)) {
                if (event.namesAnotherAccount()) {
                    log.mismatched(event);
                } else {
                    byAccount.computeIfAbsent(event.account(), account -> new ArrayList<>()).add(event);
                }
            }
            log.receivedFromOrganization(messages.size(), byAccount.values().stream().mapToInt(List::size).sum());
            List<CredentialEvent> handedBack = new ArrayList<>();
            List<AccountOutcome> failed = new ArrayList<>();
            for (AccountOutcome outcome : decideEach(byAccount, now, central)) {
                if (outcome.result().isPresent()) {
                    log.decided(outcome.account(), outcome.result().get());
                    handedBack.addAll(outcome.result().get().handedBack());
                } else {
                    log.failed(outcome.account(), outcome.events().size(), outcome.failure().orElseThrow());
                    failed.add(outcome);
                }
            }
            if (!failed.isEmpty()) {
                deleteAllBut(messages, handedBack, failed);
                throw AccountsFailedException.of(failed.stream().collect(TreeMap::new,
                        (all, outcome) -> all.put(outcome.account(), outcome.failure().orElseThrow()), Map::putAll));
            }
            return new SQSBatchResponse(handedBack.stream()
                    .map(event -> new SQSBatchResponse.BatchItemFailure(event.messageId())).toList());
        } catch (RuntimeException failure) {
            log.failed(failure);
            throw failure;
        } finally {
            context.getLogger().log(log.toJson((System.nanoTime() - started) / 1_000_000));
        }
    }

    /** Every account's decision, {@value #ACCOUNTS_AT_ONCE} at a time, in account order. */
    private List<AccountOutcome> decideEach(Map<String, List<CredentialEvent>> byAccount, Instant now,
            CentralAccount central) {
        if (byAccount.isEmpty()) {
            return List.of();
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(ACCOUNTS_AT_ONCE, byAccount.size()));
        try {
            List<Future<AccountOutcome>> pending = new ArrayList<>();
            byAccount.forEach((account, events) -> pending.add(threads.submit(decide(account, events, now, central))));
            List<AccountOutcome> outcomes = new ArrayList<>();
            for (Future<AccountOutcome> outcome : pending) {
                outcomes.add(waitFor(outcome));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * One account's decision. Only failures that belong to the account are its own: an AWS call made for it, its
     * copy of the rule, its stored state. Anything else fails the whole invocation, as in one account.
     */
    private Callable<AccountOutcome> decide(String account, List<CredentialEvent> events, Instant now,
            CentralAccount central) {
        return () -> {
            try {
                return new AccountOutcome(account, events, Optional.of(reEvaluation.run(account, events, now,
                        () -> config.start(account, central))), Optional.empty());
            } catch (AwsCallFailedException | RuleCopyNotFoundException | UnreadableDebounceStateException failure) {
                return new AccountOutcome(account, events, Optional.empty(), Optional.of(failure));
            }
        };
    }

    private static AccountOutcome waitFor(Future<AccountOutcome> outcome) {
        try {
            return outcome.get();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException unexpected) {
                throw unexpected;
            }
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("an account's decision failed: " + failed.getCause(), failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the accounts were decided", interrupted);
        }
    }

    /**
     * The invocation is about to fail, and Lambda then returns every message of the batch to the queue: delete
     * those that are done (acted on, covered, or dropped), so that only the failing accounts' come back, and the
     * waiting ones when they are due.
     */
    private void deleteAllBut(List<SQSEvent.SQSMessage> messages, List<CredentialEvent> handedBack,
            List<AccountOutcome> failed) {
        Set<String> kept = new HashSet<>();
        handedBack.forEach(event -> kept.add(event.messageId()));
        failed.forEach(outcome -> outcome.events().forEach(event -> kept.add(event.messageId())));
        List<String> done = messages.stream().filter(message -> !kept.contains(message.getMessageId()))
                .map(SQSEvent.SQSMessage::getReceiptHandle).toList();
        if (!done.isEmpty()) {
            deletion.delete(done);
        }
    }
}
