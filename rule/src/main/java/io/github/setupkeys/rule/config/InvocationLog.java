package io.github.setupkeys.rule.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.setupkeys.rule.domain.ComplianceType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one structured log line an invocation writes: what it was asked, what it found, what it cost. It
 * holds no credentials, no result token and no user names.
 */
public final class InvocationLog {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public InvocationLog() {
        fields.put("rule", "setupkeys");
    }

    public void invocation(ConfigInvocation invocation) {
        fields.put("configRuleName", invocation.configRuleName());
        fields.put("messageType", invocation.messageType().wireName());
        fields.put("accountId", invocation.accountId());
        fields.put("testMode", invocation.testMode());
        invocation.item().ifPresent(item -> fields.put("resourceId", item.resourceId()));
    }

    public void outcome(InvocationEvaluator.Outcome outcome, int putEvaluationsCalls) {
        Map<ComplianceType, Integer> verdicts = new EnumMap<>(ComplianceType.class);
        outcome.evaluations().forEach(evaluation -> verdicts.merge(evaluation.complianceType(), 1, Integer::sum));
        fields.put("users", outcome.users());
        fields.put("candidates", outcome.candidates());
        fields.put("withoutCredentialReport", outcome.withoutReport());
        fields.put("staleResultsCleared", outcome.staleResults());
        fields.put("verdicts", verdicts);
        fields.put("putEvaluationsCalls", putEvaluationsCalls);
    }

    public void calls(long iam, long config, long sts) {
        fields.put("iamCalls", iam);
        fields.put("configCalls", config);
        fields.put("stsCalls", sts);
    }

    public void failed(RuntimeException failure) {
        fields.put("outcome", "failed");
        fields.put("error", String.valueOf(failure.getMessage()).replaceAll("\\s*[\\r\\n]+\\s*", " "));
    }

    /** The JSON line, with the outcome ({@code ok} unless {@link #failed} was called) and the duration. */
    public String toJson(long durationMillis) {
        fields.putIfAbsent("outcome", "ok");
        fields.put("durationMs", durationMillis);
        return GSON.toJson(fields);
    }
}
