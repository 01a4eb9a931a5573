package io.github.setupkeys.rule.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Config that records what the rule writes, with stored results and failures a test sets. Safe to call from
 * several threads at once, as the rule writes batches concurrently.
 */
public final class RecordingConfigApi implements ConfigApi {

    /** One {@code PutEvaluations} call. */
    public record Put(List<ConfigEvaluation> evaluations, String resultToken, boolean testMode) {
    }

    private final List<Put> puts = new ArrayList<>();
    private final Set<String> storedResults = new LinkedHashSet<>();
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

    public synchronized RecordingConfigApi storedResultFor(String resourceId) {
        storedResults.add(resourceId);
        return this;
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
        return evaluations.stream().map(ConfigEvaluation::resourceId).filter(alwaysFailing::contains).toList();
    }

    @Override
    public synchronized Set<String> resourcesWithResults(String configRuleName, String resourceType) {
        complianceQueries.add(configRuleName + " " + resourceType);
        return Set.copyOf(storedResults);
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
