package io.github.setupkeys.trigger;

import io.github.setupkeys.lambda.LogLine;
import io.github.setupkeys.lambda.LoggedError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one structured log line a trigger invocation writes: what it received, what it ignored and why, and
 * what it did (for an organization, per account). It holds no user names and no event bodies.
 */
final class TriggerLog {

    private final LogLine line;
    private final List<String> ignored = new ArrayList<>();
    private final Map<String, Map<String, Object>> accounts = new TreeMap<>();
    private int foreignAccountEvents;
    private int mismatchedAccountEvents;
    private int accountErrors;
    private boolean organization;

    TriggerLog(String configRuleName) {
        line = new LogLine("trigger").put("configRuleName", configRuleName);
    }

    void received(int messages, int events) {
        line.put("messages", messages).put("credentialEvents", events)
                .put("foreignAccountEvents", foreignAccountEvents);
    }

    /** As {@link #received}, with the events that named another account than their sender's. */
    void receivedFromOrganization(int messages, int events) {
        organization = true;
        received(messages, events);
        line.put("mismatchedAccountEvents", mismatchedAccountEvents);
    }

    void ignored(QueuedMessage.Ignored message) {
        ignored.add(message.messageId() + ": " + message.reason());
    }

    /** Counted apart: a steady count here means something sends events it should not. */
    void foreign(QueuedMessage.ForeignAccount message) {
        foreignAccountEvents++;
        ignored.add(message.messageId() + ": an event of account " + message.account()
                + ", which this trigger does not serve");
    }

    /**
     * Counted apart: EventBridge sets an event's {@code account} to its sender, so an event whose CloudTrail record
     * says another account received the call contradicts itself, and nothing it says is acted on.
     */
    void mismatched(CredentialEvent event) {
        mismatchedAccountEvents++;
        ignored.add(event.messageId() + ": an event sent by account " + event.account() + " naming account "
                + event.recipientAccount().orElse("?") + " as the one that received the call");
    }

    void decided(String action, int pending) {
        line.put("action", action).put("pendingEvents", pending);
    }

    /** What was done for the whole batch (one account). */
    void decided(DebouncedReEvaluation.Result result) {
        decided(result.action(), result.pendingEvents());
        result.retryIn().ifPresent(delay -> line.put("retryInSeconds", delay.toSeconds()).put("why", result.why()));
    }

    /** What was done for one account of an organization. */
    void decided(String account, DebouncedReEvaluation.Result result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("action", result.action());
        fields.put("pendingEvents", result.pendingEvents());
        result.retryIn().ifPresent(delay -> {
            fields.put("retryInSeconds", delay.toSeconds());
            fields.put("why", result.why());
        });
        accounts.put(account, fields);
    }

    /** One account of an organization failed; its events come back, the others' do not wait for them. */
    void failed(String account, int pendingEvents, RuntimeException failure) {
        accountErrors++;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("action", "failed");
        fields.put("pendingEvents", pendingEvents);
        fields.put("error", LoggedError.of(failure));
        accounts.put(account, fields);
    }

    void failed(RuntimeException failure) {
        line.failed(failure);
    }

    String toJson(long durationMillis) {
        if (organization) {
            line.put("accounts", accounts).put("accountErrors", accountErrors);
        }
        if (!ignored.isEmpty()) {
            line.put("ignored", ignored);
        }
        return line.toJson(durationMillis);
    }
}
