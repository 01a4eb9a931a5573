package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.text.InputText;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How many AWS calls one run may have in flight at once: candidates confirmed with IAM at the same time, and
 * {@code PutEvaluations} batches written at the same time. One means one call after another.
 *
 * <p>The default, {@value #DEFAULT}, is small on purpose. IAM publishes no request rate for its read calls: it
 * throttles each API with token buckets shared by every caller of the account (the console, the CLI, other
 * tools), and AWS's guidance is to back off and to spread calls out rather than run many at once. Eight is what
 * the periodic run needs to confirm 2,000 fresh candidates in a quarter of the time one call after another takes
 * at real latency (docs/benchmarks.md); when IAM throttles even that, the IAM client's adaptive retry mode slows
 * every thread down together (design.md §2.3).
 *
 * @param value 1 to {@value #MAX}
 */
public record CallsInFlight(int value) {

    /** The environment variable that sets it, for the Lambda function and the {@code scan} command alike. */
    public static final String VARIABLE = "SETUPKEYS_CALLS_IN_FLIGHT";
    public static final int DEFAULT = 8;
    /** More buys nothing against IAM's quota; the HTTP client keeps this many idle connections per host. */
    public static final int MAX = 32;

    public static final CallsInFlight DEFAULTS = new CallsInFlight(DEFAULT);
    public static final CallsInFlight ONE_AT_A_TIME = new CallsInFlight(1);

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,2}");

    public CallsInFlight {
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException(VARIABLE + "=" + value + " is invalid: expected " + form());
        }
    }

    /** The value of {@value #VARIABLE} in {@code environment} ({@code System::getenv}), or the default when unset. */
    public static CallsInFlight fromEnvironment(Function<String, String> environment) {
        String text = environment.apply(VARIABLE);
        if (text == null || text.isBlank()) {
            return DEFAULTS;
        }
        String value = text.strip();
        int calls = DIGITS.matcher(value).matches() ? Integer.parseInt(value) : 0;
        if (calls < 1 || calls > MAX) {
            throw new IllegalArgumentException(VARIABLE + "=" + InputText.quote(text) + " is invalid: expected "
                    + form());
        }
        return new CallsInFlight(calls);
    }

    private static String form() {
        return "a whole number of calls from 1 to " + MAX;
    }
}
