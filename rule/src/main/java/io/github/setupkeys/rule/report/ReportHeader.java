package io.github.setupkeys.rule.report;

import io.github.setupkeys.text.InputText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header line of a credential report: which columns there are, where each one is, and which access key
 * slots ({@code access_key_1_…}, {@code access_key_2_…}) the rows describe.
 */
record ReportHeader(int columns, Map<String, Integer> position, List<Integer> keySlots) {

    private static final Pattern KEY_SLOT_COLUMN = Pattern.compile("access_key_(\\d+)_active");
    private static final int MAX_KEY_SLOT = 99;
    private static final List<String> REQUIRED = List.of("user", "arn", "user_creation_time", "password_enabled");

    /** Reads the header as IAM writes it, or as a spreadsheet re-saves it (every name quoted). */
    static ReportHeader read(String line) {
        String[] names = CsvLine.asIamWritesIt(line.strip());
        if (!startsWithUserAndArn(names) && line.indexOf('"') >= 0) {
            names = CsvLine.asRfc4180(line.strip()).filter(ReportHeader::startsWithUserAndArn).orElse(names);
        }
        if (names.length < REQUIRED.size() || !startsWithUserAndArn(names)) {
            throw new CredentialReportFormatException(
                    "not an IAM credential report: the first line must be its header, starting 'user,arn,'");
        }
        Map<String, Integer> position = new HashMap<>();
        Set<Integer> slots = new TreeSet<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
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
        return new ReportHeader(names.length, Map.copyOf(position), List.copyOf(slots));
    }

    /** The column {@code access_key_<slot>_<field>}. */
    static String slotColumn(int slot, String field) {
        return "access_key_" + slot + "_" + field;
    }

    /** Whether the header has {@code column}; IAM's own optional ones (a key's last-used region) may be left out. */
    boolean has(String column) {
        return position.containsKey(column);
    }

    /**
     * The value of {@code column} in a row of {@code fields} whose last {@code columns - 2} fields are the
     * columns after {@code arn}, without surrounding spaces.
     */
    String value(String[] fields, String column) {
        return fields[fields.length - columns + position.get(column)].strip();
    }

    /** The value of {@code column}, if the header has it. */
    Optional<String> optionalValue(String[] fields, String column) {
        return has(column) ? Optional.of(value(fields, column)) : Optional.empty();
    }

    private static boolean startsWithUserAndArn(String[] names) {
        return names.length >= 2 && Arrays.asList(names).subList(0, 2).equals(REQUIRED.subList(0, 2));
    }

    private static int slotNumber(String digits, String column) {
        // 01 is not 1: the slot's other columns are named without the zero.
        int slot = digits.length() > 2 || digits.startsWith("0") ? 0 : Integer.parseInt(digits);
        if (slot < 1 || slot > MAX_KEY_SLOT) {
            throw new CredentialReportFormatException("not an IAM credential report: the header has key column "
                    + InputText.quote(column) + ", but key slots are numbered 1 to " + MAX_KEY_SLOT);
        }
        return slot;
    }
}
