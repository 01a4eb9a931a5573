package io.github.setupkeys.rule.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of one line of a credential report, read in either of the two ways reports are written.
 *
 * <p>IAM quotes nothing: a field is whatever lies between two commas, and a user name or path may itself hold
 * commas and quotes (the {@code arn} column says where the name ends). A report re-saved by a spreadsheet or
 * pandas is RFC 4180 instead: a field holding a comma or a quote is quoted, and its quotes are doubled.
 */
final class CsvLine {

    private CsvLine() {
    }

    /** The fields as IAM writes them: split at every comma. */
    static String[] asIamWritesIt(String line) {
        return line.split(",", -1);
    }

    /**
     * The fields under RFC 4180, or empty when the line is not RFC 4180: a quote inside an unquoted field, a
     * quoted field never closed, or anything but a comma after a closing quote.
     */
    static Optional<String[]> asRfc4180(String line) {
        List<String> fields = new ArrayList<>();
        int at = 0;
        while (true) {
            StringBuilder field = new StringBuilder();
            if (at < line.length() && line.charAt(at) == '"') {
                at++;
                while (true) {
                    int quote = line.indexOf('"', at);
                    if (quote < 0) {
                        return Optional.empty();
                    }
                    field.append(line, at, quote);
                    at = quote + 1;
                    if (at < line.length() && line.charAt(at) == '"') {
                        field.append('"');
                        at++;
                    } else {
                        break;
                    }
                }
            } else {
                int comma = line.indexOf(',', at);
                int end = comma < 0 ? line.length() : comma;
                if (line.substring(at, end).indexOf('"') >= 0) {
                    return Optional.empty();
                }
                field.append(line, at, end);
                at = end;
            }
            fields.add(field.toString());
            if (at == line.length()) {
                return Optional.of(fields.toArray(String[]::new));
            }
            if (line.charAt(at) != ',') {
                return Optional.empty();
            }
            at++;
        }
    }
}
