package io.github.setupkeys.rule.report;

import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.IamNames;
import io.github.setupkeys.rule.domain.KeyStatus;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.text.InputText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one row of a credential report, and refuses it when its fields contradict each other, naming the
 * line and the two fields: a report that says two things about a key must not be evaluated as either.
 *
 * <p>A row is read from the right: every column after {@code arn} is comma-free (times, booleans, regions,
 * service names); what remains is {@code name,arn}, split at the first {@code ,arn:} (a user name cannot
 * contain a colon) and checked: the arn must end with {@code /name}. A line that does not read as IAM writes
 * it, but is RFC 4180 with quotes (a report re-saved by a spreadsheet), is read again unquoted.
 *
 * <p>What a key slot says, by IAM's documentation of the report:
 * <ul>
 *   <li>{@code last_rotated} dates the key, {@code N/A} when the slot holds no key: when the key "was created or last
 *       changed", so its creation time or later (read here as its creation time; the bulk path allows for later,
 *       design.md §2.4);</li>
 *   <li>{@code active} is true only for a key that exists and is active;</li>
 *   <li>{@code last_used_date}, {@code _region} and {@code _service} are {@code N/A} together: no key, or a key
 *       not used since IAM began recording use;</li>
 *   <li>a key belongs to its user, so it is not older than the user.</li>
 * </ul>
 */
final class RowReader {

    /** One row read: a user (with its facts) or the root account (without). */
    record Row(int line, String userName, String arn, Optional<CredentialReportRow> user) {
    }

    /** What IAM writes where a time or use does not apply. */
    private static final Set<String> ABSENT = Set.of("N/A", "no_information", "not_supported");
    /** IAM user names have no colon, which is what lets a row be split. */
    private static final Pattern USER_NAME = IamNames.NAME;
    /** An IAM user's arn up to its name: partition, 12-digit account, then the path ("/" or "/…/", printable ASCII). */
    private static final Pattern USER_ARN_PREFIX = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:user/([\\x21-\\x7e]+/)?");
    private static final Pattern ROOT_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:root");

    private RowReader() {
    }

    /** Reads line {@code number}, {@code line}, under {@code header}. */
    static Row read(ReportHeader header, String line, int number) {
        try {
            return read(header, CsvLine.asIamWritesIt(line), number);
        } catch (CredentialReportFormatException asIamWritesIt) {
            Optional<String[]> quoted = line.indexOf('"') < 0 ? Optional.empty() : CsvLine.asRfc4180(line);
            if (quoted.isEmpty()) {
                throw asIamWritesIt;
            }
            return read(header, quoted.get(), number);
        }
    }

    private static Row read(ReportHeader header, String[] fields, int number) {
        Fields row = new Fields(header, fields, number);
        if (fields.length < header.columns()) {
            throw row.error("has " + fields.length + " fields, the header has " + header.columns());
        }
        String nameAndArn = String.join(",", Arrays.copyOfRange(fields, 0, fields.length - (header.columns() - 2)));
        int split = nameAndArn.indexOf(",arn:");
        if (split <= 0) {
            throw row.nameOrArnError("the arn column does not start with 'arn:'");
        }
        String user = nameAndArn.substring(0, split);
        String arn = nameAndArn.substring(split + 1);
        if (user.equals(CredentialReportParser.ROOT_ACCOUNT)) {
            if (!ROOT_ARN.matcher(arn).matches()) {
                throw row.nameOrArnError("arn " + InputText.quote(arn)
                        + " is not the root account's arn (arn:<partition>:iam::<account>:root)");
            }
            keys(row, row.time("user_creation_time"));
            return new Row(number, user, arn, Optional.empty());
        }
        if (!USER_NAME.matcher(user).matches()) {
            throw row.nameOrArnError("user " + InputText.quote(user)
                    + " is not an IAM user name (" + IamNames.NAME_FORM + ")");
        }
        if (!arn.endsWith("/" + user)) {
            throw row.nameOrArnError("arn " + InputText.quote(arn) + " does not end with the user name "
                    + InputText.quote(user));
        }
        if (!USER_ARN_PREFIX.matcher(arn.substring(0, arn.length() - user.length())).matches()) {
            throw row.nameOrArnError("arn " + InputText.quote(arn)
                    + " is not an IAM user arn (arn:<partition>:iam::<account>:user/<path><name>)");
        }
        Instant created = row.time("user_creation_time");
        return new Row(number, user, arn, Optional.of(new CredentialReportRow(user, arn, created,
                row.bool("password_enabled"), keys(row, created))));
    }

