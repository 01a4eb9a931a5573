package io.github.setupkeys.rule.report;

import static io.github.setupkeys.rule.HostileInput.assertClearFailure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.setupkeys.rule.HostileInput;
import io.github.setupkeys.rule.Mutation;
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
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Credential reports as IAM writes them (random users, commas in names and paths, markers, both delivery
 * forms) must read back exactly; the same reports mutated must either read back as well-formed rows or fail
 * with a one-line {@link CredentialReportFormatException}.
 */
class CredentialReportParserPropertiesTest {

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

    @Property(tries = 1000, seed = HostileInput.SEED)
    void aReportAsIamWritesItReadsBackUserForUser(@ForAll("reports") Report report) {
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

    @Property(tries = 2000, seed = HostileInput.SEED)
    void aMutatedReportReadsAsWellFormedRowsOrFailsSayingWhy(@ForAll("mutatedReports") Mutated mutated) {
        String text = mutated.render();
        CredentialReport parsed = null;
        Throwable failure = null;
        try {
            parsed = CredentialReportParser.parse(text);
        } catch (Throwable e) {
            failure = e;
        }
        Statistics.label("outcome").collect(failure == null ? "read" : "rejected");
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check("read").percentage(p -> p > 2);
            coverage.check("rejected").percentage(p -> p > 50);
        });
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

    @Provide
    Arbitrary<Report> reports() {
        Arbitrary<Optional<Instant>> cliTime = instants().optional(0.4);
        return Combinators.combine(users().list().ofMaxSize(8), Arbitraries.of(true, false),
                Arbitraries.of("\n", "\r\n"), Arbitraries.of(false, false, true), cliTime).as(Report::new);
    }

    @Provide
    Arbitrary<Mutated> mutatedReports() {
        return Combinators.combine(reports(), csvMutation().list().ofMaxSize(3), envelopeMutation().list().ofMaxSize(2),
                        textMutation().list().ofMaxSize(1))
                .as(Mutated::new)
                .filter(m -> !m.csv().isEmpty() || !m.text().isEmpty()
                        || m.report().cliJsonAt().isPresent() && !m.envelope().isEmpty());
    }

    private static Arbitrary<User> users() {
        Arbitrary<String> names = Arbitraries.strings().withChars("abcXYZ019+=,.@_-").ofMinLength(1).ofMaxLength(64);
        Arbitrary<String> paths = Arbitraries.strings().withCharRange('!', '~').excludeChars('/').ofMinLength(1)
                .ofMaxLength(12).list().ofMaxSize(3)
                .map(segments -> segments.isEmpty() ? "/" : "/" + String.join("/", segments) + "/");
        return Combinators.combine(names, paths, instants(), Arbitraries.of(true, false), keys(), keys())
                .as((name, path, created, password, slot1, slot2) -> new User(name, path, created, password,
                        slot1.map(k -> k.after(created)), slot2.map(k -> k.after(created))));
    }

    /** A key whose times are offsets from its user: within seconds (a setup key) or much later. */
    record KeyOffsets(boolean active, long createdAfter, Optional<Long> usedAfter) {
        Key after(Instant user) {
            Instant created = user.plusSeconds(createdAfter);
            return new Key(active, created, usedAfter.map(created::plusSeconds));
        }
    }

    private static Arbitrary<Optional<KeyOffsets>> keys() {
        Arbitrary<Long> createdAfter = Arbitraries.oneOf(Arbitraries.longs().between(-5, 3700),
                Arbitraries.longs().between(0, 400L * 86_400));
        return Combinators.combine(Arbitraries.of(true, false), createdAfter,
                Arbitraries.longs().between(0, 90L * 86_400).optional(0.5)).as(KeyOffsets::new).optional(0.6);
    }

    private static Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.parse("2010-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("2030-01-01T00:00:00Z").getEpochSecond()).map(Instant::ofEpochSecond);
    }

    private static String time(Instant instant) {
        return IAM_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    // ---- mutations ----

    private static Arbitrary<Mutation<String>> csvMutation() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<String> fieldValues = Arbitraries.oneOf(
                Arbitraries.of("2026-13-01T00:00:00+00:00", "2026-01-01T00:00:00", "2026-01-01", "1700000000",
                        "+999999999-12-31T23:59:59+00:00", "-999999999-01-01T00:00:00+00:00", "2026-01-01T00:00:00+25:00",
                        "2026-01-01T24:00:00+00:00", "TRUE", "True", "1", "yes", "N/A", "no_information",
                        "not_supported", "", " ", "<root_account>", "arn:aws:iam::1:user/x", "access_key_99999999999_active"),
                HostileInput.strings());
        return Arbitraries.oneOf(
                any.map(seed -> new Mutation<>("cut at " + seed, text -> text.substring(0, seed % (text.length() + 1)))),
                any.map(seed -> new Mutation<>("drop line " + seed, text -> onLines(text, lines -> {
                    lines.remove(seed % lines.size());
                }))),
                any.map(seed -> new Mutation<>("duplicate line " + seed, text -> onLines(text, lines -> {
                    int i = seed % lines.size();
                    lines.add(i, lines.get(i));
                }))),
                Combinators.combine(any, any).as((a, b) -> new Mutation<>("swap lines " + a + " " + b,
                        text -> onLines(text, lines -> {
                            int i = a % lines.size();
                            int j = b % lines.size();
                            String line = lines.get(i);
                            lines.set(i, lines.get(j));
                            lines.set(j, line);
                        }))),
                Combinators.combine(any, any, any).as((l, a, b) -> new Mutation<>("swap fields " + a + " " + b
                        + " of line " + l, text -> onFields(text, l, fields -> {
                            int i = a % fields.size();
                            int j = b % fields.size();
                            String field = fields.get(i);
                            fields.set(i, fields.get(j));
                            fields.set(j, field);
                        }))),
                Combinators.combine(any, any).as((l, a) -> new Mutation<>("remove field " + a + " of line " + l,
                        text -> onFields(text, l, fields -> fields.remove(a % fields.size())))),
                Combinators.combine(any, any, fieldValues).as((l, a, value) -> new Mutation<>("add field "
                        + HostileInput.shown(value) + " at " + a + " of line " + l,
                        text -> onFields(text, l, fields -> fields.add(a % (fields.size() + 1), value)))),
                Combinators.combine(any, any, fieldValues).as((l, a, value) -> new Mutation<>("set field " + a
                        + " of line " + l + " to " + HostileInput.shown(value),
                        text -> onFields(text, l, fields -> fields.set(a % fields.size(), value)))),
                textMutation());
    }

