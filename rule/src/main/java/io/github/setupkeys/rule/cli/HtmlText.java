package io.github.setupkeys.rule.cli;

/**
 * Text made safe to place in HTML, in element content and in quoted attribute values alike: the five
 * characters that carry markup ({@code & < > " '}) and every character outside printable ASCII become
 * character references, and characters HTML forbids (controls, noncharacters, lone surrogates) become
 * U+FFFD. The result is pure ASCII, so the page reads the same whatever encoding the terminal or file
 * system uses.
 *
 * <p>Written here rather than taken from a library: the encoders at hand either leave non-ASCII text as it
 * is or pull in a dependency larger than this whole class, into the Lambda jar.
 */
final class HtmlText {

    private static final String REPLACEMENT = "&#xfffd;";

    private HtmlText() {
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                appendCodePoint(escaped, Character.toCodePoint(c, text.charAt(i + 1)));
                i += 2;
                continue;
            }
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                case '\t', '\n' -> escaped.append(c);
                default -> appendCodePoint(escaped, c);
            }
            i++;
        }
        return escaped.toString();
    }

    private static void appendCodePoint(StringBuilder escaped, int codePoint) {
        if (codePoint >= 0x20 && codePoint < 0x7f) {
            escaped.append((char) codePoint);
        } else if (forbidden(codePoint)) {
            escaped.append(REPLACEMENT);
        } else {
            escaped.append("&#x").append(Integer.toHexString(codePoint)).append(';');
        }
    }

    /** Controls other than tab and line feed, lone surrogates and noncharacters may not appear in HTML. */
    private static boolean forbidden(int codePoint) {
        return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)
                || (codePoint >= 0xd800 && codePoint <= 0xdfff)
                || (codePoint >= 0xfdd0 && codePoint <= 0xfdef)
                || (codePoint & 0xfffe) == 0xfffe;
    }
}
