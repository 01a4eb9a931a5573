package io.github.setupkeys.rule.report;

import static io.github.setupkeys.rule.HostileInput.assertClearFailure;
import static io.github.setupkeys.rule.HostileInput.describing;
import static io.github.setupkeys.rule.HostileInput.listOf;
import static io.github.setupkeys.rule.HostileInput.position;
import static io.github.setupkeys.rule.HostileInput.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.setupkeys.rule.HostileInput;
import io.github.setupkeys.rule.Mutation;
import io.github.setupkeys.rule.Outcomes;
import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.Annotation;
import io.github.setupkeys.rule.domain.KeyStatus;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.rule.domain.OffendingKey;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.evaluation.CredentialReportEvaluator;
import io.github.setupkeys.rule.evaluation.UserResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;

/**
 * Credential reports as IAM writes them (random users, commas and quotes in names and paths, markers), in every
 * form they are handed on (the CSV, re-saved by a spreadsheet, the awscli's JSON with Content encoded or decoded,
 * bare base64), must read back exactly. The same reports mutated must either be refused with a one-line
 * {@link CredentialReportFormatException}, or be evaluated to exactly what {@link ReportModel}, a model of the
 * documented report format, says of the same text: never a verdict from a report that contradicts itself. The
 * fuzzer's bytes choose the report, the changes and the rule parameters; the empty input is a CSV report with no
 * user, and for the second test that report cut to nothing.
 */
class CredentialReportParserFuzzTest {

    private static final DateTimeFormatter IAM_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final String ACCOUNT = "123456789012";

    /** One access key in a report slot. */
    record Key(boolean active, Instant created, Optional<Instant> lastUsed) {
        List<String> fields() {
            return List.of(Boolean.toString(active), time(created), lastUsed.map(CredentialReportParserFuzzTest::time)
                    .orElse("N/A"), lastUsed.isPresent() ? "us-east-1" : "N/A", lastUsed.isPresent() ? "iam" : "N/A");
        }

        AccessKeyFacts facts(int slot) {
            return new AccessKeyFacts("access_key_" + slot, active ? KeyStatus.ACTIVE : KeyStatus.INACTIVE, created,
                    lastUsed.map(KeyUse::lastUsedAt).orElse(KeyUse.never()));
        }
    }

    private static final List<String> NO_KEY = List.of("false", "N/A", "N/A", "N/A", "N/A");

    /** One IAM user's row, with its two key slots. */
    record User(String name, String path, Instant created, boolean password, Optional<Key> slot1, Optional<Key> slot2) {
        String arn() {
            return "arn:aws:iam::" + ACCOUNT + ":user" + path + name;
        }

        /** The row's fields, unquoted, in the header's order. */
        List<String> fields() {
            List<String> fields = new ArrayList<>(List.of(name, arn(), time(created), Boolean.toString(password)));
            fields.addAll(password ? List.of("no_information", time(created), "N/A") : List.of("N/A", "N/A", "N/A"));
            fields.add("false");
            fields.addAll(slot1.map(Key::fields).orElse(NO_KEY));
            fields.addAll(slot2.map(Key::fields).orElse(NO_KEY));
            fields.addAll(List.of("false", "N/A", "false", "N/A"));
            return fields;
        }

        List<AccessKeyFacts> keys() {
            List<AccessKeyFacts> keys = new ArrayList<>();
            slot1.ifPresent(key -> keys.add(key.facts(1)));
            slot2.ifPresent(key -> keys.add(key.facts(2)));
            return keys;
        }
    }

    /** How a report is handed on. */
    enum Form {
        /** As IAM writes it: nothing quoted. */
        CSV,
        /** Re-saved by a spreadsheet or pandas: RFC 4180, fields holding a comma or quote quoted. */
        RESAVED_CSV,
        /** Every field quoted, as some spreadsheets save text. */
        ALL_QUOTED_CSV,
        /** What {@code aws iam get-credential-report} prints: Content in base64. */
        AWSCLI_JSON,
        /** The same JSON with Content already decoded. */
        DECODED_JSON,
        /** What {@code --query Content --output text} prints. */
        BARE_BASE64;

        boolean json() {
            return this == AWSCLI_JSON || this == DECODED_JSON;
        }
    }

