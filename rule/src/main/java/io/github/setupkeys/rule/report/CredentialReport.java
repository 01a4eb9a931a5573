package io.github.setupkeys.rule.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An IAM credential report: one row per IAM user (the root account's row is not kept), and when known
 * the time IAM generated it.
 */
public record CredentialReport(Optional<Instant> generatedAt, List<CredentialReportRow> rows) {

    public CredentialReport {
        Objects.requireNonNull(generatedAt, "generatedAt");
        rows = List.copyOf(rows);
    }
}
