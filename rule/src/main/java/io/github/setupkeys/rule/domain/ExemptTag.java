package io.github.setupkeys.rule.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tag that exempts a user from findings: a key alone (any value) or a key and an exact value.
 * Written {@code key} or {@code key=value}; the first {@code =} separates them.
 */
public record ExemptTag(String key, Optional<String> value) {

    static final String ACCEPTED_FORM = "key or key=value (tag key 1-128 characters, value up to 256; letters, digits, "
            + "spaces and _.:/=+-@)";
    /** The characters IAM allows in tag keys and values. */
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    public ExemptTag {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** Parses {@code key} or {@code key=value}, reporting problems against {@code parameter}. */
    public static ExemptTag parse(String parameter, String text) {
        int eq = text.indexOf('=');
        String key = (eq < 0 ? text : text.substring(0, eq)).strip();
        Optional<String> value = eq < 0 ? Optional.empty() : Optional.of(text.substring(eq + 1).strip());
        if (key.isEmpty() || key.length() > 128 || !TAG_TEXT.matcher(key).matches()
                || value.filter(v -> v.length() > 256 || !TAG_TEXT.matcher(v).matches()).isPresent()) {
            throw new InvalidParameterException(parameter, text, ACCEPTED_FORM);
        }
        return new ExemptTag(key, value);
    }

    /**
     * Whether a user carrying {@code tags} is exempt: it carries the key in any case (IAM keeps one tag per key
     * of a user whatever its case, and IAM's own condition keys, such as the remediation role's Deny, ignore the
     * case of the key too) with exactly the value, if one is given.
     */
    public boolean matches(Map<String, String> tags) {
        String wanted = key.toLowerCase(Locale.ROOT);
        return tags.entrySet().stream().anyMatch(tag -> tag.getKey().toLowerCase(Locale.ROOT).equals(wanted)
                && value.map(tag.getValue()::equals).orElse(true));
    }

    @Override
    public String toString() {
        return value.map(v -> key + "=" + v).orElse(key);
    }
}
