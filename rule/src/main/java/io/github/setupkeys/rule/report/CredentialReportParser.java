package io.github.setupkeys.rule.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.github.setupkeys.json.StrictJson;
import io.github.setupkeys.text.InputText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads IAM credential reports, in every form they are handed on: the CSV as IAM writes it (unquoted) or as a
 * spreadsheet re-saves it (RFC 4180 quoting); the JSON that {@code aws iam get-credential-report} prints, with
 * {@code Content} in base64 or already decoded; and the bare base64 that
 * {@code aws iam get-credential-report --query Content --output text} prints.
 *
 * <p>Rows are read by {@link RowReader}, which refuses a row whose fields contradict each other, and checked
 * against each other by {@link ReportRows} (one account, each user once). A report is either read whole or
 * refused with one line naming what is wrong: nothing is evaluated from a report that contradicts itself.
 */
public final class CredentialReportParser {

    public static final String ROOT_ACCOUNT = "<root_account>";

    /** Base64 split into lines, and nothing else: a CSV report always has commas. */
    private static final Pattern BARE_BASE64 = Pattern.compile("[A-Za-z0-9+/=\\r\\n]+");

    private CredentialReportParser() {
    }

    /** Parses a report in any accepted form. */
    public static CredentialReport parse(String text) {
        String body = withoutByteOrderMark(text);
        if (body.stripLeading().startsWith("{")) {
            return parseCliJson(body);
        }
        if (BARE_BASE64.matcher(body.strip()).matches()) {
            Optional<byte[]> decoded = decodedIfBase64(body.strip());
            if (decoded.isPresent()) {
                return parseCsv(utf8(decoded.get(), "the base64 text"), "the decoded base64 text");
            }
        }
        return parseCsv(text, "the input");
    }

    /** The report in the CSV {@code csv}, which is {@code what} the report was given as. */
    private static CredentialReport parseCsv(String csv, String what) {
        String body = withoutByteOrderMark(csv);
        if (body.isBlank()) {
            throw new CredentialReportFormatException("not an IAM credential report: " + what + " is empty");
        }
        List<String> lines = body.lines().toList();
        ReportHeader header = ReportHeader.read(lines.get(0));
        ReportRows rows = new ReportRows();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank()) {
                rows.add(RowReader.read(header, line, i + 1));
            }
        }
        return rows.report();
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
        String csv;
        if (content.getAsString().contains(",")) {
            csv = content.getAsString(); // already decoded: base64 has no commas
        } else {
            byte[] bytes;
            try {
                bytes = base64(content.getAsString());
            } catch (IllegalArgumentException e) {
                throw new CredentialReportFormatException("not an IAM credential report: Content is not base64 ("
                        + InputText.clean(e.getMessage()) + ")");
            }
            csv = utf8(bytes, "Content");
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
        return parseCsv(csv, "Content").generatedAt(generatedAt);
    }

    /**
     * {@code text} decoded as strict base64, line breaks allowed: a corrupted report must not decode around the
     * damage to another one.
     *
     * @throws IllegalArgumentException when it is not base64
     */
    private static byte[] base64(String text) {
        return Base64.getDecoder().decode(text.replaceAll("[\\r\\n]", ""));
    }

    /** {@code text} decoded, if it is base64; text that is not is then read (and refused) as CSV. */
    private static Optional<byte[]> decodedIfBase64(String text) {
        try {
            return Optional.of(base64(text));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CredentialReportFormatException("not an IAM credential report: " + what + " is not UTF-8 text");
        }
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

    /** {@code value} of {@code column} as an instant; line 0 means the report as a whole. */
    static Instant time(String column, String value, int lineNumber) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new CredentialReportFormatException((lineNumber > 0 ? "credential report line " + lineNumber + ": "
                    : "credential report: ") + column + " is not an ISO 8601 time: " + InputText.quote(value));
        }
    }
}
