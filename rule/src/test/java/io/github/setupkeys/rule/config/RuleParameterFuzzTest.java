package io.github.setupkeys.rule.config;

import static io.github.setupkeys.rule.HostileInput.assertClearFailure;
import static io.github.setupkeys.rule.HostileInput.describing;
import static io.github.setupkeys.rule.HostileInput.listOf;
import static io.github.setupkeys.rule.HostileInput.position;
import static io.github.setupkeys.rule.HostileInput.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonPrimitive;
import io.github.setupkeys.rule.HostileInput;
import io.github.setupkeys.rule.Outcomes;
import io.github.setupkeys.rule.domain.ExemptTag;
import io.github.setupkeys.rule.domain.InvalidParameterException;
import io.github.setupkeys.rule.domain.RecordingParameters;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.text.InputText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;

/**
 * Rule parameters as Config passes them (a JSON string map in {@code ruleParameters}) with values of every
 * JSON type and names right, misspelt or unknown. A model of the documented parameters says which maps are
 * valid: those must give exactly the model's parameters, all others must fail with a one-line message that
 * names the parameter at fault (or {@code ruleParameters} when the text itself is not a JSON object). The
 * fuzzer's bytes choose the map; the empty input is {@code {}}.
 */
class RuleParameterFuzzTest {

    /** The parameters' names, which generated entries use most of the time. */
    private static final List<String> NAMES = ConfigInvocationParser.PARAMETER_NAMES;
    /** IAM's role names, after an optional path, in the documentation's words below. */
    private static final Pattern ROLE_NAME = Pattern.compile("([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,64}");
    /** The characters IAM allows in tag keys and values: letters, digits, spaces and _.:/=+-@. */
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    /**
     * One JSON value as written in the map, and the string the rule reads from it; empty for JSON that is not
     * a string, number or boolean.
     */
    record Value(String json, Optional<String> text) {
        @Override
        public String toString() {
            return json.length() > 80 ? json.substring(0, 80) + "…(" + json.length() + " chars)" : json;
        }
    }

    record Entry(String name, Value value) {
        String json() {
            return new JsonPrimitive(name).toString() + ":" + value.json();
        }
    }

    /** A whole {@code ruleParameters} text: a JSON object of entries, or (when {@code raw}) other text. */
    record Parameters(List<Entry> entries, Optional<String> raw, String space) {
        String json() {
            return raw.orElseGet(() -> "{" + space + entries.stream().map(Entry::json)
                    .collect(Collectors.joining("," + space)) + space + "}");
        }

        @Override
        public String toString() {
            String json = json();
            return json.length() > 300 ? json.substring(0, 300) + "…(" + json.length() + " chars)" : json;
        }
    }

    private static final Outcomes OUTCOMES = new Outcomes("RuleParameterFuzzTest",
            Map.of("valid", 0.10, "invalid", 0.20));

    @FuzzTest(maxExecutions = 1500)
    void validParametersReadAsTheModelSaysAndInvalidOnesFailNamingTheParameter(FuzzedDataProvider data) {
        Parameters parameters = parameters(data);
        describing(parameters, () -> check(parameters));
    }

    @AfterAll
    static void validAndInvalidMapsWereBothCommon() {
        OUTCOMES.check();
    }

    private static void check(Parameters parameters) {
        ConfigEvent event = Events.load("scheduled.json");
        event.setRuleParameters(parameters.json());
        Expected expected = Expected.of(parameters);
        OUTCOMES.count(expected.valid() ? "valid" : "invalid");

        ConfigInvocation invocation;
        try {
            invocation = ConfigInvocationParser.parse(event);
        } catch (RuntimeException failure) {
            assertClearFailure(failure, InvalidInvocationException.class, InvalidParameterException.class);
            assertThat(expected.valid()).as("rejected valid parameters: %s", failure.getMessage()).isFalse();
            assertThat(expected.culprits()).as("the message names what is wrong: %s", failure.getMessage())
                    .anyMatch(culprit -> failure.getMessage().contains(culprit));
            return;
        }
        if (!expected.valid()) {
            fail("accepted invalid parameters as %s", invocation.parameters());
        }
        assertThat(invocation.parameters()).isEqualTo(expected.parameters());
        assertThat(invocation.recording()).isEqualTo(expected.recording());
        assertThat(invocation.executionRoleName()).isEqualTo(expected.executionRoleName());
    }

