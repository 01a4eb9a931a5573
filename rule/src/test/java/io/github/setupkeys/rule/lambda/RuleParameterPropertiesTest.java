package io.github.setupkeys.rule.lambda;

import static io.github.setupkeys.rule.HostileInput.assertClearFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonPrimitive;
import io.github.setupkeys.rule.HostileInput;
import io.github.setupkeys.rule.domain.ExemptTag;
import io.github.setupkeys.rule.domain.InputText;
import io.github.setupkeys.rule.domain.InvalidParameterException;
import io.github.setupkeys.rule.domain.RuleParameters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Rule parameters as Config passes them (a JSON string map in {@code ruleParameters}) with values of every
 * JSON type and names right, misspelt or unknown. A model of the documented parameters says which maps are
 * valid: those must give exactly the model's parameters, all others must fail with a one-line message that
 * names the parameter at fault (or {@code ruleParameters} when the text itself is not a JSON object).
 */
class RuleParameterPropertiesTest {

    private static final List<String> NAMES = List.of(RuleParameters.SETUP_WINDOW_SECONDS,
            RuleParameters.REQUIRE_NEVER_USED, RuleParameters.INCLUDE_INACTIVE_KEYS, RuleParameters.EXEMPT_TAG,
            ConfigInvocationParser.EXECUTION_ROLE_NAME);
    private static final Pattern WINDOW = Pattern.compile("[0-9]{1,18}");
    private static final Pattern ROLE_NAME = Pattern.compile("([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,64}");
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
    }

    @Property(tries = 1500, seed = HostileInput.SEED)
    void validParametersReadAsTheModelSaysAndInvalidOnesFailNamingTheParameter(
            @ForAll("parameters") Parameters parameters) {
        ConfigEvent event = Events.load("scheduled.json");
        event.setRuleParameters(parameters.json());
        Expected expected = Expected.of(parameters);
        Statistics.label("expected").collect(expected.valid() ? "valid" : "invalid");
        Statistics.label("expected").coverage(coverage -> {
            coverage.check("valid").percentage(p -> p > 10);
            coverage.check("invalid").percentage(p -> p > 20);
        });

        ConfigInvocation invocation;
        try {
            invocation = ConfigInvocationParser.parse(event);
        } catch (RuntimeException failure) {
            assertClearFailure(failure, InvalidInvocationException.class, InvalidParameterException.class);
            assertThat(expected.valid()).as("rejected valid parameters %s: %s", parameters.json(), failure.getMessage())
                    .isFalse();
            assertThat(expected.culprits()).as("the message names what is wrong: %s", failure.getMessage())
                    .anyMatch(culprit -> failure.getMessage().contains(culprit));
            return;
        }
        if (!expected.valid()) {
            fail("accepted invalid parameters %s as %s", parameters.json(), invocation.parameters());
        }
        assertThat(invocation.parameters()).isEqualTo(expected.parameters());
        assertThat(invocation.executionRoleName()).isEqualTo(expected.executionRoleName());
    }

    /** What the documentation says {@code parameters} mean. */
    record Expected(boolean valid, RuleParameters parameters, Optional<String> executionRoleName, List<String> culprits) {

        static Expected of(Parameters parameters) {
            if (parameters.raw().isPresent()) {
                String raw = parameters.raw().get();
                return raw.isBlank()
                        ? new Expected(true, RuleParameters.DEFAULTS, Optional.empty(), List.of())
                        : invalid(List.of("ruleParameters"));
            }
            List<String> culprits = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            long window = RuleParameters.DEFAULT_SETUP_WINDOW_SECONDS;
            boolean neverUsed = RuleParameters.DEFAULT_REQUIRE_NEVER_USED;
            boolean inactive = RuleParameters.DEFAULT_INCLUDE_INACTIVE_KEYS;
            Optional<ExemptTag> tag = Optional.empty();
            Optional<String> role = Optional.empty();
            for (Entry entry : parameters.entries()) {
                String name = entry.name();
                Optional<String> text = entry.value().text().map(String::strip);
                if (!seen.add(name) || !NAMES.contains(name) || text.isEmpty()) {
                    culprits.add(InputText.clean(name));
                    culprits.add(InputText.quote(name));
                    continue;
                }
                String value = text.get();
                if (value.isEmpty()) {
                    continue;
                }
                boolean ok = true;
                switch (name) {
                    case RuleParameters.SETUP_WINDOW_SECONDS -> {
                        ok = WINDOW.matcher(value).matches() && Long.parseLong(value) >= 1
                                && Long.parseLong(value) <= RuleParameters.MAX_SETUP_WINDOW_SECONDS;
                        window = ok ? Long.parseLong(value) : window;
                    }
                    case RuleParameters.REQUIRE_NEVER_USED, RuleParameters.INCLUDE_INACTIVE_KEYS -> {
                        String lower = value.toLowerCase(Locale.ROOT);
                        ok = lower.equals("true") || lower.equals("false");
                        if (name.equals(RuleParameters.REQUIRE_NEVER_USED)) {
                            neverUsed = ok ? Boolean.parseBoolean(lower) : neverUsed;
                        } else {
                            inactive = ok ? Boolean.parseBoolean(lower) : inactive;
                        }
                    }
                    case RuleParameters.EXEMPT_TAG -> {
                        int eq = value.indexOf('=');
                        String key = (eq < 0 ? value : value.substring(0, eq)).strip();
                        Optional<String> tagValue = eq < 0 ? Optional.empty() : Optional.of(value.substring(eq + 1).strip());
                        ok = !key.isEmpty() && key.length() <= 128 && TAG_TEXT.matcher(key).matches()
                                && tagValue.map(v -> v.length() <= 256 && TAG_TEXT.matcher(v).matches()).orElse(true);
                        tag = ok ? Optional.of(new ExemptTag(key, tagValue)) : tag;
                    }
                    default -> {
                        ok = ROLE_NAME.matcher(value).matches();
                        role = ok ? Optional.of(value) : role;
                    }
                }
                if (!ok) {
                    culprits.add(name);
                }
            }
            return culprits.isEmpty()
                    ? new Expected(true, new RuleParameters(window, neverUsed, inactive, tag), role, List.of())
                    : invalid(culprits);
        }

        static Expected invalid(List<String> culprits) {
            return new Expected(false, RuleParameters.DEFAULTS, Optional.empty(), culprits);
        }
    }

    @Provide
    Arbitrary<Parameters> parameters() {
        Arbitrary<Entry> entry = Arbitraries.frequencyOf(Tuple.of(4, validEntries()),
                Tuple.of(2, Combinators.combine(names(), values()).as(Entry::new)));
        Arbitrary<List<Entry>> entries = Arbitraries.frequencyOf(
                Tuple.of(4, entry.list().ofMaxSize(3).uniqueElements(Entry::name)),
                Tuple.of(1, entry.list().ofMaxSize(5)));
        Arbitrary<String> space = Arbitraries.of("", " ", "\n  ", "\t");
        Arbitrary<Parameters> objects = Combinators.combine(entries, space)
                .as((list, s) -> new Parameters(list, Optional.empty(), s));
        Arbitrary<Parameters> raw = Arbitraries.oneOf(
                        Arbitraries.of("", "  ", "null", "[]", "[{\"setupWindowSeconds\":\"60\"}]", "\"{}\"", "42", "true",
                                "{setupWindowSeconds:60}", "{'setupWindowSeconds':'60'}", "{\"setupWindowSeconds\"=\"60\"}",
                                "{\"setupWindowSeconds\"=>\"60\"}", "{\"requireNeverUsed\":\"true\";\"setupWindowSeconds\":\"6\"}",
                                "{\"setupWindowSeconds\":\"60\",}", "{\"setupWindowSeconds\":0x10}", "{\"setupWindowSeconds\":60}x",
                                "{\"setupWindowSeconds\":60} {}", "/* c */{}", "{} // c", "{\"a\":", "{", "}", "{{}}",
                                "[".repeat(10_000), "{\"a\":".repeat(5_000)),
                        HostileInput.strings().filter(s -> !s.strip().startsWith("{")))
                .map(text -> new Parameters(List.of(), Optional.of(text), ""));
        Arbitrary<Parameters> truncated = Combinators.combine(objects, Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .as((whole, at) -> {
                    String json = whole.json();
                    return new Parameters(List.of(), Optional.of(json.substring(0, 1 + at % (json.length() - 1))), "");
                });
        return Arbitraries.frequencyOf(Tuple.of(8, objects), Tuple.of(1, raw),
                Tuple.of(1, truncated));
    }

    /** Entries the documentation accepts, so that valid maps are common enough to test. */
    private static Arbitrary<Entry> validEntries() {
        Arbitrary<Value> window = Arbitraries.integers().between(1, (int) RuleParameters.MAX_SETUP_WINDOW_SECONDS)
                .flatMap(seconds -> Arbitraries.of(new Value(Integer.toString(seconds), Optional.of(Integer.toString(seconds))),
                        new Value("\"" + seconds + "\"", Optional.of(Integer.toString(seconds))),
                        new Value("\" 0" + seconds + "\\t\"", Optional.of(" 0" + seconds + "\t"))));
        Arbitrary<Value> bool = Arbitraries.of("true", "false", "\"true\"", "\"FALSE\"", "\" True \"")
                .map(json -> new Value(json, Optional.of(json.replace("\"", ""))));
        Arbitrary<Value> tag = Arbitraries.of("owner", "team=ops", "Ünïcødé=ñ", "aws:cloudformation:stack-name",
                "cost centre = 4711", "k=", "a=b=c", "").map(text -> new Value(new JsonPrimitive(text).toString(), Optional.of(text)));
        Arbitrary<Value> role = Arbitraries.of("SetupKeysRuleExecution", "ops/team/Exec", "a+b=c,d.e@f_g-h", " Exec ", "")
                .map(text -> new Value(new JsonPrimitive(text).toString(), Optional.of(text)));
        return Arbitraries.oneOf(window.map(v -> new Entry(RuleParameters.SETUP_WINDOW_SECONDS, v)),
                bool.map(v -> new Entry(RuleParameters.REQUIRE_NEVER_USED, v)),
                bool.map(v -> new Entry(RuleParameters.INCLUDE_INACTIVE_KEYS, v)),
                tag.map(v -> new Entry(RuleParameters.EXEMPT_TAG, v)),
                role.map(v -> new Entry(ConfigInvocationParser.EXECUTION_ROLE_NAME, v)));
    }

    private static Arbitrary<String> names() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of(NAMES)),
                Tuple.of(2, Arbitraries.of(NAMES).map(name -> name.toUpperCase(Locale.ROOT))),
                Tuple.of(1, Arbitraries.of("SetupWindowSeconds", " setupWindowSeconds", "setupWindowSeconds ",
                        "setupWindow", "exempttag", "executionRoleArn", "", "setupWindowSeconds\u0000", "setup\nWindow")),
                Tuple.of(1, HostileInput.strings()));
    }

    private static Arbitrary<Value> values() {
        Arbitrary<Value> strings = Arbitraries.oneOf(
                Arbitraries.of("60", "3600", "604800", "604801", "0", "1", " 60 ", "\t60\n", "+60", "-0", "-5", "1e3", "1E3",
                        "3600.0", "0x10", "010", "٣٦٠٠", "３６００", "99999999999999999999", "60s", "1h",
                        "true", "false", "TRUE", "False", " true ", "yes", "1", "tru", "truE\u0000", "ｔｒｕｅ",
                        "owner", "owner=ops", "team = platform ops", "=ops", "k=", "a=b=c", "k".repeat(128), "k".repeat(129),
                        "k=" + "v".repeat(256), "k=" + "v".repeat(257), "aws:cloudformation:stack-name", "Ünïcødé=ñ",
                        "bad\nkey", "key=bad\u0000value", "k\u200bey", "SetupKeysRuleExecution", "ops/SetupKeysRuleExecution",
                        "role name", "r".repeat(64), "r".repeat(65), "a/", "/a", "role\u0000"),
                HostileInput.strings()).map(text -> new Value(new JsonPrimitive(text).toString(), Optional.of(text)));
        Arbitrary<Value> numbers = Arbitraries.of("60", "3600", "604800", "604801", "0", "-0", "1", "-5", "1e3", "1E2",
                "3600.0", "3.6e3", "0.5", "99999999999999999999", "1e400", "-1e-400")
                .map(literal -> new Value(literal, Optional.of(literal)));
        Arbitrary<Value> others = Arbitraries.of(
                new Value("true", Optional.of("true")), new Value("false", Optional.of("false")),
                new Value("null", Optional.empty()), new Value("[]", Optional.empty()), new Value("[\"60\"]", Optional.empty()),
                new Value("{}", Optional.empty()), new Value("{\"key\":\"owner\"}", Optional.empty()));
        return Arbitraries.frequencyOf(Tuple.of(6, strings), Tuple.of(2, numbers),
                Tuple.of(1, others));
    }
}
