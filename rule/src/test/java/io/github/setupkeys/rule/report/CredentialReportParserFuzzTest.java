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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;

/**
 * Credential reports as IAM writes them (random users, commas in names and paths, markers, both delivery
 * forms) must read back exactly; the same reports mutated must either read back as well-formed rows or fail
 * with a one-line {@link CredentialReportFormatException}. The fuzzer's bytes choose the report and the
 * changes; the empty input is a report with no user, and for the second test that report cut to nothing.
 */
class CredentialReportParserFuzzTest {

    private static final DateTimeFormatter IAM_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final String ACCOUNT = "123456789012";
    private static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern USER_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:user/([\\x21-\\x7e]*/)?");
    private static final Pattern SLOT = Pattern.compile("access_key_\\d+");

    /** One access key in a report slot. */
    record Key(boolean active, Instant created, Optional<Instant> lastUsed) {
        String columns() {
            return active + "," + time(created) + "," + lastUsed.map(used -> time(used) + ",us-east-1,iam")
                    .orElse("N/A,N/A,N/A");
        }

        AccessKeyFacts facts(int slot) {
            return new AccessKeyFacts("access_key_" + slot, active ? KeyStatus.ACTIVE : KeyStatus.INACTIVE, created,
                    lastUsed.map(KeyUse::lastUsedAt).orElse(KeyUse.never()));
        }
    }

    /** One IAM user's row, with its two key slots. */
    record User(String name, String path, Instant created, boolean password, Optional<Key> slot1, Optional<Key> slot2) {
        String arn() {
            return "arn:aws:iam::" + ACCOUNT + ":user" + path + name;
        }

        String row() {
            return name + "," + arn() + "," + time(created) + "," + password + ","
                    + (password ? "no_information," + time(created) + ",N/A" : "N/A,N/A,N/A") + ",false,"
                    + slot1.map(Key::columns).orElse("false,N/A,N/A,N/A,N/A") + ","
                    + slot2.map(Key::columns).orElse("false,N/A,N/A,N/A,N/A") + ",false,N/A,false,N/A";
        }

        List<AccessKeyFacts> keys() {
            List<AccessKeyFacts> keys = new ArrayList<>();
            slot1.ifPresent(key -> keys.add(key.facts(1)));
            slot2.ifPresent(key -> keys.add(key.facts(2)));
            return keys;
        }
    }

    /** A whole report as IAM delivers it: the CSV (with a BOM, CRLF …) or the awscli JSON around it. */
    record Report(List<User> users, boolean rootRow, String lineEnd, boolean bom, Optional<Instant> cliJsonAt) {
        String csv() {
            List<String> lines = new ArrayList<>();
            lines.add(CredentialReportParserTest.HEADER);
            if (rootRow) {
                lines.add(CredentialReportParserTest.ROOT);
            }
            users.forEach(user -> lines.add(user.row()));
            return (bom ? "\uFEFF" : "") + String.join(lineEnd, lines) + lineEnd;
        }