    private static Arbitrary<Mutation<String>> textMutation() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<String> inserts = Arbitraries.oneOf(Arbitraries.of("\uFEFF", "\r", "\n", "\r\n", "\u0000", ",",
                ",arn:", "\u2028", "\"", "\\", "\uD83D"), HostileInput.strings());
        return Arbitraries.oneOf(
                Combinators.combine(any, inserts).as((at, insert) -> new Mutation<>("insert " + HostileInput.shown(insert) + " at " + at,
                        text -> {
                            int i = at % (text.length() + 1);
                            return text.substring(0, i) + insert + text.substring(i);
                        })),
                Combinators.combine(any, Arbitraries.chars().all()).as((at, c) -> new Mutation<>("replace char "
                        + at + " with U+" + Integer.toHexString(c), text -> {
                            if (text.isEmpty()) {
                                return text;
                            }
                            char[] chars = text.toCharArray();
                            chars[at % chars.length] = c;
                            return new String(chars);
                        })),
                Arbitraries.of(new Mutation<>("CR line ends", (String text) -> text.replace("\r\n", "\n").replace('\n', '\r')),
                        new Mutation<>("CRLF line ends", (String text) -> text.replace("\r\n", "\n").replace("\n", "\r\n")),
                        new Mutation<>("no line ends", (String text) -> text.replace("\r", "").replace("\n", ""))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(bytes -> new Mutation<>("binary "
                        + Arrays.toString(bytes), text -> new String(bytes, StandardCharsets.ISO_8859_1))),
                HostileInput.strings().map(hostile -> new Mutation<>("replace with " + HostileInput.shown(hostile), text -> hostile)));
    }

    private static Arbitrary<Mutation<JsonObject>> envelopeMutation() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<String> field = Arbitraries.of("Content", "GeneratedTime", "ReportFormat");
        Arbitrary<JsonElement> values = Arbitraries.oneOf(
                Arbitraries.of(JsonNull.INSTANCE, new JsonPrimitive(42), new JsonPrimitive(1e3), new JsonPrimitive(true),
                        new JsonArray(), new JsonObject(), new JsonPrimitive("2026-02-30T00:00:00+00:00"),
                        new JsonPrimitive("2026-01-01T00:00:00Z"), new JsonPrimitive("yesterday"),
                        new JsonPrimitive("dXNlcixhcm4K"), new JsonPrimitive("====")),
                HostileInput.strings().map(JsonPrimitive::new));
        return Arbitraries.oneOf(
                field.map(name -> new Mutation<>("remove " + name, json -> {
                    json.remove(name);
                    return json;
                })),
                Combinators.combine(field, values).as((name, value) -> new Mutation<>("set " + name + " to "
                        + HostileInput.shown(value.toString()), json -> {
                            json.add(name, value);
                            return json;
                        })),
                Combinators.combine(any, Arbitraries.of('*', '-', '_', ' ', '=', '\n', '!', '\u00e9', 'A'))
                        .as((at, c) -> new Mutation<>("insert '" + c + "' into the base64 at " + at,
                                json -> onContent(json, content -> {
                                    int i = at % (content.length() + 1);
                                    return content.substring(0, i) + c + content.substring(i);
                                }))),
                any.map(at -> new Mutation<>("drop base64 char " + at, json -> onContent(json, content -> content.isEmpty()
                        ? content : content.substring(0, at % content.length()) + content.substring(at % content.length() + 1)))),
                any.map(at -> new Mutation<>("cut base64 at " + at, json -> onContent(json,
                        content -> content.substring(0, at % (content.length() + 1))))),
                Arbitraries.of(new Mutation<>("strip base64 padding", json -> onContent(json, content -> content.replace("=", ""))),
                        new Mutation<>("base64url alphabet", json -> onContent(json,
                                content -> content.replace('+', '-').replace('/', '_'))),
                        new Mutation<>("wrap in an array", json -> {
                            JsonObject wrapper = new JsonObject();
                            JsonArray array = new JsonArray();
                            array.add(json);
                            wrapper.add("Content", array);
                            return wrapper;
                        })));
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
