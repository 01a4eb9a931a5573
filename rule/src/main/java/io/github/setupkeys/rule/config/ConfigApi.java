package io.github.setupkeys.rule.config;

import io.github.setupkeys.rule.evaluation.Deadline;
import java.util.List;

/** The AWS Config calls the rule makes. The Config client implements it; tests use a recording fake. */
public interface ConfigApi {

    /**
     * One {@code PutEvaluations} call of at most 100 evaluations.
     *
     * @return the resource ids Config reports in {@code FailedEvaluations}
     */
    List<String> putEvaluations(List<ConfigEvaluation> evaluations, String resultToken, boolean testMode);

    /**
     * The results the rule holds for resources of {@code resourceType}, of each of the three compliance types, with
     * their annotations and times ({@code GetComplianceDetailsByConfigRule}, pages of 100). Reading never fails:
     * when a page fails, or {@code deadline} has no time left before the next page, it stops and says why in an
     * incomplete answer, which makes the run record every verdict (design.md §2.12).
     */
    HeldResults heldResults(String configRuleName, String resourceType, Deadline deadline);

    /** The latest configuration item of a resource ({@code GetResourceConfigHistory}, limit 1). */
    ConfigurationItem latestConfigurationItem(String resourceType, String resourceId);
}
