package io.github.setupkeys.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What the fuzz tests of hostile input share: strings an attacker or a broken sender could put in any field,
 * choices made with the fuzzer's bytes, and the one acceptable way to fail on them.
 *
 * <p>Every choice reads the fuzzer's input through a {@link FuzzedDataProvider}, whose numbers are the lowest
 * allowed once the input runs out: the empty input therefore picks the first option everywhere, which each
 * test arranges to be the unchanged, valid case.
 *
 * <p>Each fuzz test also starts from a 1 KiB seed of random letters and digits in its
 * {@code <TestClass>Inputs/<method>} resource folder. libFuzzer lengthens inputs a few bytes at a time from the
 * longest it has, so from the empty input alone a run of 1,500 would try inputs of a few bytes: few choices,
 * short strings.
 */
public final class HostileInput {

    /** A message longer than this is not a one-line explanation: it echoes input it should have cut. */
    public static final int MAX_MESSAGE_LENGTH = 400;

    private static final List<String> ODD = List.of("", " ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "\uFEFF",
            "null", "true", "0", "-0", "1e3", "{", "}", "[]", "\"", "\\", "'", ",", ":", "N/A", "\u0000", "😀",
            "\uD800", "ß", "İ", "٣٦٠٠", "３６００");
    private static final char[] LINE_BREAKS = "\n\r\u0085\u2028\u2029 x".toCharArray();

    private HostileInput() {
    }

    /**
     * Text of every kind: empty, blank, control and line-break characters, unpaired surrogates, any UTF-16 up
     * to 40 characters, and one character repeated 1,000 to 100,000 times.
     */
    public static String string(FuzzedDataProvider data) {
        return switch (weighted(data, 3, 3, 2, 1, 1)) {
            case 0 -> data.pickValue(ODD);
            case 1 -> utf16(data, 40);
            case 2 -> data.consumeAsciiString(40);
            case 3 -> {
                StringBuilder text = new StringBuilder();
                for (int i = data.consumeInt(0, 10); i > 0; i--) {
                    text.append(data.pickValue(LINE_BREAKS));
                }
                yield text.toString();
            }
            default -> String.valueOf(data.consumeChar()).repeat(data.consumeInt(1_000, 100_000));
        };
    }

    /** Up to {@code maxLength} chars of any value, unpaired surrogates included. */
    public static String utf16(FuzzedDataProvider data, int maxLength) {
        char[] chars = new char[data.consumeInt(0, maxLength)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = data.consumeChar();
        }
        return new String(chars);
    }

    /** An index into {@code weights}, each taken with the probability its weight gives; 0 once the input is spent. */
    public static int weighted(FuzzedDataProvider data, int... weights) {
        int draw = data.consumeInt(0, Arrays.stream(weights).sum() - 1);
        int option = 0;
        while (draw >= weights[option]) {
            draw -= weights[option++];
        }
        return option;
    }

    /** Up to {@code maxSize} elements, each made by {@code element}. */
    public static <T> List<T> listOf(FuzzedDataProvider data, int maxSize, Function<FuzzedDataProvider, T> element) {
        List<T> list = new ArrayList<>();
        for (int size = data.consumeInt(0, maxSize); list.size() < size; ) {
            list.add(element.apply(data));
        }
        return list;
    }

    /** A non-negative number for a mutation to reduce modulo the length of what it changes. */
    public static int position(FuzzedDataProvider data) {
        return data.consumeInt(0, Integer.MAX_VALUE);
    }

    /**
     * Asserts that {@code failure} is one of the named exceptions with a one-line message of reasonable
     * length: never a {@code NullPointerException}, a Gson or {@code java.time} exception, an index error.
     */
    @SafeVarargs
    public static void assertClearFailure(Throwable failure, Class<? extends Throwable>... named) {
        if (Arrays.stream(named).noneMatch(type -> type.isInstance(failure))) {
            // With the failure as the cause, so that the report shows where it was thrown.
            throw new AssertionError("an unexpected " + failure.getClass().getName() + " escaped: " + failure, failure);
        }
        String message = failure.getMessage();
        assertThat(message).as("message of %s", failure.getClass().getSimpleName()).isNotBlank()
                .doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029");
        assertThat(message.length()).as("length of the message '%s'", message).isLessThanOrEqualTo(MAX_MESSAGE_LENGTH);
    }

    /**
     * Runs {@code check} on one input, adding what the input was to any assertion that fails: a fuzzer
     * finding then says what was generated, not only the bytes it came from.
     */
    public static void describing(Object input, Runnable check) {
        try {
            check.run();
        } catch (AssertionError failed) {
            AssertionError described = new AssertionError("input " + input + ": " + failed.getMessage(), failed.getCause());
            described.setStackTrace(failed.getStackTrace());
            throw described;
        }
    }

    /** {@code value} for a test report: JSON-escaped and cut, so that a huge or binary input stays readable. */
    public static String shown(String value) {
        String json = new JsonPrimitive(value.length() > 60 ? value.substring(0, 60) : value).toString();
        return value.length() > 60 ? json + "…(" + value.length() + " chars)" : json;
    }
}