    /**
     * The documented parameters (README "Parameters"; docs/design.md §1.5), each with what its value reads as once
     * the blanks around it are gone: empty when the documentation refuses it.
     */
    private static final Map<String, Function<String, Optional<?>>> DOCUMENTED = Map.of(
            RuleParameters.SETUP_WINDOW_SECONDS, RuleParameterFuzzTest::seconds,
            RuleParameters.REQUIRE_NEVER_USED, RuleParameterFuzzTest::trueOrFalse,
            RuleParameters.INCLUDE_INACTIVE_KEYS, RuleParameterFuzzTest::trueOrFalse,
            RuleParameters.EXEMPT_TAG, RuleParameterFuzzTest::tag,
            RecordingParameters.REFRESH_DAYS, RuleParameterFuzzTest::days,
            RecordingParameters.RECORD_UNCHANGED, RuleParameterFuzzTest::trueOrFalse,
            ConfigInvocationParser.EXECUTION_ROLE_NAME, RuleParameterFuzzTest::roleName);

    /** "A whole number of seconds from 1 to 604800", in ASCII digits (at most as many as 604800 has). */
    private static Optional<?> seconds(String text) {
        return Optional.of(text).filter(digits -> digits.matches("[0-9]{1,7}")).map(Long::parseLong)
                .filter(seconds -> seconds >= 1 && seconds <= RuleParameters.MAX_SETUP_WINDOW_SECONDS);
    }

    /** "An integer number of days from 1 to 89", in ASCII digits (leading zeros allowed, as for the window). */
    private static Optional<?> days(String text) {
        return Optional.of(text).filter(digits -> digits.matches("[0-9]{1,9}")).map(Integer::parseInt)
                .filter(days -> days >= 1 && days <= RecordingParameters.MAX_REFRESH_DAYS);
    }

    /** "true or false", in any case. */
    private static Optional<?> trueOrFalse(String text) {
        return Optional.of(text.toLowerCase(Locale.ROOT)).filter(word -> word.equals("true") || word.equals("false"))
                .map(Boolean::parseBoolean);
    }

    /** "key or key=value": the first {@code =} separates; a key of 1-128 and a value of up to 256 tag characters. */
    private static Optional<?> tag(String text) {
        String[] keyAndValue = text.split("=", 2);
        String key = keyAndValue[0].strip();
        Optional<String> value = keyAndValue.length == 2 ? Optional.of(keyAndValue[1].strip()) : Optional.empty();
        boolean documented = tagText(key, 1, 128) && value.map(v -> tagText(v, 0, 256)).orElse(true);
        return documented ? Optional.of(new ExemptTag(key, value)) : Optional.empty();
    }

    private static boolean tagText(String text, int shortest, int longest) {
        return text.length() >= shortest && text.length() <= longest && TAG_TEXT.matcher(text).matches();
    }

    /** "An IAM role name (letters, digits and +=,.@_-, up to 64 characters), optionally after a path". */
    private static Optional<?> roleName(String text) {
        return Optional.of(text).filter(name -> ROLE_NAME.matcher(name).matches());
    }

    /** What the documentation says {@code parameters} mean, and what a refusal must name. */
    record Expected(boolean valid, RuleParameters parameters, RecordingParameters recording,
            Optional<String> executionRoleName, List<String> culprits) {

        /**
         * Text that is not a JSON object is refused (blank text: no parameters). Each entry must name a documented
         * parameter, once, with a string, number or boolean; a blank value leaves the default; any other value must
         * read as documented. A refusal names the text, or a parameter at fault.
         */
        static Expected of(Parameters parameters) {
            if (parameters.raw().isPresent()) {
                return parameters.raw().get().isBlank() ? read(Map.of()) : refused(List.of("ruleParameters"));
            }
            Map<String, Object> read = new HashMap<>();
            List<String> culprits = new ArrayList<>();
            Set<String> named = new HashSet<>();
            for (Entry entry : parameters.entries()) {
                String name = entry.name();
                Optional<String> text = entry.value().text().map(String::strip);
                if (!named.add(name) || !DOCUMENTED.containsKey(name) || text.isEmpty()) {
                    culprits.add(InputText.clean(name));
                    culprits.add(InputText.quote(name));
                } else if (!text.get().isEmpty()) {
                    DOCUMENTED.get(name).apply(text.get())
                            .ifPresentOrElse(value -> read.put(name, value), () -> culprits.add(name));
                }
            }
            return culprits.isEmpty() ? read(read) : refused(culprits);
        }

        /** The documented defaults, with what was read in their place. */
        private static Expected read(Map<String, Object> read) {
            return new Expected(true, new RuleParameters(
                    (Long) read.getOrDefault(RuleParameters.SETUP_WINDOW_SECONDS,
                            RuleParameters.DEFAULT_SETUP_WINDOW_SECONDS),
                    (Boolean) read.getOrDefault(RuleParameters.REQUIRE_NEVER_USED,
                            RuleParameters.DEFAULT_REQUIRE_NEVER_USED),
                    (Boolean) read.getOrDefault(RuleParameters.INCLUDE_INACTIVE_KEYS,
                            RuleParameters.DEFAULT_INCLUDE_INACTIVE_KEYS),
                    Optional.ofNullable((ExemptTag) read.get(RuleParameters.EXEMPT_TAG))),
                    new RecordingParameters(
                            (Integer) read.getOrDefault(RecordingParameters.REFRESH_DAYS,
                                    RecordingParameters.DEFAULT_REFRESH_DAYS),
                            (Boolean) read.getOrDefault(RecordingParameters.RECORD_UNCHANGED,
                                    RecordingParameters.DEFAULT_RECORD_UNCHANGED)),
                    Optional.ofNullable((String) read.get(ConfigInvocationParser.EXECUTION_ROLE_NAME)), List.of());
        }

        private static Expected refused(List<String> culprits) {
            return new Expected(false, RuleParameters.DEFAULTS, RecordingParameters.DEFAULTS, Optional.empty(), culprits);
        }
    }

