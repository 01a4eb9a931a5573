package io.github.setupkeys.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonPrimitive;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * What the property tests of hostile input share: strings an attacker or a broken sender could put in any
 * field, and the one acceptable way to fail on them.
 */
public final class HostileInput {

    /**
     * Every property runs from this seed, so CI and a developer see the same inputs; jqwik prints the seed
     * and the shrunk input of a failure. To explore further, run a property with another seed.
     */
    public static final String SEED = "20261129";

    /** A message longer than this is not a one-line explanation: it echoes input it should have cut. */
    public static final int MAX_MESSAGE_LENGTH = 400;

    private HostileInput() {
    }

    /** Text of every kind: empty, blank, control and line-break characters, unpaired surrogates, huge. */
    public static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("", " ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "\uFEFF",
                        "null", "true", "0", "-0", "1e3", "{", "}", "[]", "\"", "\\", "'", ",", ":", "N/A",
                        "\u0000", "😀", "\uD800", "ß", "İ", "٣٦٠٠", "３６００")),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(2, Arbitraries.strings().ascii().ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().withChars("\n\r\u0085\u2028\u2029 x").ofMaxLength(10)),
                Tuple.of(1, Arbitraries.integers().between(1_000, 100_000)
                        .flatMap(length -> Arbitraries.chars().all().map(c -> String.valueOf(c).repeat(length)))));
    }

    /**
     * Asserts that {@code failure} is one of the named exceptions with a one-line message of reasonable
     * length: never a {@code NullPointerException}, a Gson or {@code java.time} exception, an index error.
     */
    @SafeVarargs
    public static void assertClearFailure(Throwable failure, Class<? extends Throwable>... named) {
        List<Class<? extends Throwable>> allowed = Arrays.asList(named);
        assertThat(allowed).as("an unexpected %s escaped: %s", failure.getClass().getName(), failure)
                .anyMatch(type -> type.isInstance(failure));
        String message = failure.getMessage();
        assertThat(message).as("message of %s", failure.getClass().getSimpleName()).isNotBlank()
                .doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029");
        assertThat(message.length()).as("length of the message '%s'", message).isLessThanOrEqualTo(MAX_MESSAGE_LENGTH);
    }

    /** {@code value} for a test report: JSON-escaped and cut, so that a huge or binary input stays readable. */
    public static String shown(String value) {
        String json = new JsonPrimitive(value.length() > 60 ? value.substring(0, 60) : value).toString();
        return value.length() > 60 ? json + "…(" + value.length() + " chars)" : json;
    }
}
