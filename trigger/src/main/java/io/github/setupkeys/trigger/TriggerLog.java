package io.github.setupkeys.trigger;

import io.github.setupkeys.lambda.LogLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one structured log line a trigger invocation writes: what it received, what it ignored and why, and
 * what it did. It holds no user names and no event bodies.
 */
final class TriggerLog {

    private final LogLine line;
    private final List<String> ignored = new ArrayList<>();
    private int foreignAccountEvents;

    TriggerLog(String configRuleName) {
        line = new LogLine("trigger").put("configRuleName", configRuleName);
    }

    void received(int messages, int events) {
        line.put("messages", messages).put("credentialEvents", events)
                .put("foreignAccountEvents", foreignAccountEvents);
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

    void decided(String action, int pending) {
        line.put("action", action).put("pendingEvents", pending);
    }

    void deferred(Duration delay, String why) {
        line.put("retryInSeconds", delay.toSeconds()).put("why", why);
    }

    void failed(RuntimeException failure) {
        line.failed(failure);
    }

    String toJson(long durationMillis) {
        if (!ignored.isEmpty()) {
            line.put("ignored", ignored);
        }
        return line.toJson(durationMillis);
    }
}
