package io.github.setupkeys.rule.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule's parameters, validated. Config passes them as a JSON string map; the CLI builds the same map
 * from its flags, so both are checked by {@link #fromMap(Map)}.
 *
 * @param setupWindowSeconds how soon after the user a key must be created to count as a setup key
 * @param requireNeverUsed only keys never used count (the CIS audit); {@code false} flags any setup key
 * @param includeInactiveKeys inactive setup keys count too
 * @param exemptTag a user carrying this tag is NOT_APPLICABLE instead of NON_COMPLIANT
 */
public record RuleParameters(long setupWindowSeconds, boolean requireNeverUsed, boolean includeInactiveKeys,
        Optional<ExemptTag> exemptTag) {

    public static final String SETUP_WINDOW_SECONDS = "setupWindowSeconds";
    public static final String REQUIRE_NEVER_USED = "requireNeverUsed";
    public static final String INCLUDE_INACTIVE_KEYS = "includeInactiveKeys";
    public static final String EXEMPT_TAG = "exemptTag";

    public static final long DEFAULT_SETUP_WINDOW_SECONDS = 3600;
    public static final long MAX_SETUP_WINDOW_SECONDS = 604_800;
    public static final boolean DEFAULT_REQUIRE_NEVER_USED = true;
    public static final boolean DEFAULT_INCLUDE_INACTIVE_KEYS = false;

    public static final RuleParameters DEFAULTS = new RuleParameters(DEFAULT_SETUP_WINDOW_SECONDS,
            DEFAULT_REQUIRE_NEVER_USED, DEFAULT_INCLUDE_INACTIVE_KEYS, Optional.empty());

    /**
     * Every parameter's name, in the order the documentation lists them: the one list the CLI's flags, the CDK
     * context keys and the remediation's parameters are read from.
     */
    public static final List<String> NAMES = List.of(SETUP_WINDOW_SECONDS, REQUIRE_NEVER_USED, INCLUDE_INACTIVE_KEYS,
            EXEMPT_TAG);
    private static final String WINDOW_FORM = "an integer number of seconds from 1 to " + MAX_SETUP_WINDOW_SECONDS;
    /** ASCII digits only: Long.parseLong would also take a sign and digits of any script. */
    private static final Pattern WINDOW_DIGITS = Pattern.compile("[0-9]{1,7}");
    private static final String BOOLEAN_FORM = "true or false";

    public RuleParameters {
        Objects.requireNonNull(exemptTag, "exemptTag");
        if (setupWindowSeconds < 1 || setupWindowSeconds > MAX_SETUP_WINDOW_SECONDS) {
            throw new InvalidParameterException(SETUP_WINDOW_SECONDS, Long.toString(setupWindowSeconds), WINDOW_FORM);
        }
    }

    /**
     * Parses parameters by name. Absent or blank values take the defaults; unknown names are rejected, so a
     * misspelt parameter never silently falls back to its default.
     */
    public static RuleParameters fromMap(Map<String, String> parameters) {
        return from(parameters, true);
    }

    /**
     * Parses parameters given as command-line flags: as {@link #fromMap(Map)}, except that a blank value is
     * refused. On a command line an empty value is a mistake (an unset shell variable), not a choice of default.
     */
    public static RuleParameters fromFlags(Map<String, String> flags) {
        return from(flags, false);
    }

    private static RuleParameters from(Map<String, String> parameters, boolean blankIsDefault) {
        for (String name : parameters.keySet()) {
            if (!NAMES.contains(name)) {
                throw new InvalidParameterException(name, null, "one of " + String.join(", ", NAMES.stream().sorted().toList()));
            }
        }
        return new RuleParameters(
                value(parameters, SETUP_WINDOW_SECONDS, blankIsDefault).map(RuleParameters::parseWindow)
                        .orElse(DEFAULT_SETUP_WINDOW_SECONDS),
                value(parameters, REQUIRE_NEVER_USED, blankIsDefault).map(v -> parseBoolean(REQUIRE_NEVER_USED, v))
                        .orElse(DEFAULT_REQUIRE_NEVER_USED),
                value(parameters, INCLUDE_INACTIVE_KEYS, blankIsDefault).map(v -> parseBoolean(INCLUDE_INACTIVE_KEYS, v))
                        .orElse(DEFAULT_INCLUDE_INACTIVE_KEYS),
                value(parameters, EXEMPT_TAG, blankIsDefault).map(v -> ExemptTag.parse(EXEMPT_TAG, v)));
    }

    /** These parameters as the string map Config would pass (defaults included, exempt tag only if set). */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(SETUP_WINDOW_SECONDS, Long.toString(setupWindowSeconds));
        map.put(REQUIRE_NEVER_USED, Boolean.toString(requireNeverUsed));
        map.put(INCLUDE_INACTIVE_KEYS, Boolean.toString(includeInactiveKeys));
        exemptTag.ifPresent(tag -> map.put(EXEMPT_TAG, tag.toString()));
        return map;
    }

    /**
     * The value of {@code name}, stripped; empty when absent, or when blank and {@code blankIsDefault} (the
     * default then holds).
     */
    static Optional<String> value(Map<String, String> parameters, String name, boolean blankIsDefault) {
        return Optional.ofNullable(parameters.get(name)).map(String::strip).filter(v -> !blankIsDefault || !v.isEmpty());
    }

    private static long parseWindow(String text) {
        long seconds = WINDOW_DIGITS.matcher(text).matches() ? Long.parseLong(text) : 0;
        if (seconds < 1 || seconds > MAX_SETUP_WINDOW_SECONDS) {
            throw new InvalidParameterException(SETUP_WINDOW_SECONDS, text, WINDOW_FORM);
        }
        return seconds;
    }

    /** {@code true} or {@code false} in any case, else refused naming {@code name}. */
    static boolean parseBoolean(String name, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidParameterException(name, text, BOOLEAN_FORM);
        };
    }
}
