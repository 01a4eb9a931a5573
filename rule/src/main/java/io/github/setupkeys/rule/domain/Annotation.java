package io.github.setupkeys.rule.domain;

/** Config accepts annotations of at most 256 characters; this keeps every annotation within that. */
public final class Annotation {

    public static final int MAX_LENGTH = 256;

    private Annotation() {
    }

    /** {@code text} unchanged if it fits, otherwise cut to fit and ended with an ellipsis. */
    public static String fit(String text) {
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        int end = MAX_LENGTH - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
