package io.github.setupkeys.rule.config;

import io.github.setupkeys.lambda.LogLine;
import io.github.setupkeys.rule.domain.ComplianceType;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one structured log line an invocation writes: what it was asked, what it found, what it cost. It
 * holds no credentials, no result token and no user names: the error's AWS text is withheld ({@code LoggedError});
 * only an error about a malformed credential report quotes the row at fault, which can name a user.
 */
final class InvocationLog {

    private final LogLine line = new LogLine("rule");

    void invocation(ConfigInvocation invocation) {
        line.put("configRuleName", invocation.configRuleName())
                .put("messageType", invocation.messageType().wireName())
                .put("accountId", invocation.accountId())
                .put("testMode", invocation.testMode());
        invocation.item().ifPresent(item -> line.put("resourceId", item.resourceId()));
    }

    /**
     * What the invocation found and wrote. {@code computed} counts every verdict reached (users, and users gone whose
     * results were cleared), {@code verdicts} the same by compliance type; {@code recorded} those written;
     * {@code skippedUnchanged} those equal to what Config holds and not due for a refresh, so not written:
     * {@code computed = recorded + skippedUnchanged}.
     */
    void outcome(InvocationEvaluator.Outcome outcome, int putEvaluationsCalls) {
        RecordingFilter.Decision recording = outcome.recording();
        Map<ComplianceType, Integer> verdicts = new EnumMap<>(ComplianceType.class);
        outcome.computed().forEach(evaluation -> verdicts.merge(evaluation.complianceType(), 1, Integer::sum));
        line.put("users", outcome.users())
                .put("candidates", outcome.candidates())
                .put("withoutCredentialReport", outcome.withoutReport())
                .put("heldResults", outcome.heldResults())
                .put("staleResultsCleared", outcome.staleResults())
                .put("computed", outcome.computed().size())
                .put("recorded", outcome.evaluations().size())
                .put("changed", recording.changed())
                .put("refreshed", recording.refreshed())
                .put("skippedUnchanged", recording.skippedUnchanged());
        recording.everyVerdictBecause().ifPresent(because -> line.put("recordedEveryVerdictBecause", because));
        line.put("verdicts", verdicts)
                .put("putEvaluationsCalls", putEvaluationsCalls);
    }

    void calls(long iam, long config, long sts) {
        line.put("iamCalls", iam).put("configCalls", config).put("stsCalls", sts);
    }

    void failed(RuntimeException failure) {
        line.failed(failure);
    }

    String toJson(long durationMillis) {
        return line.toJson(durationMillis);
    }
}
