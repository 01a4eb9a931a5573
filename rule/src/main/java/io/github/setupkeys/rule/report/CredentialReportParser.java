package io.github.setupkeys.rule.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.IamNames;
import io.github.setupkeys.rule.domain.KeyStatus;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.json.StrictJson;
import io.github.setupkeys.text.InputText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
    private static final int MAX_KEY_SLOT = 99;
    /** IAM user names have no colon, which is what lets a row be split. */
    private static final Pattern USER_NAME = IamNames.NAME;
    /** An IAM user's arn up to its name: partition, 12-digit account, then the path (printable ASCII). */
    private static final Pattern USER_ARN_PREFIX = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:user/([\\x21-\\x7e]*/)?");
    private static final List<String> REQUIRED = List.of("user", "arn", "user_creation_time", "password_enabled");

    private CredentialReportParser() {
    }

    /** Parses a report in either accepted form. */
    public static CredentialReport parse(String text) {
        if (withoutByteOrderMark(text).stripLeading().startsWith("{")) {
            return parseCliJson(withoutByteOrderMark(text));
        }
        return new CredentialReport(Optional.empty(), parseCsv(text, "the input"));
    }

    /** The rows of the CSV {@code csv}, which is {@code what} the report was given as. */
    private static List<CredentialReportRow> parseCsv(String csv, String what) {
        String body = withoutByteOrderMark(csv);
        if (body.isBlank()) {
            throw new CredentialReportFormatException("not an IAM credential report: " + what + " is empty");
        }
        List<String> lines = body.lines().toList();
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

    private static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static CredentialReport parseCliJson(String json) {
        JsonObject object = strictJsonObject(json);
        JsonElement content = object == null ? null : object.get("Content");
        if (content == null || !content.isJsonPrimitive() || !content.getAsJsonPrimitive().isString()) {
            throw new CredentialReportFormatException("not an IAM credential report: JSON input must be the output "
                    + "of 'aws iam get-credential-report' with a Content field");
        }
        byte[] bytes;
        try {
            // Strict base64: a corrupted report must not decode to another one. Line breaks are allowed.
            bytes = Base64.getDecoder().decode(content.getAsString().replaceAll("[\\r\\n]", ""));
        } catch (IllegalArgumentException e) {
            throw new CredentialReportFormatException("not an IAM credential report: Content is not base64 ("
                    + InputText.clean(e.getMessage()) + ")");
        }
        String csv;
        try {
            csv = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CredentialReportFormatException("not an IAM credential report: Content is not UTF-8 text");
        }
        JsonElement generated = object.get("GeneratedTime");
        Optional<Instant> generatedAt;
        if (generated == null || generated.isJsonNull()) {
            generatedAt = Optional.empty();
        } else if (generated.isJsonPrimitive() && generated.getAsJsonPrimitive().isString()) {
            generatedAt = Optional.of(time("GeneratedTime", generated.getAsString(), 0));
        } else {
            throw new CredentialReportFormatException("credential report: GeneratedTime is not an ISO 8601 time: "
                    + InputText.quote(generated.toString()));
        }
        return new CredentialReport(generatedAt, parseCsv(csv, "Content"));
    }

    /** The JSON object {@code json} is, read strictly (as the awscli writes it), or null if it is none. */
    private static JsonObject strictJsonObject(String json) {
        try {
            JsonElement element = StrictJson.parse(json);
            return element.isJsonObject() ? element.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }

    private static Instant time(String column, String value, int lineNumber) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new CredentialReportFormatException(where(lineNumber) + column + " is not an ISO 8601 time: "
                    + InputText.quote(value));
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
                String name = names.get(i);
                if (position.put(name, i) != null) {
                    throw new CredentialReportFormatException(
                            "not an IAM credential report: the header names column " + InputText.quote(name) + " twice");
                }
                Matcher slot = KEY_SLOT_COLUMN.matcher(name);
                if (slot.matches()) {
                    slots.add(slotNumber(slot.group(1), name));
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

        private static int slotNumber(String digits, String column) {
            int slot = digits.length() > 2 ? 0 : Integer.parseInt(digits);
            if (slot < 1 || slot > MAX_KEY_SLOT) {
                throw new CredentialReportFormatException("not an IAM credential report: the header has key column "
                        + InputText.quote(column) + ", but key slots are numbered 1 to " + MAX_KEY_SLOT);
            }
            return slot;
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
            if (!USER_NAME.matcher(user).matches()) {
                throw new CredentialReportFormatException(where(lineNumber) + "user " + InputText.quote(user)
                        + " is not an IAM user name (" + IamNames.NAME_FORM + ")");
            }
            // These two name the line, not the user or its arn: the rule's log line holds no user names.
            if (!arn.endsWith("/" + user)) {
                throw new CredentialReportFormatException(where(lineNumber)
                        + "the arn column does not end with the row's user name");
            }
            if (!USER_ARN_PREFIX.matcher(arn.substring(0, arn.length() - user.length())).matches()) {
                throw new CredentialReportFormatException(where(lineNumber)
                        + "the arn column is not an IAM user arn (arn:<partition>:iam::<account>:user/<path><name>)");
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
                            + " is not true or false: " + InputText.quote(value(column)));
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
