package io.github.setupkeys.trigger;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one structured log line a trigger invocation writes: what it received, what it ignored and why, and
 * what it did. It holds no user names and no event bodies.
 */
final class TriggerLog {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final List<String> ignored = new ArrayList<>();

    TriggerLog(String configRuleName) {
        fields.put("trigger", "setupkeys");
        fields.put("configRuleName", configRuleName);
    }

    void received(int messages, int events) {
        fields.put("messages", messages);
        fields.put("credentialEvents", events);
    }

    void ignored(QueuedMessage.Ignored message) {
        ignored.add(message.messageId() + ": " + message.reason());
    }

    void decided(String action, int pending) {
        fields.put("action", action);
        fields.put("pendingEvents", pending);
    }

    void deferred(Duration delay, String why) {
        fields.put("retryInSeconds", delay.toSeconds());
        fields.put("why", why);
    }

    void failed(RuntimeException failure) {
        fields.put("outcome", "failed");
        fields.put("error", String.valueOf(failure.getMessage()).replaceAll("\\s*[\\r\\n]+\\s*", " "));
    }

    String toJson(long durationMillis) {
        if (!ignored.isEmpty()) {
            fields.put("ignored", ignored);
        }
        fields.putIfAbsent("outcome", "ok");
        fields.put("durationMs", durationMillis);
        return GSON.toJson(fields);
    }
}
