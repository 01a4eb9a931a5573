package io.github.setupkeys.rule.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.KeyStatus;
import io.github.setupkeys.rule.domain.KeyUse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads IAM credential reports: the CSV itself, or the JSON that {@code aws iam get-credential-report}
 * prints (base64 {@code Content} and {@code GeneratedTime}).
 *
 * <p>IAM does not quote fields, and user names (and paths) may contain commas. Every column after
 * {@code arn} is comma-free (times, booleans, regions, service names), so a row is read from the right;
 * what remains is {@code name,arn}, split at the first {@code ,arn:} (a user name cannot contain a colon)
 * and checked: the arn must end with {@code /name}.
 *
 * <p>A key slot whose {@code last_rotated} is {@code N/A} holds no key. Real reports show the creation
 * time of inactive keys too (only {@code _active} says whether a key is active).
 */
public final class CredentialReportParser {

    public static final String ROOT_ACCOUNT = "<root_account>";

    private static final Set<String> ABSENT = Set.of("N/A", "no_information", "not_supported");
    private static final Pattern KEY_SLOT_COLUMN = Pattern.compile("access_key_(\\d+)_active");
    private static final List<String> REQUIRED = List.of("user", "arn", "user_creation_time", "password_enabled");

    private CredentialReportParser() {
    }

    /** Parses a report in either accepted form. */
    public static CredentialReport parse(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (body.isBlank()) {
            throw new CredentialReportFormatException("not an IAM credential report: the input is empty");
        }
        if (body.stripLeading().startsWith("{")) {
            return parseCliJson(body);
        }
        return new CredentialReport(Optional.empty(), parseCsv(body));
    }

