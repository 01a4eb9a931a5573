package io.github.setupkeys.rule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "alice|alice",
        "ops,admin+x=y@example.com_-.|ops,admin+x=y@example.com_-.",
        "<script>alert(1)</script>|&lt;script&gt;alert(1)&lt;/script&gt;",
        "`\"><img/src=x/onerror=alert(1)>`|&quot;&gt;&lt;img/src=x/onerror=alert(1)&gt;",
        "`'onmouseover='x'`|&#39;onmouseover=&#39;x&#39;",
        "&amp;|&amp;amp;",
    })
    void markupCharactersBecomeReferencesAndEverythingElseStays(String text, String escaped) {
        assertThat(HtmlText.escape(text)).isEqualTo(escaped);
    }

    @Test
    void everythingOutsidePrintableAsciiIsAReferenceSoThePageIsAscii() {
        assertThat(HtmlText.escape("caf\u00e9 \u2026 \ud83d\udd11")).isEqualTo("caf&#xe9; &#x2026; &#x1f511;");
    }

    @Test
    void charactersHtmlForbidsBecomeTheReplacementCharacter() {
        assertThat(HtmlText.escape("a\u0000b\u001bc\u007fd\u0085e\ud800f\ufffeg\ufdd0h"))
                .isEqualTo("a&#xfffd;b&#xfffd;c&#xfffd;d&#xfffd;e&#xfffd;f&#xfffd;g&#xfffd;h");
    }

    @Test
    void tabsAndLineFeedsStay() {
        assertThat(HtmlText.escape("a\tb\nc")).isEqualTo("a\tb\nc");
    }
}
