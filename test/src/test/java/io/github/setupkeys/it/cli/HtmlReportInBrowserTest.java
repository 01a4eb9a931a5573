package io.github.setupkeys.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.it.support.BrowserPage;
import io.github.setupkeys.it.support.HeadlessChromium;
import io.github.setupkeys.it.support.PngText;
import io.github.setupkeys.it.support.RuleJar;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --format html}, written by the built jar from the bundled sample and rendered in headless
 * Chromium: what a reader sees, read back from the rendered DOM, with every request the page made and every
 * error it caused. Screenshots and a PDF land in {@code target/html-report/}; with
 * {@code -Dscreenshots.update=true} the README's screenshot is taken again.
 */
class HtmlReportInBrowserTest {

    private static final Path REPO = Path.of(System.getProperty("setupkeys.repo.root", "..")).toAbsolutePath().normalize();
    private static final Path OUT = Path.of("target", "html-report").toAbsolutePath();
    /** The README's screenshot, and the tEXt keyword under which it records the report it shows. */
    private static final Path README_SCREENSHOT = REPO.resolve("docs/images/scan-report.png");
    private static final String FINGERPRINT = "setupkeys-report-sha256";
    private static final String SAMPLE = "samples/credential-report.csv";
    private static final String REGENERATE = "./mvnw -B -pl test -am verify -Dfuzz.skip=true "
            + "-Dtest=HtmlReportInBrowserTest -Dsurefire.failIfNoSpecifiedTests=false -Dscreenshots.update=true";
    /** Every element the report is made of: anything else in the DOM came from the data. */
    private static final Set<String> REPORT_ELEMENTS = Set.of("html", "head", "meta", "title", "style", "body", "header",
            "main", "section", "footer", "h1", "h2", "p", "dl", "dt", "dd", "div", "ul", "li", "span", "strong", "code",
            "pre", "a", "time", "wbr", "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "input",
            "label", "svg", "defs",
            "pattern", "rect", "circle", "text");