        JsonObject envelope(String csv) {
            JsonObject json = new JsonObject();
            json.addProperty("Content", Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8)));
            json.addProperty("ReportFormat", "text/csv");
            json.addProperty("GeneratedTime", time(cliJsonAt.orElseThrow()));
            return json;
        }

        String text() {
            return cliJsonAt.isPresent() ? envelope(csv()).toString() : csv();
        }
    }

    /** A report, mutated: in its CSV, then (for the JSON form) in its envelope, then as plain text. */
    record Mutated(Report report, List<Mutation<String>> csv, List<Mutation<JsonObject>> envelope,
            List<Mutation<String>> text) {
        String render() {
            String content = report.csv();
            for (Mutation<String> mutation : csv) {
                content = mutation.apply(content);
            }
            String rendered;
            if (report.cliJsonAt().isPresent()) {
                JsonObject json = report.envelope(content);
                for (Mutation<JsonObject> mutation : envelope) {
                    json = mutation.apply(json);
                }
                rendered = json.toString();
            } else {
                rendered = content;
            }
            for (Mutation<String> mutation : text) {
                rendered = mutation.apply(rendered);
            }
            return rendered;
        }
    }

    private static final Outcomes ROUND_TRIPS = new Outcomes("CredentialReportParserFuzzTest (as IAM writes it)",
            Map.of("CSV", 0.3, "awscli JSON", 0.2));
    private static final Outcomes MUTATED = new Outcomes("CredentialReportParserFuzzTest (mutated)",
            Map.of("read", 0.02, "rejected", 0.50));

    @FuzzTest(maxExecutions = 1000)
    void aReportAsIamWritesItReadsBackUserForUser(FuzzedDataProvider data) {
        Report report = report(data);
        describing(report, () -> readsBack(report));
    }

    private static void readsBack(Report report) {
        ROUND_TRIPS.count(report.cliJsonAt().isPresent() ? "awscli JSON" : "CSV");
        CredentialReport parsed = CredentialReportParser.parse(report.text());

        assertThat(parsed.generatedAt()).isEqualTo(report.cliJsonAt());
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
    void aMutatedReportReadsAsWellFormedRowsOrFailsSayingWhy(FuzzedDataProvider data) {
        Mutated mutated = mutated(data);
        describing(mutated, () -> readsWellFormedRowsOrFailsClearly(mutated));
    }

    @AfterAll
    static void bothFormsWereReadAndBothOutcomesReached() {
        ROUND_TRIPS.check();
        MUTATED.check();
    }

    private static void readsWellFormedRowsOrFailsClearly(Mutated mutated) {
        String text = mutated.render();
        CredentialReport parsed = null;
        Throwable failure = null;
        try {
            parsed = CredentialReportParser.parse(text);
        } catch (Throwable e) {
            failure = e;
        }
        MUTATED.count(failure == null ? "read" : "rejected");
        if (failure != null) {
            assertClearFailure(failure, CredentialReportFormatException.class);
            return;
        }
        for (CredentialReportRow row : parsed.rows()) {
            assertThat(row.userName()).as("user name").matches(USER_NAME);
            assertThat(row.arn()).as("arn of %s", row.userName()).startsWith("arn:").endsWith("/" + row.userName());
            assertThat(USER_ARN.matcher(row.arn().substring(0, row.arn().length() - row.userName().length())).matches())
                    .as("arn '%s' is an IAM user arn", row.arn()).isTrue();
            assertThat(row.accessKeys()).allSatisfy(key -> assertThat(key.accessKeyId()).matches(SLOT));
        }
        for (UserResult result : CredentialReportEvaluator.evaluate(parsed, RuleParameters.DEFAULTS)) {
            assertThat(result.verdict().complianceType()).isNotNull();
            assertThat(result.verdict().annotation()).hasSizeLessThanOrEqualTo(Annotation.MAX_LENGTH);
        }
    }

    // ---- what the fuzzer's bytes choose ----

    private static final List<String> LINE_ENDS = List.of("\n", "\r\n");
    private static final char[] NAME_CHARS = "abcXYZ019+=,.@_-".toCharArray();

    /** Up to eight users; the empty input is a CSV report with a header and no user. */
    private static Report report(FuzzedDataProvider data) {
        List<User> users = listOf(data, 8, CredentialReportParserFuzzTest::user);
        return new Report(users, data.consumeBoolean(), data.pickValue(LINE_ENDS), weighted(data, 2, 1) == 1,
                weighted(data, 6, 4) == 0 ? Optional.empty() : Optional.of(instant(data)));
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

    /** A key slot: empty (two times in five), or a key created seconds (a setup key) or days after its user. */
    private static Optional<Key> key(FuzzedDataProvider data, Instant user) {
        if (weighted(data, 2, 3) == 0) {
            return Optional.empty();
        }
        boolean active = data.consumeBoolean();
        long createdAfter = data.consumeBoolean() ? data.consumeLong(-5, 3700) : data.consumeLong(0, 400L * 86_400);
        Instant created = user.plusSeconds(createdAfter);
        Optional<Instant> used = data.consumeBoolean() ? Optional.empty()
                : Optional.of(created.plusSeconds(data.consumeLong(0, 90L * 86_400)));
        return Optional.of(new Key(active, created, used));
    }

    private static Instant instant(FuzzedDataProvider data) {
        return Instant.ofEpochSecond(data.consumeLong(Instant.parse("2010-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("2030-01-01T00:00:00Z").getEpochSecond()));
    }

    private static String time(Instant instant) {
        return IAM_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** A report and up to three changes to its CSV, two to its JSON envelope and one to its text: at least one. */
    private static Mutated mutated(FuzzedDataProvider data) {
        Report report = report(data);
        List<Mutation<String>> csv = listOf(data, 3, CredentialReportParserFuzzTest::csvMutation);
        List<Mutation<JsonObject>> envelope = listOf(data, 2, CredentialReportParserFuzzTest::envelopeMutation);
        List<Mutation<String>> text = listOf(data, 1, CredentialReportParserFuzzTest::textMutation);
        if (csv.isEmpty() && text.isEmpty() && (report.cliJsonAt().isEmpty() || envelope.isEmpty())) {
            csv = List.of(csvMutation(data));
        }
        return new Mutated(report, csv, envelope, text);
    }

    // ---- mutations ----

    private static final List<String> FIELD_VALUES = List.of("2026-13-01T00:00:00+00:00", "2026-01-01T00:00:00",
            "2026-01-01", "1700000000", "+999999999-12-31T23:59:59+00:00", "-999999999-01-01T00:00:00+00:00",
            "2026-01-01T00:00:00+25:00", "2026-01-01T24:00:00+00:00", "TRUE", "True", "1", "yes", "N/A", "no_information",
            "not_supported", "", " ", "<root_account>", "arn:aws:iam::1:user/x", "access_key_99999999999_active");

    private static String fieldValue(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(FIELD_VALUES) : HostileInput.string(data);
    }

    private static Mutation<String> csvMutation(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 8)) {
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
            default -> textMutation(data);
        };
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
