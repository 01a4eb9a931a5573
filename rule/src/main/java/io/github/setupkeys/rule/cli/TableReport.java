package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.domain.OffendingKey;
import io.github.setupkeys.rule.evaluation.UserResult;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table for a terminal: one row per user, offending users first, then the commands that fix each
 * finding, then a summary line.
 */
final class TableReport implements ReportWriter {

    @Override
    public void write(ScanOutcome scan, PrintStream out) {
        List<UserResult> results = scan.results();
        int nameWidth = Math.max("USER".length(),
                results.stream().mapToInt(result -> result.user().userName().length()).max().orElse(0));
        int keysWidth = Math.max("OFFENDING KEYS".length(),
                results.stream().mapToInt(result -> keys(result).length()).max().orElse(0));
        String row = "%-14s  %-" + nameWidth + "s  %-" + keysWidth + "s  %s%n";
        out.printf(row, "VERDICT", "USER", "OFFENDING KEYS", "DETAIL");
        for (UserResult result : results) {
            out.printf(row, result.verdict().complianceType(), result.user().userName(),
                    keys(result).isEmpty() ? "-" : keys(result), result.verdict().annotation());
        }
        List<UserResult> findings = scan.findings();
        if (!findings.isEmpty()) {
            out.println();
            out.println("To fix (" + FixCommand.ADVICE + "):");
            for (UserResult finding : findings) {
                for (OffendingKey key : finding.verdict().offendingKeys()) {
                    out.println("  " + FixCommand.forKey(finding.user(), key, scan.offline()));
                }
            }
        }
        out.println();
        out.println(summary(scan));
    }

    /** {@code 3 NON_COMPLIANT, 4 COMPLIANT, 1 NOT_APPLICABLE (8 users)}. */
    static String summary(ScanOutcome scan) {
        return scan.counts().entrySet().stream().map(entry -> entry.getValue() + " " + entry.getKey())
                .collect(Collectors.joining(", ")) + " (" + scan.results().size() + " users)";
    }

    private static String keys(UserResult result) {
        return result.verdict().offendingKeys().stream().map(OffendingKey::accessKeyId)
                .collect(Collectors.joining(" "));
    }
}