    private static List<CredentialReportRow> parseCsv(String csv) {
        List<String> lines = csv.lines().toList();
        Header header = Header.read(lines.get(0));
        List<CredentialReportRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank()) {
                header.row(line, i + 1).ifPresent(rows::add);
            }
        }
        return rows;
    }

    private static CredentialReport parseCliJson(String json) {
        JsonObject object;
        try {
            JsonElement element = JsonParser.parseString(json);
            object = element.isJsonObject() ? element.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            object = null;
        }
        JsonElement content = object == null ? null : object.get("Content");
        if (content == null || !content.isJsonPrimitive()) {
            throw new CredentialReportFormatException("not an IAM credential report: JSON input must be the output "
                    + "of 'aws iam get-credential-report' with a Content field");
        }
        String csv;
        try {
            csv = new String(Base64.getMimeDecoder().decode(content.getAsString()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CredentialReportFormatException("not an IAM credential report: Content is not base64 ("
                    + e.getMessage() + ")");
        }
        JsonElement generated = object.get("GeneratedTime");
        Optional<Instant> generatedAt = generated == null || !generated.isJsonPrimitive()
                ? Optional.empty()
                : Optional.of(time("GeneratedTime", generated.getAsString(), 0));
        if (csv.isBlank()) {
            throw new CredentialReportFormatException("not an IAM credential report: Content is empty");
        }
        return new CredentialReport(generatedAt, parseCsv(csv));
    }

    private static Instant time(String column, String value, int lineNumber) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new CredentialReportFormatException(where(lineNumber) + column + " is not an ISO 8601 time: '"
                    + value + "'");
        }
    }

    private static String where(int lineNumber) {
        return lineNumber > 0 ? "credential report line " + lineNumber + ": " : "credential report: ";
    }

    /** The header line: where each column is, counted from the end of a row. */
    private record Header(int columns, Map<String, Integer> position, List<Integer> keySlots) {

        static Header read(String line) {
            List<String> names = Arrays.asList(line.strip().split(",", -1));
            if (names.size() < REQUIRED.size() || !names.subList(0, 2).equals(REQUIRED.subList(0, 2))) {
                throw new CredentialReportFormatException(
                        "not an IAM credential report: the first line must be its header, starting 'user,arn,'");
            }
            Map<String, Integer> position = new HashMap<>();
            Set<Integer> slots = new TreeSet<>();
            for (int i = 0; i < names.size(); i++) {
                position.put(names.get(i), i);
                Matcher slot = KEY_SLOT_COLUMN.matcher(names.get(i));
                if (slot.matches()) {
                    slots.add(Integer.parseInt(slot.group(1)));
                }
            }
            List<String> required = new ArrayList<>(REQUIRED);
            for (int slot : slots) {
                required.add(slotColumn(slot, "last_rotated"));
                required.add(slotColumn(slot, "last_used_date"));
            }
            for (String column : required) {
                if (!position.containsKey(column)) {
                    throw new CredentialReportFormatException(
                            "not an IAM credential report: the header has no '" + column + "' column");
                }
            }
            if (slots.isEmpty()) {
                throw new CredentialReportFormatException(
                        "not an IAM credential report: the header has no access_key_1_active column");
            }
            return new Header(names.size(), position, List.copyOf(slots));
        }

        Optional<CredentialReportRow> row(String line, int lineNumber) {
            String[] fields = line.split(",", -1);
            if (fields.length < columns) {
                throw new CredentialReportFormatException(where(lineNumber) + "has " + fields.length
                        + " fields, the header has " + columns);
            }
            int tail = fields.length - (columns - 2);
            String nameAndArn = String.join(",", Arrays.copyOfRange(fields, 0, tail));
            int split = nameAndArn.indexOf(",arn:");
            if (split <= 0) {
                throw new CredentialReportFormatException(where(lineNumber) + "the arn column does not start with 'arn:'");
            }
            String user = nameAndArn.substring(0, split);
            String arn = nameAndArn.substring(split + 1);
            if (user.equals(ROOT_ACCOUNT)) {
                return Optional.empty();
            }
            if (!arn.endsWith("/" + user)) {
                throw new CredentialReportFormatException(where(lineNumber) + "arn '" + arn
                        + "' does not end with the user name '" + user + "'");
            }
            Row row = new Row(fields, tail, lineNumber);
            List<AccessKeyFacts> keys = new ArrayList<>();
            for (int slot : keySlots) {
                row.optionalTime(slotColumn(slot, "last_rotated")).ifPresent(created -> keys.add(new AccessKeyFacts(
                        "access_key_" + slot,
                        row.bool(slotColumn(slot, "active")) ? KeyStatus.ACTIVE : KeyStatus.INACTIVE,
                        created,
                        row.optionalTime(slotColumn(slot, "last_used_date")).map(KeyUse::lastUsedAt)
                                .orElse(KeyUse.never()))));
            }
            return Optional.of(new CredentialReportRow(user, arn, row.time("user_creation_time"),
                    row.bool("password_enabled"), keys));
        }

        private static String slotColumn(int slot, String field) {
            return "access_key_" + slot + "_" + field;
        }

        /** The fixed columns of one row: column {@code c} of the header is field {@code tail + c - 2}. */
        private final class Row {
            private final String[] fields;
            private final int tail;
            private final int lineNumber;

            Row(String[] fields, int tail, int lineNumber) {
                this.fields = fields;
                this.tail = tail;
                this.lineNumber = lineNumber;
            }

            String value(String column) {
                return fields[tail + position.get(column) - 2].strip();
            }

            boolean bool(String column) {
                return switch (value(column)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new CredentialReportFormatException(where(lineNumber) + column
                            + " is not true or false: '" + value(column) + "'");
                };
            }

            Optional<Instant> optionalTime(String column) {
                String value = value(column);
                return ABSENT.contains(value) ? Optional.empty() : Optional.of(CredentialReportParser.time(column, value, lineNumber));
            }

            Instant time(String column) {
                return optionalTime(column).orElseThrow(() -> new CredentialReportFormatException(
                        where(lineNumber) + column + " is missing"));
            }
        }
    }
}
