package io.github.setupkeys.rule.config;

import io.github.setupkeys.rule.domain.ComplianceType;
import java.time.Instant;
import java.util.Objects;

/** One result to write to Config with {@code PutEvaluations}. */
public record ConfigEvaluation(String resourceType, String resourceId, ComplianceType complianceType,
        String annotation, Instant orderingTimestamp) {

    public ConfigEvaluation {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(complianceType, "complianceType");
        Objects.requireNonNull(annotation, "annotation");
        Objects.requireNonNull(orderingTimestamp, "orderingTimestamp");
    }
}