    // ---- what the fuzzer's bytes choose ----

    private static final List<String> SPACES = List.of("", " ", "\n  ", "\t");
    private static final List<String> RAW = List.of("", "  ", "null", "[]", "[{\"setupWindowSeconds\":\"60\"}]", "\"{}\"",
            "42", "true", "{setupWindowSeconds:60}", "{'setupWindowSeconds':'60'}", "{\"setupWindowSeconds\"=\"60\"}",
            "{\"setupWindowSeconds\"=>\"60\"}", "{\"requireNeverUsed\":\"true\";\"setupWindowSeconds\":\"6\"}",
            "{\"setupWindowSeconds\":\"60\",}", "{\"setupWindowSeconds\":0x10}", "{\"setupWindowSeconds\":60}x",
            "{\"setupWindowSeconds\":60} {}", "/* c */{}", "{} // c", "{\"a\":", "{", "}", "{{}}", "[".repeat(10_000),
            "{\"a\":".repeat(5_000));

    /** Mostly JSON objects of entries (the empty input: {@code {}}); else other text, or an object cut short. */
    private static Parameters parameters(FuzzedDataProvider data) {
        return switch (weighted(data, 8, 1, 1)) {
            case 0 -> objects(data);
            case 1 -> new Parameters(List.of(), Optional.of(data.consumeBoolean() ? data.pickValue(RAW) : notAnObject(data)),
                    "");
            default -> {
                String json = objects(data).json();
                int at = position(data);
                yield new Parameters(List.of(), Optional.of(json.substring(0, 1 + at % (json.length() - 1))), "");
            }
        };
    }

    /** A hostile string, kept from being a JSON object, which the model would then have to read. */
    private static String notAnObject(FuzzedDataProvider data) {
        String hostile = HostileInput.string(data);
        return hostile.strip().startsWith("{") ? "x" + hostile : hostile;
    }

    /** Up to three entries with distinct names, or (one time in five) up to five that may repeat a name. */
    private static Parameters objects(FuzzedDataProvider data) {
        List<Entry> entries;
        if (weighted(data, 4, 1) == 0) {
            Set<String> names = new HashSet<>();
            entries = listOf(data, 3, RuleParameterFuzzTest::entry).stream().filter(entry -> names.add(entry.name()))
                    .toList();
        } else {
            entries = listOf(data, 5, RuleParameterFuzzTest::entry);
        }
        return new Parameters(entries, Optional.empty(), data.pickValue(SPACES));
    }

    private static Entry entry(FuzzedDataProvider data) {
        return weighted(data, 4, 2) == 0 ? validEntry(data) : new Entry(name(data), value(data));
    }

    private static final List<String> BOOLEANS = List.of("true", "false", "\"true\"", "\"FALSE\"", "\" True \"");
    private static final List<String> TAGS = List.of("owner", "team=ops", "Ünïcødé=ñ", "aws:cloudformation:stack-name",
            "cost centre = 4711", "k=", "a=b=c", "");
    private static final List<String> ROLES = List.of("SetupKeysRuleExecution", "ops/team/Exec", "a+b=c,d.e@f_g-h",
            " Exec ", "");

