package io.github.setupkeys.rule.cli;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.rule.evaluation.InMemoryIamFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The page {@code scan --format html} writes, read as text; test/ renders it in Chromium. */
class HtmlReportTest {

    private static final String SAMPLE = ScanCommandTest.SAMPLE.toString();

    @Test
    void theSamplesPageIsOneAsciiFileThatLoadsNothing() {
        String page = html("--credential-report", SAMPLE);

        assertThat(page).startsWith("<!DOCTYPE html>\n<html lang=\"en\">").endsWith("</html>\n");
        assertThat(page.chars()).allMatch(c -> c < 0x80);
        assertThat(page).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("<img").doesNotContainIgnoringCase("<iframe")
                .doesNotContainIgnoringCase(" src=").doesNotContainIgnoringCase("@import");
        assertThat(all(page, "href=\"([^\"]*)\"")).containsOnly("#findings", "#users",
                BuildInfo.read().documentation() + "#what-is-checked");
        assertThat(all(page, "url\\(([^)]*)\\)")).containsOnly("#paint-non-compliant", "#paint-compliant",
                "#paint-not-applicable");
    }

    @Test
    void itsContentSecurityPolicyAllowsItsOwnStyleBlockAndNothingElse() {
        String page = html("--credential-report", SAMPLE);
        String css = page.substring(page.indexOf("<style>") + "<style>".length(), page.indexOf("</style>"));

        assertThat(page).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'sha256-" + sha256Base64(css) + "'; base-uri 'none'; form-action 'none'\">");
        assertThat(page.indexOf("Content-Security-Policy")).isLessThan(page.indexOf("<style>"));
    }

    @Test
    void theHeaderSaysWhatWasCheckedFromWhereWhenWithWhatAndByWhichVersion() throws IOException {
        String page = html("--credential-report", SAMPLE);

        assertThat(page).contains("CIS AWS Foundations Benchmark 1.11 (v1.3.0-v4.0.x); 1.23 (v1.1.0)",
                "<code class=\"file\">" + SAMPLE + "</code>",
                "SHA-256 <code class=\"hash\">" + sha256Hex(Files.readAllBytes(Path.of(SAMPLE))) + "</code>",
                "<code>111122223333</code>",
                "scanned <time class=\"scanned\" datetime=\"2026-01-03T00:00:00Z\">2026-01-03 00:00:00 UTC</time>",
                "report generated at a time the CSV form does not record",
                "<li><code>setupWindowSeconds = 3600</code></li>", "<li><code>requireNeverUsed = true</code></li>",
                "<li><code>includeInactiveKeys = false</code></li>", "<li><code>exemptTag</code> not set</li>",
                "setupkeys " + BuildInfo.read().version());
        assertThat(BuildInfo.read().version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void theSummaryCountsEachVerdictAndGivesTheExitStatus() {
        String page = html("--credential-report", SAMPLE);

        assertThat(page).contains("data-count=\"NON_COMPLIANT\">3</span>", "data-count=\"COMPLIANT\">4</span>",
                "data-count=\"NOT_APPLICABLE\">1</span>", "<title id=\"donut-title\">3 NON_COMPLIANT, 4 COMPLIANT, "
                        + "1 NOT_APPLICABLE, of 8 users</title>",
                "data-exit-status=\"1\"><strong>Exit status 1</strong>", "3 of 8 users fail CIS 1.11");
    }

    @Test
    void eachFindingIsOneRowGroupWithItsKeysAnnotationAndTheTableFormatsFixCommand() {
        String page = html("--credential-report", SAMPLE);
        List<String> findings = all(page, "<tbody class=\"finding\" data-user=\"([^\"]*)\">");

        assertThat(findings).containsExactly("alice", "frank", "ops,admin");
        assertThat(page).contains("<code class=\"key-id\">access_key_2</code></td>"
                + "<td data-label=\"Created after user\">1&nbsp;min 10&nbsp;s</td><td data-label=\"Status\">Active</td>"
                + "<td data-label=\"Use\">never used</td>");
        assertThat(page).contains("<td rowspan=\"1\" class=\"path\" data-label=\"Path\">/<wbr>team/<wbr>ops/<wbr></td>");
        assertThat(page).contains("<pre class=\"fix\"><code>aws iam list-access-keys --user-name &#39;ops,admin&#39;   "
                + "# deactivate the key created 2026-11-20T18:00:42Z (access_key_1)</code></pre>");
        assertThat(page).contains("Console user has access key(s) from initial setup: access_key_1 (Active, unused, "
                + "created 42s after user).");
    }

    @Test
    void aKeyOlderThanIamsRecordOfUseIsNotShownAsNeverUsed() {
        Instant created = Instant.parse("2014-06-01T00:00:00Z");
        InMemoryIamFacts account = new InMemoryIamFacts()
                .add(aUser().named("old").createdAt(created).withConsolePassword()
                        .withKey(activeKey().createdAt(created.plusSeconds(5))).facts())
                .generateReport(T0.plus(Duration.ofDays(1)));

        String page = CliRun.scan(() -> account, "--format", "html").stdout();

        assertThat(page).contains("<td data-label=\"Use\">none recorded since 2015-04-22</td>")
                .doesNotContain("never used");
    }

    @Test
    void aLiveScanNamesTheAccountTheKeyIdsAndWhenIamWroteItsReport() {
        InMemoryIamFacts account = new InMemoryIamFacts()
                .add(aUser().named("alice").withPath("/team/ops/").withConsolePassword()
                        .withKey(activeKey().withId("AKIAALICE0000000001")).facts())
                .add(aUser().named("bob").withConsolePassword().facts())
                .generateReport(T0.plus(Duration.ofDays(1)));

        CliRun run = CliRun.scan(() -> account, "--format", "html");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("the live account", "<code>123456789012</code>",
                "credential report generated <time datetime=\"2026-01-02T00:00:00Z\">2026-01-02 00:00:00 UTC</time>; "
                        + "1 of 2 users confirmed with live IAM calls",
                "<code class=\"key-id\">AKIAALICE0000000001</code>",
                "aws iam update-access-key --user-name &#39;alice&#39; --access-key-id AKIAALICE0000000001 --status Inactive",
                "/<wbr>team/<wbr>ops/<wbr>");
    }

    @Test
    void aLiveScanWithoutACredentialReportSaysEveryUserWasConfirmedLive() {
        InMemoryIamFacts account = new InMemoryIamFacts().add(aUser().named("bob").withConsolePassword().facts())
                .reportNeverReady();

        CliRun run = CliRun.scan(() -> account, "--format", "html");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("no credential report in time: 1 of 1 users confirmed with live IAM calls");
    }

    @Test
    void withoutFindingsThePageSaysSoAndShowsExitStatusZero(@TempDir Path dir) throws IOException {
        Path report = Files.writeString(dir.resolve("clean.csv"), String.join("\n", Files.readAllLines(Path.of(SAMPLE))
                .stream().filter(line -> !line.startsWith("alice,") && !line.startsWith("frank,")
                        && !line.startsWith("ops,admin,")).toList()) + "\n");

        String page = html("--credential-report", report.toString());

        assertThat(page).contains("No user fails CIS 1.11", "<span class=\"tally\">0</span></h2>",
                "<p class=\"none\">None: no user with a console password", "data-exit-status=\"0\"")
                .doesNotContain("<tbody class=\"finding\"");
    }

    @Test
    void parametersThatAreNotTheDefaultsAreMarkedAndExplainTheVerdict() {
        String page = html("--credential-report", SAMPLE, "--setup-window-seconds", "86400", "--require-never-used",
                "false", "--include-inactive-keys", "true");

        assertThat(page).contains("<li><code>setupWindowSeconds = 86400</code> <span class=\"changed\">(not the "
                + "default)</span></li>", "<li><code>requireNeverUsed = false</code> <span class=\"changed\">")
                .contains("an access key created within 86400&nbsp;s of the user that is active or inactive; with a "
                        + "password and no such key it is COMPLIANT");
    }

    @Test
    void namesPathsAndTheFileNameNeverBecomeMarkup(@TempDir Path dir) throws IOException {
        String path = "/\"><img/src=x/onerror=alert(1)><script>alert(2)</script>/'x'&amp;/";
        List<String> names = List.of("=1+2", "-rf", "@SUM", "a.b,c+d=e@f-g_h", "w".repeat(64));
        List<String> sample = Files.readAllLines(Path.of(SAMPLE));
        StringBuilder csv = new StringBuilder(sample.get(0)).append('\n').append(sample.get(1)).append('\n');
        names.forEach(name -> csv.append(name).append(",arn:aws:iam::111122223333:user").append(path).append(name)
                .append(",2026-01-01T00:00:00+00:00,true,no_information,2026-01-01T00:00:00+00:00,N/A,false,true,")
                .append("2026-01-01T00:00:05+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"));
        String fileName = "<img src=x onerror=alert(3)> & \"q\" 'q'.csv";
        Path report = Files.writeString(dir.resolve(fileName), csv);

        String page = html("--credential-report", report.toString());

        assertThat(page).doesNotContain("<img", "<script", "onerror=alert(1)>", "'x'", "\"q\"");
        assertThat(page).contains(HtmlText.escape(path).replace("/", "/<wbr>"),
                HtmlText.escape(report.toString()) + "</code>",
                "&lt;img src=x onerror=alert(3)&gt; &amp; &quot;q&quot; &#39;q&#39;.csv</title>");
        names.forEach(name -> assertThat(page).contains("data-user=\"" + name + "\">"));
    }

    @ParameterizedTest(name = "{0} s -> {1}")
    @CsvSource({"0, 0&nbsp;s", "7, 7&nbsp;s", "60, 1&nbsp;min", "70, 1&nbsp;min 10&nbsp;s", "3600, 1&nbsp;h",
        "3725, 1&nbsp;h 2&nbsp;min", "604800, 168&nbsp;h"})
    void durationsReadAsAPersonWouldSayThem(long seconds, String shown) {
        assertThat(HtmlReport.duration(seconds)).isEqualTo(shown);
    }

    private static String html(String... arguments) {
        String[] withFormat = new String[arguments.length + 2];
        System.arraycopy(arguments, 0, withFormat, 0, arguments.length);
        withFormat[arguments.length] = "--format";
        withFormat[arguments.length + 1] = "html";
        CliRun run = CliRun.scan(withFormat);
        assertThat(run.stderr()).isEmpty();
        return run.stdout();
    }

    private static List<String> all(String page, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(page);
        return matcher.results().map(result -> result.group(1)).toList();
    }

    private static String sha256Base64(String text) {
        return Base64.getEncoder().encodeToString(sha256(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