    private static Path sampleReport;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void writeTheSamplesReport() throws IOException {
        Files.createDirectories(OUT);
        sampleReport = OUT.resolve("sample.html");
        RuleJar.Run run = RuleJar.runIn(REPO, "scan", "--credential-report", SAMPLE, "--format", "html",
                "--output", sampleReport.toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo("scan: 3 NON_COMPLIANT, 4 COMPLIANT, 1 NOT_APPLICABLE (8 users); report "
                + "written to " + sampleReport + "\n");
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void theSummaryShowsTheThreeCountsAndTheExitStatusAPipelineSees() {
        try (BrowserPage page = open(sampleReport, 1280, 900)) {
            assertThat(page.shownText("[data-count=NON_COMPLIANT]")).containsExactly("3");
            assertThat(page.shownText("[data-count=COMPLIANT]")).containsExactly("4");
            assertThat(page.shownText("[data-count=NOT_APPLICABLE]")).containsExactly("1");
            assertThat(page.each("svg.donut title#donut-title", "element.textContent"))
                    .containsExactly("3 NON_COMPLIANT, 4 COMPLIANT, 1 NOT_APPLICABLE, of 8 users");
            assertThat(page.shownText(".exit")).singleElement().asString().startsWith("Exit status 1");
            assertThat(page.shownText("h1")).containsExactly("IAM users with access keys from initial setup");
            assertThat(page.shownText(".masthead .facts")).singleElement().asString()
                    .contains(SAMPLE, "111122223333", "setupWindowSeconds = 3600", "setupkeys 0.1.0");
            save("sample-wide.png", page.screenshot(0));
        }
    }

    @Test
    void eachFindingIsOneRowGroupWithTheCommandThatFixesIt() {
        try (BrowserPage page = open(sampleReport, 1280, 900)) {
            assertThat(page.each("#findings tbody.finding", "element.dataset.user"))
                    .containsExactly("alice", "frank", "ops,admin");
            assertThat(page.shownText("#findings tbody.finding td.path")).containsExactly("/", "/", "/team/ops/");
            assertThat(page.shownText("#findings tbody.finding .key-id"))
                    .containsExactly("access_key_1", "access_key_2", "access_key_1");
            // The same commands, to the character, as the table format prints under "To fix".
            assertThat(page.shownText("#findings tbody.finding pre.fix")).containsExactlyElementsOf(fixCommands(SAMPLE));
            assertThat(page.shownText("#findings tbody.finding pre.fix")).first().asString()
                    .isEqualTo("aws iam list-access-keys --user-name 'alice'   # deactivate the key created "
                            + "2026-11-02T09:15:07Z (access_key_1)");
        }
    }

    @Test
    void thePageFetchesNothingRunsNoScriptAndLogsNoError() {
        try (BrowserPage page = open(sampleReport, 1280, 900)) {
            assertThat(page.requests()).containsExactly(sampleReport.toUri().toString());
            assertThat(page.errors()).isEmpty();
            assertThat(page.evaluate("document.scripts.length").getAsInt()).isZero();
        }
    }

    @Test
    void theRequestAndErrorChecksCatchAPageThatFetchesOrFails(@TempDir Path dir) throws IOException {
        // The checks above are only worth something if they see what they look for.
        Path leaky = Files.writeString(dir.resolve("leaky.html"), "<!DOCTYPE html><html><body>"
                + "<img src=\"http://127.0.0.1:9/pixel.png\"><script>console.error('boom'); missing();</script>"
                + "</body></html>");
        try (BrowserPage page = open(leaky, 800, 600)) {
            assertThat(page.requests()).contains("http://127.0.0.1:9/pixel.png");
            assertThat(page.errors()).anyMatch(error -> error.startsWith("console.error"))
                    .anyMatch(error -> error.startsWith("uncaught") && error.contains("missing is not defined"));
        }
    }

    @Test
    void everyOtherUserShowsUntilAVerdictIsPickedWithNoScriptRunning() {
        try (BrowserPage page = open(sampleReport, 1280, 900)) {
            String users = "#users tbody th.user";
            assertThat(page.shownText(users)).containsExactly("bob", "carol", "dave", "erin", "ci-deployer");

            page.click("label[for=show-not-applicable]");
            assertThat(page.shownText(users)).containsExactly("ci-deployer");

            page.click("label[for=show-compliant]");
            assertThat(page.shownText(users)).containsExactly("bob", "carol", "dave", "erin");

            page.click("label[for=show-all]");
            assertThat(page.shownText(users)).hasSize(5);
            assertThat(page.evaluate("document.scripts.length").getAsInt()).isZero();
        }
    }

    @Test
    void aNarrowWindowShowsEverythingWithoutSidewaysScrolling() {
        try (BrowserPage page = open(sampleReport, 390, 844)) {
            assertThat(page.evaluate("document.documentElement.scrollWidth").getAsInt()).as(page.widthExplained(390))
                    .isLessThanOrEqualTo(390);
            assertThat(page.each("pre.fix, .count, tbody th.user", "String(element.getBoundingClientRect().right <= 390)"))
                    .isNotEmpty().containsOnly("true");
            assertThat(page.shownText("#findings tbody.finding pre.fix")).hasSize(3);
            save("sample-narrow.png", page.screenshot(0));
        }
    }

    @Test
    void onPaperEveryRowPrintsAndTheControlsDoNot() throws IOException {
        try (BrowserPage page = open(sampleReport, 1280, 900)) {
            page.click("label[for=show-not-applicable]");
            page.emulateMedia("print");
            page.resize(700, 1000); // A4 less the print stylesheet's margins, in CSS pixels
            assertThat(page.shownText("#users tbody th.user")).hasSize(5);
            assertThat(page.shownText(".filter-bar")).isEmpty();
            assertThat(page.evaluate("document.documentElement.scrollWidth").getAsInt()).as(page.widthExplained(700))
                    .isLessThanOrEqualTo(700);
            save("sample-print.png", page.screenshot(0));
            save("sample.pdf", page.pdf());
            assertThat(new String(Files.readAllBytes(OUT.resolve("sample.pdf")), 0, 5, StandardCharsets.US_ASCII))
                    .isEqualTo("%PDF-");
        }
    }

    @Test
    void hostileNamesPathsAndFileNameStayText(@TempDir Path dir) throws IOException {
        // Names use every character IAM allows in them; paths (any printable ASCII) and the file name carry markup.
        List<HostileUser> users = List.of(
                new HostileUser("=1+2", "/\"><img/src=x/onerror=alert(1)><script>alert(2)</script>/", true, true),
                new HostileUser("-rf", "/'onmouseover='alert(3)'/x=\"y\"/", true, true),
                new HostileUser("@SUM", "/&amp;&lt;b&gt;&#x41;/", true, false),
                new HostileUser("a.b,c+d=e@f-g_h", "/<style>*{display:none}</style>/", false, true),
                new HostileUser("w".repeat(64), "/" + "deep/".repeat(20), true, true));
        Path report = dir.resolve("report <img src=x onerror=alert(4)> & \"q\" 'q'.csv");
        Files.writeString(report, HostileUser.credentialReport(REPO.resolve(SAMPLE), users));
        Path html = OUT.resolve("hostile.html");

        RuleJar.Run run = RuleJar.runIn(dir, "scan", "--credential-report", report.getFileName().toString(),
                "--format", "html", "--output", html.toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);

        try (BrowserPage page = open(html, 1280, 900)) {
            assertThat(page.requests()).containsExactly(html.toUri().toString());
            assertThat(page.errors()).isEmpty();
            assertThat(new TreeSet<>(page.each("*", "element.localName"))).isSubsetOf(REPORT_ELEMENTS);
            assertThat(page.each("*", "[...element.attributes].map(a => a.name).filter(n => n.startsWith('on')).join()"))
                    .containsOnly("");
            assertThat(page.each("[data-user]", "element.dataset.user")).containsExactlyInAnyOrderElementsOf(
                    users.stream().map(HostileUser::name).toList());
            assertThat(page.each("th.user", "element.textContent")).containsExactlyInAnyOrderElementsOf(
                    users.stream().map(HostileUser::name).toList());
            assertThat(page.each("td.path", "element.textContent")).containsExactlyInAnyOrderElementsOf(
                    users.stream().map(HostileUser::path).toList());
            assertThat(page.each("code.file", "element.textContent")).containsExactly(report.getFileName().toString());
            assertThat(page.evaluate("document.title").getAsString()).endsWith(report.getFileName().toString());
            assertThat(page.shownText("#findings pre.fix"))
                    .containsExactlyElementsOf(fixCommands(dir, report.getFileName().toString()));
            save("hostile-wide.png", page.screenshot(0));
            page.resize(390, 844);
            assertThat(page.evaluate("document.documentElement.scrollWidth").getAsInt()).as(page.widthExplained(390))
                    .isLessThanOrEqualTo(390);
            save("hostile-narrow.png", page.screenshot(0));
        }
    }

    @Test
    void theReadmeScreenshotShowsTheSamplesReportAsItIsToday() throws IOException {
        String fingerprint = fingerprint(sampleReport);
        if (Boolean.getBoolean("screenshots.update")) {
            try (BrowserPage page = open(sampleReport, 1200, 900)) {
                int findingsEnd = (int) Math.ceil(page.evaluate(
                        "document.querySelector('#findings').getBoundingClientRect().bottom + window.scrollY + 24")
                        .getAsDouble());
                Files.createDirectories(README_SCREENSHOT.getParent());
                Files.write(README_SCREENSHOT, PngText.with(page.screenshot(findingsEnd), FINGERPRINT, fingerprint));
            }
        }
        assertThat(README_SCREENSHOT).as("the README's screenshot; take it with " + REGENERATE).exists();
        assertThat(PngText.read(Files.readAllBytes(README_SCREENSHOT), FINGERPRINT))
                .as("%s shows an older report than the sample's today; take it again with %s", README_SCREENSHOT,
                        REGENERATE)
                .contains(fingerprint);
    }

    /**
     * What the report says, apart from when the scan ran: the SHA-256 of the page with the scan time's elements
     * emptied. A screenshot recorded under it shows today's page.
     */
    private static String fingerprint(Path html) throws IOException {
        String page = Files.readString(html).replaceAll("<time class=\"scanned\" datetime=\"[^\"]*\">[^<]*</time>",
                "<time class=\"scanned\"></time>");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(page.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The commands the table format prints under "To fix" for {@code report}, scanned in the repository. */
    private static List<String> fixCommands(String report) {
        return fixCommands(REPO, report);
    }

    private static List<String> fixCommands(Path directory, String report) {
        RuleJar.Run table = RuleJar.runIn(directory, "scan", "--credential-report", report);
        List<String> lines = table.stdout().lines().toList();
        int first = lines.indexOf("To fix (deactivate first; delete once nothing breaks):") + 1;
        assertThat(first).as(table.stdout()).isPositive();
        List<String> commands = lines.subList(first, lines.size());
        int end = commands.indexOf("");
        return (end < 0 ? commands : commands.subList(0, end)).stream().map(String::strip).toList();
    }

    private static BrowserPage open(Path file, int width, int height) {
        if (chromium == null) {
            chromium = HeadlessChromium.start();
        }
        return chromium.newPage(width, height).open(file.toUri());
    }

    private static void save(String name, byte[] bytes) {
        try {
            Files.write(OUT.resolve(name), bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user of the hostile report: a console password or not, an unused key from setup or not. */
    private record HostileUser(String name, String path, boolean consolePassword, boolean setupKey) {

        static String credentialReport(Path sample, List<HostileUser> users) throws IOException {
            List<String> sampleLines = Files.readAllLines(sample);
            StringBuilder report = new StringBuilder(sampleLines.get(0)).append('\n').append(sampleLines.get(1)).append('\n');
            for (HostileUser user : users) {
                report.append(user.name).append(",arn:aws:iam::111122223333:user").append(user.path).append(user.name)
                        .append(",2026-01-01T00:00:00+00:00,").append(user.consolePassword)
                        .append(",no_information,2026-01-01T00:00:00+00:00,N/A,false,")
                        .append(user.setupKey ? "true,2026-01-01T00:00:05+00:00" : "false,N/A")
                        .append(",N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
            }
            return report.toString();
        }
    }
}
