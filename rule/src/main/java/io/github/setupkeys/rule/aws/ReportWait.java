package io.github.setupkeys.rule.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait for IAM to generate a credential report: up to {@code maxPolls} polls of
 * {@code GenerateCredentialReport}, {@code interval} apart.
 */
public record ReportWait(Duration interval, int maxPolls) {

    /** Up to two minutes: a report of 5,000 users is usually ready in well under one. */
    public static final ReportWait DEFAULT = new ReportWait(Duration.ofSeconds(2), 60);

    public ReportWait {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || maxPolls < 1) {
            throw new IllegalArgumentException("report wait needs a non-negative interval and at least one poll");
        }
    }

    /** The longest this wait can take. */
    public Duration bound() {
        return interval.multipliedBy(maxPolls - 1L);
    }
}
