package io.github.setupkeys.rule.report;

import io.github.setupkeys.text.InputText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of one report, checked against each other as they come: one account, and each user (and the root
 * account) once. IAM user names are unique ignoring case, so {@code Alice} and {@code alice} are one user; two
 * rows of one user would give it two verdicts, possibly contradictory.
 */
final class ReportRows {

    private final List<CredentialReportRow> users = new ArrayList<>();
    private final Map<String, RowReader.Row> byName = new HashMap<>();
    private RowReader.Row first;
    private boolean rootAccountRow;

    void add(RowReader.Row row) {
        if (first == null) {
            first = row;
        } else if (!account(row.arn()).equals(account(first.arn()))) {
            throw new CredentialReportFormatException("credential report line " + row.line() + " is in "
                    + InputText.quote(account(row.arn())) + ", line " + first.line() + " in "
                    + InputText.quote(account(first.arn())) + ": a report covers one account");
        }
        RowReader.Row earlier = byName.putIfAbsent(row.userName().toLowerCase(Locale.ROOT), row);
        if (earlier != null) {
            throw new CredentialReportFormatException("credential report lines " + earlier.line() + " and "
                    + row.line() + " are the same user, " + InputText.quote(earlier.userName()) + " and "
                    + InputText.quote(row.userName()) + " (IAM user names are unique ignoring case)");
        }
        row.user().ifPresentOrElse(users::add, () -> rootAccountRow = true);
    }

    CredentialReport report() {
        return new CredentialReport(Optional.<Instant>empty(), users, rootAccountRow);
    }

    /** {@code arn:<partition>:iam::<account>}, which every arn of one report shares. */
    private static String account(String arn) {
        return String.join(":", Arrays.asList(arn.split(":", 6)).subList(0, 5));
    }
}
