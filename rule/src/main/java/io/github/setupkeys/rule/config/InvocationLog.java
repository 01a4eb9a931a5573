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

    void outcome(InvocationEvaluator.Outcome outcome, int putEvaluationsCalls) {
        Map<ComplianceType, Integer> verdicts = new EnumMap<>(ComplianceType.class);
        outcome.evaluations().forEach(evaluation -> verdicts.merge(evaluation.complianceType(), 1, Integer::sum));
        line.put("users", outcome.users())
                .put("candidates", outcome.candidates())
                .put("withoutCredentialReport", outcome.withoutReport())
                .put("staleResultsCleared", outcome.staleResults())
                .put("verdicts", verdicts)
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