    /** Entries the documentation accepts, so that valid maps are common enough to test. */
    private static Entry validEntry(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 6)) {
            case 0 -> {
                String seconds = Integer.toString(data.consumeInt(1, (int) RuleParameters.MAX_SETUP_WINDOW_SECONDS));
                yield new Entry(RuleParameters.SETUP_WINDOW_SECONDS, switch (data.consumeInt(0, 2)) {
                    case 0 -> new Value(seconds, Optional.of(seconds));
                    case 1 -> new Value("\"" + seconds + "\"", Optional.of(seconds));
                    default -> new Value("\" 0" + seconds + "\\t\"", Optional.of(" 0" + seconds + "\t"));
                });
            }
            case 1, 2 -> {
                String json = data.pickValue(BOOLEANS);
                yield new Entry(data.consumeBoolean() ? RuleParameters.REQUIRE_NEVER_USED : RuleParameters.INCLUDE_INACTIVE_KEYS,
                        new Value(json, Optional.of(json.replace("\"", ""))));
            }
            case 3 -> new Entry(RuleParameters.EXEMPT_TAG, string(data.pickValue(TAGS)));
            case 4 -> {
                String days = Integer.toString(data.consumeInt(1, RecordingParameters.MAX_REFRESH_DAYS));
                yield new Entry(RecordingParameters.REFRESH_DAYS, data.consumeBoolean() ? new Value(days, Optional.of(days))
                        : string(" 0" + days));
            }
            case 5 -> {
                String json = data.pickValue(BOOLEANS);
                yield new Entry(RecordingParameters.RECORD_UNCHANGED, new Value(json, Optional.of(json.replace("\"", ""))));
            }
            default -> new Entry(ConfigInvocationParser.EXECUTION_ROLE_NAME, string(data.pickValue(ROLES)));
        };
    }

    private static final List<String> ODD_NAMES = List.of("SetupWindowSeconds", " setupWindowSeconds",
            "setupWindowSeconds ", "setupWindow", "exempttag", "executionRoleArn", "", "setupWindowSeconds\u0000",
            "setup\nWindow");

    private static String name(FuzzedDataProvider data) {
        return switch (weighted(data, 12, 2, 1, 1)) {
            case 0 -> data.pickValue(NAMES);
            case 1 -> data.pickValue(NAMES).toUpperCase(Locale.ROOT);
            case 2 -> data.pickValue(ODD_NAMES);
            default -> HostileInput.string(data);
        };
    }

    private static final List<String> TEXTS = List.of("60", "3600", "604800", "604801", "0", "1", " 60 ", "\t60\n", "+60",
            "-0", "-5", "1e3", "1E3", "3600.0", "0x10", "010", "٣٦٠٠", "３６００", "99999999999999999999", "60s", "1h",
            "true", "false", "TRUE", "False", " true ", "yes", "1", "tru", "truE\u0000", "ｔｒｕｅ", "owner", "owner=ops",
            "team = platform ops", "=ops", "k=", "a=b=c", "k".repeat(128), "k".repeat(129), "k=" + "v".repeat(256),
            "k=" + "v".repeat(257), "aws:cloudformation:stack-name", "Ünïcødé=ñ", "bad\nkey", "key=bad\u0000value",
            "k\u200bey", "SetupKeysRuleExecution", "ops/SetupKeysRuleExecution", "role name", "r".repeat(64),
            "r".repeat(65), "a/", "/a", "role\u0000", "7", "89", "90", "07", "1w", "٧");
    private static final List<String> NUMBERS = List.of("60", "3600", "604800", "604801", "0", "-0", "1", "-5", "1e3",
            "1E2", "3600.0", "3.6e3", "0.5", "99999999999999999999", "1e400", "-1e-400");
    private static final List<Value> OTHERS = List.of(new Value("true", Optional.of("true")),
            new Value("false", Optional.of("false")), new Value("null", Optional.empty()), new Value("[]", Optional.empty()),
            new Value("[\"60\"]", Optional.empty()), new Value("{}", Optional.empty()),
            new Value("{\"key\":\"owner\"}", Optional.empty()));

    private static Value value(FuzzedDataProvider data) {
        return switch (weighted(data, 6, 2, 1)) {
            case 0 -> string(data.consumeBoolean() ? data.pickValue(TEXTS) : HostileInput.string(data));
            case 1 -> {
                String literal = data.pickValue(NUMBERS);
                yield new Value(literal, Optional.of(literal));
            }
            default -> data.pickValue(OTHERS);
        };
    }

    /** {@code text} as a JSON string. */
    private static Value string(String text) {
        return new Value(new JsonPrimitive(text).toString(), Optional.of(text));
    }
}
