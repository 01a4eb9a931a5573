package io.github.setupkeys.text;

import java.util.regex.Pattern;

/**
 * Text made safe for a one-line message. Input echoed in an error message: characters that break or hide a line
 * (line ends, other control and format characters, unpaired surrogates) are written as {@code \\uXXXX}, and
 * what would show longer than about {@value #SHOWN} characters is cut, saying how long the text was. A message
 * as a whole (an AWS error, an exception's message in a log line or on a terminal): its line breaks become spaces.
 */
public final class InputText {

    static final int SHOWN = 60;
    /** Line breaks with the white space around them: what {@link #oneLine} turns into one space. */
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

    private InputText() {
    }

    /** {@code text} in single quotes, as {@link #clean(String)} shows it: {@code 'abc…' (70000 characters)}. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        Shown shown = Shown.of(text);
        return shown.whole() ? "'" + shown.text() + "'" : "'" + shown.text() + "…' (" + text.length() + " characters)";
    }

    /** {@code text} with invisible and line-breaking characters escaped, cut after about {@value #SHOWN} characters. */
    public static String clean(String text) {
        if (text == null) {
            return "null";
        }
        Shown shown = Shown.of(text);
        return shown.whole() ? shown.text() : shown.text() + "… (" + text.length() + " characters)";
    }

    /**
     * {@code message} on one line, whole: each line break, with the white space around it, becomes one space;
     * leading and trailing white space goes. Not for input, which {@link #quote} and {@link #clean} escape and cut.
     */
    public static String oneLine(String message) {
        return LINE_BREAKS.matcher(String.valueOf(message)).replaceAll(" ").strip();
    }

    /** The start of a text as shown, and whether that is all of it. */
    private record Shown(String text, boolean whole) {

        static Shown of(String text) {
            StringBuilder shown = new StringBuilder(SHOWN + 16);
            int next = 0;
            while (next < text.length() && shown.length() < SHOWN) {
                int codePoint = text.codePointAt(next);
                if (visible(codePoint)) {
                    shown.appendCodePoint(codePoint);
                } else {
                    shown.append(String.format(codePoint > 0xFFFF ? "\\u{%x}" : "\\u%04x", codePoint));
                }
                next += Character.charCount(codePoint);
            }
            return new Shown(shown.toString(), next == text.length());
        }

        private static boolean visible(int codePoint) {
            return switch (Character.getType(codePoint)) {
                case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                        Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> false;
                default -> true;
            };
        }
    }
}
