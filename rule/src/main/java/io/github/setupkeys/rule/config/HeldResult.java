package io.github.setupkeys.rule.config;

import io.github.setupkeys.rule.domain.ComplianceType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The result AWS Config holds for one resource of this rule, as {@code GetComplianceDetailsByConfigRule} returns it.
 *
 * @param annotation as Config stores it; empty when it holds none
 * @param recordedTime {@code ResultRecordedTime}: when Config recorded the result
 * @param orderingTimestamp {@code OrderingTimestamp}: the time the result was written with (a periodic run's
 *     notification time, a change's capture time)
 */
public record HeldResult(String resourceId, ComplianceType complianceType, Optional<String> annotation,
        Optional<Instant> recordedTime, Optional<Instant> orderingTimestamp) {

    public HeldResult {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(complianceType, "complianceType");
        Objects.requireNonNull(annotation, "annotation");
        Objects.requireNonNull(recordedTime, "recordedTime");
        Objects.requireNonNull(orderingTimestamp, "orderingTimestamp");
    }

    /**
     * When the rule last asserted this result: the later of the two times. The API reference does not say whether
     * writing a result equal to the held one moves {@code ResultRecordedTime}; the ordering timestamp is the one the
     * rule wrote, so whichever of the two Config keeps up to date, a re-assertion restarts the result's age
     * (design.md §2.12). Empty when Config returned neither: such a result is treated as due.
     */
    public Optional<Instant> assertedAt() {
        if (recordedTime.isEmpty()) {
            return orderingTimestamp;
        }
        if (orderingTimestamp.isEmpty()) {
            return recordedTime;
        }
        return Optional.of(recordedTime.get().isAfter(orderingTimestamp.get()) ? recordedTime.get()
                : orderingTimestamp.get());
    }
}