    /** A whole report as it is handed on: the CSV (with a BOM, CRLF …), or JSON or base64 around it. */
    record Report(List<User> users, boolean rootRow, String lineEnd, boolean bom, Form form, Instant generatedAt) {
        String csv() {
            List<String> lines = new ArrayList<>();
            lines.add(line(Arrays.asList(CredentialReportParserTest.HEADER.split(","))));
            if (rootRow) {
                lines.add(line(Arrays.asList(CredentialReportParserTest.ROOT.split(","))));
            }
            users.forEach(user -> lines.add(line(user.fields())));
            return (bom ? "\uFEFF" : "") + String.join(lineEnd, lines) + lineEnd;
        }

        private String line(List<String> fields) {
            return fields.stream().map(field -> switch (form) {
                case RESAVED_CSV -> field.contains(",") || field.contains("\"") ? quoted(field) : field;
                case ALL_QUOTED_CSV -> quoted(field);
                default -> field;
            }).collect(Collectors.joining(","));
        }

        private static String quoted(String field) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }

        JsonObject envelope(String csv) {
            JsonObject json = new JsonObject();
            json.addProperty("Content", form == Form.DECODED_JSON ? csv : base64(csv));
            json.addProperty("ReportFormat", "text/csv");
            json.addProperty("GeneratedTime", time(generatedAt));
            return json;
        }

        String text() {
            return wrapped(csv());
        }

        /** {@code csv} handed on in this report's form. */
        String wrapped(String csv) {
            if (form.json()) {
                return envelope(csv).toString();
            }
            return form == Form.BARE_BASE64 ? base64(csv) : csv;
        }

