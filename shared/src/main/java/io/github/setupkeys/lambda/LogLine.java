package io.github.setupkeys.lambda;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one structured log line a function writes per invocation, as JSON: fields in the order they were put, then
 * the outcome ({@code ok}, or {@code failed} with the error on one line) and the duration. What goes in is the
 * caller's choice; the rule's and the trigger's logs put no credentials, tokens or user names, and the error holds
 * no text an AWS service wrote ({@link LoggedError}).
 */
public final class LogLine {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** A line that starts {@code {"<kind>":"setupkeys"}}: {@code rule} or {@code trigger}. */
    public LogLine(String kind) {
        fields.put(kind, "setupkeys");
    }

    /** Sets {@code name} (again, if it was set: the field keeps its place). */
    public LogLine put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /** The outcome {@code failed}, and the error as {@link LoggedError} records it: without AWS's own text. */
    public void failed(RuntimeException failure) {
        fields.put("outcome", "failed");
        fields.put("error", LoggedError.of(failure));
    }

    /** The JSON line, with the outcome ({@code ok} unless {@link #failed} was called) and the duration. */
    public String toJson(long durationMillis) {
        fields.putIfAbsent("outcome", "ok");
        fields.put("durationMs", durationMillis);
        return GSON.toJson(fields);
    }
}