    /** The keys in the row's slots, each checked against what the other fields of its slot say. */
    private static List<AccessKeyFacts> keys(Fields row, Instant userCreated) {
        List<AccessKeyFacts> keys = new ArrayList<>();
        for (int slot : row.header.keySlots()) {
            String active = ReportHeader.slotColumn(slot, "active");
            String rotated = ReportHeader.slotColumn(slot, "last_rotated");
            String usedDate = ReportHeader.slotColumn(slot, "last_used_date");
            boolean isActive = row.bool(active);
            Optional<Instant> created = row.optionalTime(rotated);
            Optional<Instant> used = row.optionalTime(usedDate);
            if (isActive && created.isEmpty()) {
                throw row.contradiction(active, rotated, "an active key has a creation time");
            }
            if (used.isPresent() && created.isEmpty()) {
                throw row.contradiction(usedDate, rotated, "a slot without a key has no use");
            }
            for (String where : List.of("region", "service")) {
                String column = ReportHeader.slotColumn(slot, "last_used_" + where);
                if (used.isEmpty() && row.header.optionalValue(row.fields, column).filter(v -> !ABSENT.contains(v))
                        .isPresent()) {
                    throw row.contradiction(column, usedDate, "a key's last use has a date wherever it has a " + where);
                }
            }
            if (created.isPresent() && created.get().isBefore(userCreated)) {
                throw row.contradiction(rotated, "user_creation_time", "a key is not older than its user");
            }
            created.ifPresent(at -> keys.add(new AccessKeyFacts("access_key_" + slot,
                    isActive ? KeyStatus.ACTIVE : KeyStatus.INACTIVE, at, used.map(KeyUse::lastUsedAt).orElse(KeyUse.never()))));
        }
        return keys;
    }

    /** The fields of one row, read by column name, and the errors that name its line. */
    private static final class Fields {
        private final ReportHeader header;
        private final String[] fields;
        private final int line;

        Fields(ReportHeader header, String[] fields, int line) {
            this.header = header;
            this.fields = fields;
            this.line = line;
        }

        String value(String column) {
            return header.value(fields, column);
        }

        /** {@code true} or {@code false} in any case, as IAM and spreadsheets write them. */
        boolean bool(String column) {
            return switch (value(column).toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw error(column + " is not true or false: " + InputText.quote(value(column)));
            };
        }

        Optional<Instant> optionalTime(String column) {
            String value = value(column);
            return ABSENT.contains(value) ? Optional.empty() : Optional.of(CredentialReportParser.time(column, value, line));
        }

        Instant time(String column) {
            return optionalTime(column).orElseThrow(() -> error(column + " is missing"));
        }

        /** Two fields of the row that cannot both be true. */
        CredentialReportFormatException contradiction(String column, String other, String because) {
            return error(column + " is " + InputText.quote(value(column)) + " but " + other + " is "
                    + InputText.quote(value(other)) + ": " + because);
        }

        /**
         * A name or arn that cannot be read. With more fields than the header, that comes first: the extra commas
         * may belong to a user name or path, but then the name and arn would read.
         */
        CredentialReportFormatException nameOrArnError(String message) {
            return error(fields.length > header.columns()
                    ? "has " + fields.length + " fields, the header has " + header.columns() + ": " + message : message);
        }

        CredentialReportFormatException error(String message) {
            return new CredentialReportFormatException("credential report line " + line + ": " + message);
        }
    }
}
