package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.evaluation.UserResult;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A finished scan, everything a report shows: the verdicts (NON_COMPLIANT first, then by user name), what was
 * scanned, with which parameters and when, and the region its findings are reported in (for the formats that
 * report findings to a region's security tooling: {@code asff}, {@code ocsf}).
 */
record ScanOutcome(List<UserResult> results, Source source, RuleParameters parameters, Instant scannedAt,
        Optional<String> region) {

    /** The exit code when nothing is NON_COMPLIANT, and when something is. */
    static final int NO_FINDINGS = 0;
    static final int FINDINGS = 1;

    ScanOutcome {
        results = List.copyOf(results);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(scannedAt, "scannedAt");
        Objects.requireNonNull(region, "region");
    }

    /** What was scanned. */
    sealed interface Source permits Source.LiveAccount, Source.ReportFile {

        /**
         * The account of the default credential chain: whether IAM gave a credential report in time (without
         * one every user is confirmed live), when it was generated if it says, and how many users were
         * confirmed with live calls.
         */
        record LiveAccount(boolean withoutReport, Optional<Instant> reportGeneratedAt, int confirmedLive)
                implements Source {
            public LiveAccount {
                Objects.requireNonNull(reportGeneratedAt, "reportGeneratedAt");
            }
        }

        /**
         * A credential report read offline: the file as named on the command line, the SHA-256 of its bytes (so
         * that a reader can tell which report was judged), and its generation time when the file records it.
         */
        record ReportFile(String name, String sha256, Optional<Instant> generatedAt) implements Source {
            public ReportFile {
                Objects.requireNonNull(name, "name");
                Objects.requireNonNull(sha256, "sha256");
                Objects.requireNonNull(generatedAt, "generatedAt");
            }
        }
    }

    boolean offline() {
        return source instanceof Source.ReportFile;
    }

    List<UserResult> findings() {
        return results.stream().filter(result -> result.verdict().complianceType() == ComplianceType.NON_COMPLIANT)
                .toList();
    }

    /** How many users got each verdict, every verdict present (zero included), in declaration order. */
    Map<ComplianceType, Integer> counts() {
        Map<ComplianceType, Integer> counts = new EnumMap<>(ComplianceType.class);
        for (ComplianceType type : ComplianceType.values()) {
            counts.put(type, 0);
        }
        results.forEach(result -> counts.merge(result.verdict().complianceType(), 1, Integer::sum));
        return Collections.unmodifiableMap(counts);
    }

    /** What {@code scan} exits with after writing this outcome. */
    int exitCode() {
        return findings().isEmpty() ? NO_FINDINGS : FINDINGS;
    }

    /** The accounts the users' ARNs name (one, unless a hand-made report mixes several; none without users). */
    SortedSet<String> accounts() {
        SortedSet<String> accounts = new TreeSet<>();
        for (UserResult result : results) {
            String[] arn = result.user().arn().split(":", 6);
            if (arn.length == 6) {
                accounts.add(arn[4]);
            }
        }
        return Collections.unmodifiableSortedSet(accounts);
    }
}