        Optional<Instant> generatedTime() {
            return form.json() ? Optional.of(generatedAt) : Optional.empty();
        }
    }

    /**
     * A report, mutated: in its CSV, then in its JSON envelope, then as the text handed on; and the parameters the
     * scan evaluates it with.
     */
    record Mutated(Report report, List<Mutation<String>> csv, List<Mutation<JsonObject>> envelope,
            List<Mutation<String>> text, RuleParameters parameters) {
        String render() {
            String content = report.csv();
            for (Mutation<String> mutation : csv) {
                content = mutation.apply(content);
            }
            String rendered;
            if (report.form().json()) {
                JsonObject json = report.envelope(content);
                for (Mutation<JsonObject> mutation : envelope) {
                    json = mutation.apply(json);
                }
                rendered = json.toString();
            } else {
                rendered = report.wrapped(content);
            }
            for (Mutation<String> mutation : text) {
                rendered = mutation.apply(rendered);
            }
            return rendered;
        }
    }

    private static final Outcomes ROUND_TRIPS = new Outcomes("CredentialReportParserFuzzTest (as handed on)",
            Map.of("CSV", 0.15, "RESAVED_CSV", 0.05, "ALL_QUOTED_CSV", 0.05, "AWSCLI_JSON", 0.05, "DECODED_JSON", 0.05,
                    "BARE_BASE64", 0.05));
    private static final Outcomes MUTATED = new Outcomes("CredentialReportParserFuzzTest (mutated)",
            Map.of("evaluated", 0.02, "refused", 0.50));

    @FuzzTest(maxExecutions = 1000)
    void aReportAsIamWritesItReadsBackUserForUser(FuzzedDataProvider data) {
        Report report = report(data);
        describing(report, () -> readsBack(report));
    }

    private static void readsBack(Report report) {
        ROUND_TRIPS.count(report.form().name());
        CredentialReport parsed = CredentialReportParser.parse(report.text());

        assertThat(parsed.generatedAt()).isEqualTo(report.generatedTime());
        assertThat(parsed.rootAccountRow()).isEqualTo(report.rootRow());
        assertThat(parsed.rows()).hasSameSizeAs(report.users());
        for (int i = 0; i < report.users().size(); i++) {
            User user = report.users().get(i);
            CredentialReportRow row = parsed.rows().get(i);
            assertThat(row.userName()).isEqualTo(user.name());
            assertThat(row.arn()).isEqualTo(user.arn());
            assertThat(row.userCreationTime()).isEqualTo(user.created());
            assertThat(row.passwordEnabled()).isEqualTo(user.password());
            assertThat(row.accessKeys()).isEqualTo(user.keys());
        }
    }

    @FuzzTest(maxExecutions = 2000)
    void aMutatedReportIsRefusedOrEvaluatedAsTheModelReadsIt(FuzzedDataProvider data) {
        Mutated mutated = mutated(data);
        describing(mutated, () -> refusedOrEvaluatedAsTheModelSays(mutated));
    }

    @AfterAll
    static void everyFormWasReadAndBothOutcomesReached() {
        ROUND_TRIPS.check();
        MUTATED.check();
    }

    /**
     * The scan's offline path (parse, then evaluate) either refuses the text clearly, or evaluates exactly the
     * users the model reads in it, to the model's verdicts. So a text the model finds inconsistent is refused.
     */
    private static void refusedOrEvaluatedAsTheModelSays(Mutated mutated) {
        String text = mutated.render();
        List<UserResult> results = null;
        Throwable failure = null;
        try {
            results = CredentialReportEvaluator.evaluate(CredentialReportParser.parse(text), mutated.parameters());
        } catch (Throwable e) {
            failure = e;
        }
        MUTATED.count(failure == null ? "evaluated" : "refused");
        if (failure != null) {
            assertClearFailure(failure, CredentialReportFormatException.class);
            return;
        }
        ReportModel.Reading reading = ReportModel.read(text);
        assertThat(reading.users()).as("the model's reading of the text the scan evaluated (%s)", reading.why())
                .isPresent();
        List<ReportModel.Verdict> expected = ReportModel.evaluate(reading.users().get(), mutated.parameters());
        List<ReportModel.Verdict> actual = results.stream().map(result -> new ReportModel.Verdict(
                result.user().userName(), result.user().arn(), result.verdict().complianceType(),
                result.verdict().offendingKeys().stream().map(OffendingKey::accessKeyId).toList())).toList();
        assertThat(ReportModel.show(actual)).as("verdicts").isEqualTo(ReportModel.show(expected));
        assertThat(results).allSatisfy(result -> assertThat(result.verdict().annotation())
                .hasSizeLessThanOrEqualTo(Annotation.MAX_LENGTH));
    }

    // ---- what the fuzzer's bytes choose ----

    private static final List<String> LINE_ENDS = List.of("\n", "\r\n");
    private static final char[] NAME_CHARS = "abcXYZ019+=,.@_-".toCharArray();

    /** Up to eight users, each name once (ignoring case, as IAM); the empty input is a CSV report with no user. */
    private static Report report(FuzzedDataProvider data) {
        Set<String> names = new HashSet<>();
        List<User> users = listOf(data, 8, CredentialReportParserFuzzTest::user).stream()
                .filter(user -> names.add(user.name().toLowerCase(Locale.ROOT))).toList();
        return new Report(users, data.consumeBoolean(), data.pickValue(LINE_ENDS), weighted(data, 2, 1) == 1,
                Form.values()[weighted(data, 4, 1, 1, 2, 1, 1)], instant(data));
    }

    private static User user(FuzzedDataProvider data) {
        StringBuilder name = new StringBuilder();
        for (int length = data.consumeInt(1, 64); name.length() < length; ) {
            name.append(data.pickValue(NAME_CHARS));
        }
        List<String> segments = listOf(data, 3, segmentData -> {
            char[] segment = new char[segmentData.consumeInt(1, 12)];
            for (int i = 0; i < segment.length; i++) {
                char c = segmentData.consumeChar('!', '~');
                segment[i] = c == '/' ? '_' : c;
            }
            return new String(segment);
        });
        String path = segments.isEmpty() ? "/" : "/" + String.join("/", segments) + "/";
        Instant created = instant(data);
        boolean password = data.consumeBoolean();
        return new User(name.toString(), path, created, password, key(data, created), key(data, created));
    }

    /**
     * A key slot: empty (two times in five), or a key created seconds (a setup key) or days after its user (users
     * are created from 2010, so some keys are older than IAM's record of use).
     */
    private static Optional<Key> key(FuzzedDataProvider data, Instant user) {
        if (weighted(data, 2, 3) == 0) {
            return Optional.empty();
        }
        boolean active = data.consumeBoolean();
        long createdAfter = data.consumeBoolean() ? data.consumeLong(0, 3700) : data.consumeLong(0, 400L * 86_400);
        Instant created = user.plusSeconds(createdAfter);
        Optional<Instant> used = data.consumeBoolean() ? Optional.empty()
                : Optional.of(created.plusSeconds(data.consumeLong(0, 90L * 86_400)));
        return Optional.of(new Key(active, created, used));
    }

    /** The scan's parameters: the defaults for the empty input. */
    private static RuleParameters parameters(FuzzedDataProvider data) {
        return new RuleParameters(data.pickValue(WINDOWS), !data.consumeBoolean(), data.consumeBoolean(), Optional.empty());
    }

    private static final List<Long> WINDOWS = List.of(RuleParameters.DEFAULT_SETUP_WINDOW_SECONDS, 1L, 60L, 86_400L,
            RuleParameters.MAX_SETUP_WINDOW_SECONDS);

    private static Instant instant(FuzzedDataProvider data) {
        return Instant.ofEpochSecond(data.consumeLong(Instant.parse("2010-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("2030-01-01T00:00:00Z").getEpochSecond()));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String time(Instant instant) {
        return IAM_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    /**
     * A report, up to three changes to its CSV, two to its JSON envelope and one to its text (at least one), and
     * the parameters to evaluate it with.
     */
    private static Mutated mutated(FuzzedDataProvider data) {
        Report report = report(data);
        List<Mutation<String>> csv = listOf(data, 3, CredentialReportParserFuzzTest::csvMutation);
        List<Mutation<JsonObject>> envelope = listOf(data, 2, CredentialReportParserFuzzTest::envelopeMutation);
        List<Mutation<String>> text = listOf(data, 1, CredentialReportParserFuzzTest::textMutation);
        if (csv.isEmpty() && text.isEmpty() && (!report.form().json() || envelope.isEmpty())) {
            csv = List.of(csvMutation(data));
        }
        return new Mutated(report, csv, envelope, text, parameters(data));
    }

    // ---- mutations ----

    private static final List<String> FIELD_VALUES = List.of("true", "false", "2024-05-01T00:00:00+00:00",
            "us-east-1", "s3", "2026-13-01T00:00:00+00:00", "2026-01-01T00:00:00",
            "2026-01-01", "1700000000", "+999999999-12-31T23:59:59+00:00", "-999999999-01-01T00:00:00+00:00",
            "2026-01-01T00:00:00+25:00", "2026-01-01T24:00:00+00:00", "TRUE", "True", "1", "yes", "N/A", "no_information",
            "not_supported", "", " ", "<root_account>", "arn:aws:iam::1:user/x", "access_key_99999999999_active");

    private static String fieldValue(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(FIELD_VALUES) : HostileInput.string(data);
    }

    private static Mutation<String> csvMutation(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 14)) {
            case 0 -> {
                int at = position(data);
                yield new Mutation<>("cut at " + at, text -> text.substring(0, at % (text.length() + 1)));
            }
            case 1 -> {
                int at = position(data);
                yield new Mutation<>("drop line " + at, text -> onLines(text, lines -> lines.remove(at % lines.size())));
            }
            case 2 -> {
                int at = position(data);
                yield new Mutation<>("duplicate line " + at, text -> onLines(text, lines -> {
                    int i = at % lines.size();
                    lines.add(i, lines.get(i));
                }));
            }
            case 3 -> {
                int a = position(data);
                int b = position(data);
                yield new Mutation<>("swap lines " + a + " " + b, text -> onLines(text, lines -> swap(lines, a, b)));
            }
            case 4 -> {
                int line = position(data);
                int a = position(data);
                int b = position(data);
                yield new Mutation<>("swap fields " + a + " " + b + " of line " + line,
                        text -> onFields(text, line, fields -> swap(fields, a, b)));
            }
            case 5 -> {
                int line = position(data);
                int a = position(data);
                yield new Mutation<>("remove field " + a + " of line " + line,
                        text -> onFields(text, line, fields -> fields.remove(a % fields.size())));
            }
            case 6 -> {
                int line = position(data);
                int a = position(data);
                String value = fieldValue(data);
                yield new Mutation<>("add field " + HostileInput.shown(value) + " at " + a + " of line " + line,
                        text -> onFields(text, line, fields -> fields.add(a % (fields.size() + 1), value)));
            }
            case 7 -> {
                int line = position(data);
                int a = position(data);
                String value = fieldValue(data);
                yield new Mutation<>("set field " + a + " of line " + line + " to " + HostileInput.shown(value),
                        text -> onFields(text, line, fields -> fields.set(a % fields.size(), value)));
            }
            case 8, 12, 13 -> slotMutation(data);
            case 9 -> {
                int line = position(data);
                yield new Mutation<>("copy line " + line + " as the same user in another case", text -> onLines(text,
                        lines -> lines.add(otherCase(lines.get(line % lines.size())))));
            }
            case 10 -> {
                int line = position(data);
                yield new Mutation<>("move line " + line + " to another account", text -> onLines(text, lines -> {
                    int i = line % lines.size();
                    lines.set(i, lines.get(i).replace(":iam::" + ACCOUNT + ":", ":iam::999999999999:"));
                }));
            }
            case 11 -> {
                int line = position(data);
                yield new Mutation<>("quote every field of line " + line, text -> onLines(text, lines -> {
                    int i = line % lines.size();
                    lines.set(i, Arrays.stream(lines.get(i).split(",", -1)).map(Report::quoted)
                            .collect(Collectors.joining(",")));
                }));
            }
            default -> textMutation(data);
        };
    }

    /**
     * A whole key slot of a row, counted from the row's end (commas in a name do not move it): as IAM writes one, or
     * with fields that contradict each other.
     */
    private static Mutation<String> slotMutation(FuzzedDataProvider data) {
        int line = position(data);
        int slot = data.consumeInt(1, 2);
        List<String> fields = data.pickValue(SLOTS);
        return new Mutation<>("set key slot " + slot + " of line " + line + " to " + fields, text -> onFields(text, line,
                row -> {
                    int start = row.size() - 4 - 5 * (3 - slot);
                    for (int i = 0; i < 5; i++) {
                        if (start + i >= 0) {
                            row.set(start + i, fields.get(i));
                        }
                    }
                }));
    }

    private static final List<List<String>> SLOTS = List.of(
            List.of("false", "N/A", "N/A", "N/A", "N/A"),
            List.of("true", "2024-05-01T00:00:00+00:00", "N/A", "N/A", "N/A"),
            List.of("FALSE", "2014-05-01T00:00:00+00:00", "2024-06-01T00:00:00+00:00", "us-east-1", "s3"),
            List.of("true", "N/A", "N/A", "N/A", "N/A"),
            List.of("false", "N/A", "2024-06-01T00:00:00+00:00", "us-east-1", "s3"),
            List.of("true", "2024-05-01T00:00:00+00:00", "N/A", "us-east-1", "N/A"),
            List.of("True", "2001-01-01T00:00:00+00:00", "N/A", "N/A", "N/A"),
            List.of("true", "no_information", "N/A", "N/A", "not_supported"));

    /** {@code line} with its user name in another case, in the name and the arn: the same IAM user. */
    private static String otherCase(String line) {
        int arn = line.indexOf(",arn:");
        if (arn <= 0) {
            return line;
        }
        String name = line.substring(0, arn);
        StringBuilder other = new StringBuilder();
        name.chars().forEach(c -> other.append(Character.isUpperCase(c) ? Character.toLowerCase((char) c)
                : Character.toUpperCase((char) c)));
        return other + line.substring(arn).replace("/" + name + ",", "/" + other + ",");
    }

    private static final List<String> INSERTS = List.of("\uFEFF", "\r", "\n", "\r\n", "\u0000", ",", ",arn:", "\u2028",
            "\"", "\\", "\uD83D");
    private static final List<Mutation<String>> LINE_END_REWRITES = List.of(
            new Mutation<>("CR line ends", text -> text.replace("\r\n", "\n").replace('\n', '\r')),
            new Mutation<>("CRLF line ends", text -> text.replace("\r\n", "\n").replace("\n", "\r\n")),
            new Mutation<>("no line ends", text -> text.replace("\r", "").replace("\n", "")));

    private static Mutation<String> textMutation(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 4)) {
            case 0 -> {
                int at = position(data);
                String insert = data.consumeBoolean() ? data.pickValue(INSERTS) : HostileInput.string(data);
                yield new Mutation<>("insert " + HostileInput.shown(insert) + " at " + at, text -> {
                    int i = at % (text.length() + 1);
                    return text.substring(0, i) + insert + text.substring(i);
                });
            }
            case 1 -> {
                int at = position(data);
                char c = data.consumeChar();
                yield new Mutation<>("replace char " + at + " with U+" + Integer.toHexString(c), text -> {
                    if (text.isEmpty()) {
                        return text;
                    }
                    char[] chars = text.toCharArray();
                    chars[at % chars.length] = c;
                    return new String(chars);
                });
            }
            case 2 -> data.pickValue(LINE_END_REWRITES);
            case 3 -> {
                byte[] bytes = data.consumeBytes(300);
                yield new Mutation<>("binary " + Arrays.toString(bytes), text -> new String(bytes, StandardCharsets.ISO_8859_1));
            }
            default -> {
                String hostile = HostileInput.string(data);
                yield new Mutation<>("replace with " + HostileInput.shown(hostile), text -> hostile);
            }
        };
    }

    private static final List<String> ENVELOPE_FIELDS = List.of("Content", "GeneratedTime", "ReportFormat");
    private static final List<JsonElement> ENVELOPE_VALUES = List.of(JsonNull.INSTANCE, new JsonPrimitive(42),
            new JsonPrimitive(1e3), new JsonPrimitive(true), new JsonArray(), new JsonObject(),
            new JsonPrimitive("2026-02-30T00:00:00+00:00"), new JsonPrimitive("2026-01-01T00:00:00Z"),
            new JsonPrimitive("yesterday"), new JsonPrimitive("dXNlcixhcm4K"), new JsonPrimitive("===="));
    private static final List<Character> BASE64_INSERTS = List.of('*', '-', '_', ' ', '=', '\n', '!', '\u00e9', 'A');
    private static final List<Mutation<JsonObject>> ENVELOPE_REWRITES = List.of(
            new Mutation<>("strip base64 padding", json -> onContent(json, content -> content.replace("=", ""))),
            new Mutation<>("base64url alphabet", json -> onContent(json,
                    content -> content.replace('+', '-').replace('/', '_'))),
            new Mutation<>("wrap in an array", json -> {
                JsonObject wrapper = new JsonObject();
                JsonArray array = new JsonArray();
                array.add(json);
                wrapper.add("Content", array);
                return wrapper;
            }));

    private static Mutation<JsonObject> envelopeMutation(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 5)) {
            case 0 -> {
                String name = data.pickValue(ENVELOPE_FIELDS);
                yield new Mutation<>("remove " + name, json -> {
                    json.remove(name);
                    return json;
                });
            }
            case 1 -> {
                String name = data.pickValue(ENVELOPE_FIELDS);
                JsonElement value = data.consumeBoolean() ? data.pickValue(ENVELOPE_VALUES)
                        : new JsonPrimitive(HostileInput.string(data));
                yield new Mutation<>("set " + name + " to " + HostileInput.shown(value.toString()), json -> {
                    json.add(name, value.deepCopy());
                    return json;
                });
            }
            case 2 -> {
                int at = position(data);
                char c = data.pickValue(BASE64_INSERTS);
                yield new Mutation<>("insert '" + c + "' into the base64 at " + at, json -> onContent(json, content -> {
                    int i = at % (content.length() + 1);
                    return content.substring(0, i) + c + content.substring(i);
                }));
            }
            case 3 -> {
                int at = position(data);
                yield new Mutation<>("drop base64 char " + at, json -> onContent(json, content -> content.isEmpty()
                        ? content : content.substring(0, at % content.length()) + content.substring(at % content.length() + 1)));
            }
            case 4 -> {
                int at = position(data);
                yield new Mutation<>("cut base64 at " + at, json -> onContent(json,
                        content -> content.substring(0, at % (content.length() + 1))));
            }
            default -> data.pickValue(ENVELOPE_REWRITES);
        };
    }

    private static <T> void swap(List<T> list, int a, int b) {
        int i = a % list.size();
        int j = b % list.size();
        T element = list.get(i);
        list.set(i, list.get(j));
        list.set(j, element);
    }

    private static String onLines(String text, Consumer<List<String>> change) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        change.accept(lines);
        return String.join("\n", lines);
    }

    private static String onFields(String text, int line, Consumer<List<String>> change) {
        return onLines(text, lines -> {
            int i = line % lines.size();
            List<String> fields = new ArrayList<>(Arrays.asList(lines.get(i).split(",", -1)));
            change.accept(fields);
            lines.set(i, String.join(",", fields));
        });
    }

    private static JsonObject onContent(JsonObject json, UnaryOperator<String> change) {
        if (json.has("Content") && json.get("Content").isJsonPrimitive()) {
            json.addProperty("Content", change.apply(json.get("Content").getAsString()));
        }
        return json;
    }
}
