package io.github.setupkeys.rule.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An IAM credential report: one row per IAM user, when known the time IAM generated it, and whether it has the
 * root account's row. IAM always writes that row, so a report without it is not the whole of what IAM wrote
 * (filtered, cut or hand-made); the row itself is not kept, since the root account is not an IAM user.
 */
public record CredentialReport(Optional<Instant> generatedAt, List<CredentialReportRow> rows, boolean rootAccountRow) {

    public CredentialReport {
        Objects.requireNonNull(generatedAt, "generatedAt");
        rows = List.copyOf(rows);
    }

    /** This report, generated at {@code time} (which IAM gives beside the report, not in it). */
    public CredentialReport generatedAt(Optional<Instant> time) {
        return new CredentialReport(time, rows, rootAccountRow);
    }
}
