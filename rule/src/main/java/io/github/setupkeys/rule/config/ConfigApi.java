package io.github.setupkeys.rule.config;

import java.util.List;
import java.util.Set;

/** The AWS Config calls the rule makes. The Config client implements it; tests use a recording fake. */
public interface ConfigApi {

    /**
     * One {@code PutEvaluations} call of at most 100 evaluations.
     *
     * @return the resource ids Config reports in {@code FailedEvaluations}
     */
    List<String> putEvaluations(List<ConfigEvaluation> evaluations, String resultToken, boolean testMode);

    /** Ids of the resources of {@code resourceType} for which the rule has a COMPLIANT or NON_COMPLIANT result. */
    Set<String> resourcesWithResults(String configRuleName, String resourceType);

    /** The latest configuration item of a resource ({@code GetResourceConfigHistory}, limit 1). */
    ConfigurationItem latestConfigurationItem(String resourceType, String resourceId);
}
