package io.github.setupkeys.rule.config;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.evaluation.Deadline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A Config that records what the rule writes, with held results and failures a test sets. Once told to
 * ({@link #keepingWrites}), it also holds what the rule writes, as Config does, recorded at the time given. Safe to
 * call from several threads at once, as the rule writes batches concurrently.
 */
public final class RecordingConfigApi implements ConfigApi {

    /** One {@code PutEvaluations} call. */
    public record Put(List<ConfigEvaluation> evaluations, String resultToken, boolean testMode) {
    }

    private final List<Put> puts = new ArrayList<>();
    private final Map<String, HeldResult> held = new LinkedHashMap<>();
    private Supplier<Instant> keepWritesAt;
    private Optional<String> heldIncompleteBecause = Optional.empty();
    private final Map<String, ConfigurationItem> items = new LinkedHashMap<>();
    private final List<String> historyRequests = new ArrayList<>();
    private final List<String> complianceQueries = new ArrayList<>();
    private int failingPuts;
    private Set<String> alwaysFailing = Set.of();

    public synchronized List<Put> puts() {
        return List.copyOf(puts);
    }

    public synchronized List<ConfigEvaluation> written() {
        return puts.stream().flatMap(put -> put.evaluations().stream()).toList();
    }

    /** Config holds an earlier COMPLIANT result for the resource, recorded at the epoch. */
    public synchronized RecordingConfigApi storedResultFor(String resourceId) {
        return hold(new HeldResult(resourceId, ComplianceType.COMPLIANT, Optional.of("earlier"),
                Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH)));
    }

    public synchronized RecordingConfigApi hold(HeldResult result) {
        held.put(result.resourceId(), result);
        return this;
    }

    /** From now on Config holds each evaluation written outside test mode, recorded at {@code clock}'s time. */
    public synchronized RecordingConfigApi keepingWrites(Supplier<Instant> clock) {
        keepWritesAt = clock;
        return this;
    }

    /** Reading the held results stops part-way, for {@code because}, after returning those held so far. */
    public synchronized RecordingConfigApi heldResultsIncomplete(String because) {
        heldIncompleteBecause = Optional.of(because);
        return this;
    }

    /** What Config holds now. */
    public synchronized Map<String, HeldResult> held() {
        return Map.copyOf(held);
    }

    public synchronized RecordingConfigApi item(ConfigurationItem item) {
        items.put(item.resourceId(), item);
        return this;
    }

    /** The next {@code times} calls report every evaluation as failed. */
    public synchronized RecordingConfigApi failNextPuts(int times) {
        failingPuts = times;
        return this;
    }

    /** Evaluations of these resources always fail. */
    public synchronized RecordingConfigApi alwaysFail(Set<String> resourceIds) {
        alwaysFailing = Set.copyOf(resourceIds);
        return this;
    }

    public synchronized List<String> historyRequests() {
        return List.copyOf(historyRequests);
    }

    public synchronized List<String> complianceQueries() {
        return List.copyOf(complianceQueries);
    }

    @Override
    public synchronized List<String> putEvaluations(List<ConfigEvaluation> evaluations, String resultToken, boolean testMode) {
        if (evaluations.size() > 100) {
            throw new AssertionError("Config accepts at most 100 evaluations per call, got " + evaluations.size());
        }
        puts.add(new Put(List.copyOf(evaluations), resultToken, testMode));
        if (failingPuts > 0) {
            failingPuts--;
            return evaluations.stream().map(ConfigEvaluation::resourceId).toList();
        }
        List<String> failed = evaluations.stream().map(ConfigEvaluation::resourceId).filter(alwaysFailing::contains)
                .toList();
        if (keepWritesAt != null && !testMode) {
            evaluations.stream().filter(evaluation -> !failed.contains(evaluation.resourceId())).forEach(evaluation ->
                    hold(new HeldResult(evaluation.resourceId(), evaluation.complianceType(),
                            Optional.of(evaluation.annotation()), Optional.of(keepWritesAt.get()),
                            Optional.of(evaluation.orderingTimestamp()))));
        }
        return failed;
    }

    @Override
    public synchronized HeldResults heldResults(String configRuleName, String resourceType, Deadline deadline) {
        complianceQueries.add(configRuleName + " " + resourceType);
        List<HeldResult> results = held.values().stream().toList();
        return heldIncompleteBecause.map(because -> HeldResults.incomplete(results, because))
                .orElseGet(() -> HeldResults.complete(results));
    }

    @Override
    public synchronized ConfigurationItem latestConfigurationItem(String resourceType, String resourceId) {
        historyRequests.add(resourceType + " " + resourceId);
        ConfigurationItem item = items.get(resourceId);
        if (item == null) {
            throw new IllegalStateException("no configuration item for " + resourceId);
        }
        return item;
    }
}
