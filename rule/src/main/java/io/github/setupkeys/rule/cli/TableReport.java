package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.OffendingKey;
import io.github.setupkeys.rule.evaluation.UserResult;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A table for a terminal: one row per user, offending users first, then the commands that fix each
 * finding, then a summary line.
 */
final class TableReport implements ReportWriter {

    @Override
    public void write(List<UserResult> results, boolean offline, PrintStream out) {
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
        List<UserResult> findings = results.stream()
                .filter(result -> result.verdict().complianceType() == ComplianceType.NON_COMPLIANT)
                .toList();
        if (!findings.isEmpty()) {
            out.println();
            out.println("To fix (deactivate first; delete once nothing breaks):");
            for (UserResult finding : findings) {
                for (OffendingKey key : finding.verdict().offendingKeys()) {
                    out.println("  " + FixCommand.forKey(finding.user(), key, offline));
                }
            }
        }
        out.println();
        out.println(summary(results));
    }

    static String summary(List<UserResult> results) {
        Map<ComplianceType, Integer> counts = new EnumMap<>(ComplianceType.class);
        for (ComplianceType type : ComplianceType.values()) {
            counts.put(type, 0);
        }
        results.forEach(result -> counts.merge(result.verdict().complianceType(), 1, Integer::sum));
        return counts.entrySet().stream().map(entry -> entry.getValue() + " " + entry.getKey())
                .collect(Collectors.joining(", ")) + " (" + results.size() + " users)";
    }

    private static String keys(UserResult result) {
        return result.verdict().offendingKeys().stream().map(OffendingKey::accessKeyId)
                .collect(Collectors.joining(" "));
    }
}
