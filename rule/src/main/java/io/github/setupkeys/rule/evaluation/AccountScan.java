package io.github.setupkeys.rule.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdicts for every user of an account, and how they were reached: the credential report's time (empty
 * when no report could be had and every user was confirmed live), how many users were confirmed with live
 * calls, and whether every user was, because no credential report could be had.
 */
public record AccountScan(List<UserResult> results, Optional<Instant> reportGeneratedAt, int candidates,
        boolean withoutReport) {

    public AccountScan {
        results = List.copyOf(results);
        Objects.requireNonNull(reportGeneratedAt, "reportGeneratedAt");
    }
}
