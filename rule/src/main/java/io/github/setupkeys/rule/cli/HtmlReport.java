package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.rule.domain.OffendingKey;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.evaluation.UserResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page for a person: what was checked, a summary drawn in inline SVG, the findings
 * with the commands that fix them, then every other user, filterable by verdict with CSS alone.
 *
 * <p>The page loads nothing: its style is inline and its Content-Security-Policy allows that one style block
 * (by hash) and nothing else, no script, image, font or connection. Every value from IAM, the report or the
 * command line goes through {@link HtmlText#escape}, and the page is pure ASCII.
 */
final class HtmlReport implements ReportWriter {

    private static final String CSS = resource("html-report.css");
    /** The CSP names the style block by its hash, so that no other style, injected or not, applies. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'sha256-" + sha256Base64(CSS)
            + "'; base-uri 'none'; form-action 'none'";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Override
    public void write(ScanOutcome scan, PrintStream out) {
        BuildInfo build = BuildInfo.read();
        StringBuilder page = new StringBuilder(16_384 + 2_048 * scan.results().size());
        head(scan, build, page);
        page.append("<body>\n");
        masthead(scan, build, page);
        page.append("<main>\n");
        summary(scan, page);
        findings(scan, page);
        otherUsers(scan, page);
        page.append("</main>\n");
        footer(scan, build, page);
        page.append("</body>\n</html>\n");
        out.print(page);
    }

    private static void head(ScanOutcome scan, BuildInfo build, StringBuilder page) {
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY)
                .append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"setupkeys ").append(text(build.version())).append("\">\n")
                .append("<title>CIS 1.11 setup keys: ").append(scan.findings().size()).append(" NON_COMPLIANT of ")
                .append(scan.results().size()).append(" users &middot; ").append(text(subject(scan)))
                .append("</title>\n<style>").append(CSS).append("</style>\n</head>\n");
    }

    private static void masthead(ScanOutcome scan, BuildInfo build, StringBuilder page) {
        page.append("<header class=\"masthead\">\n<p class=\"kicker\">CIS AWS Foundations Benchmark 1.11 &middot; ")
                .append("setupkeys ").append(text(build.version())).append("</p>\n")
                .append("<h1>IAM users with access keys from initial setup</h1>\n")
                .append("<p class=\"recommendation\">&ldquo;").append(text(RuleMetadata.TITLE)).append("&rdquo;</p>\n")
                .append("<dl class=\"facts\">\n");
        if (scan.source() instanceof ScanOutcome.Source.ReportFile file) {
            fact(page, "Credential report", "<code class=\"file\">" + text(file.name()) + "</code>"
                    + "<span class=\"sub\">read offline; SHA-256 <code class=\"hash\">" + text(file.sha256())
                    + "</code></span>");
            fact(page, "Account", accounts(scan));
            fact(page, "When", "scanned " + scanTime(scan) + "<span class=\"sub\">report generated "
                    + file.generatedAt().map(HtmlReport::time).orElse("at a time the CSV form does not record")
                    + "</span>");
        } else if (scan.source() instanceof ScanOutcome.Source.LiveAccount live) {
            fact(page, "Scanned", "the live account<span class=\"sub\">reached through the AWS SDK&#39;s default "
                    + "credential chain</span>");
            fact(page, "Account", accounts(scan));
            String confirmed = live.confirmedLive() + " of " + scan.results().size()
                    + " users confirmed with live IAM calls";
            fact(page, "When", "scanned " + scanTime(scan) + "<span class=\"sub\">"
                    + (live.withoutReport() ? "no credential report in time: " + confirmed
                            : "credential report generated " + live.reportGeneratedAt().map(HtmlReport::time)
                                    .orElse("at a time IAM did not give") + "; " + confirmed)
                    + "</span>");
        }
        fact(page, "Parameters", parameters(scan.parameters()));
        fact(page, "Benchmark", text(RuleMetadata.CIS_REFERENCES));
        fact(page, "Tool", "setupkeys " + text(build.version()) + ", AWS Config rule <code>"
                + text(RuleMetadata.RULE_NAME) + "</code>");
        page.append("</dl>\n</header>\n");
    }

    private static void summary(ScanOutcome scan, StringBuilder page) {
        Map<ComplianceType, Integer> counts = scan.counts();
        int total = scan.results().size();
        int findings = counts.get(ComplianceType.NON_COMPLIANT);
        page.append("<section class=\"summary\" aria-labelledby=\"summary-title\">\n")
                .append("<h2 id=\"summary-title\">Summary</h2>\n")
                .append("<p class=\"headline ").append(findings > 0 ? "bad" : "good").append("\">")
                .append(findings > 0
                        ? findings + " of " + total + (total == 1 ? " user fails" : " users fail")
                                + " CIS 1.11: " + (findings == 1 ? "a console user has" : "console users have")
                                + " an unused access key from initial setup."
                        : "No user fails CIS 1.11: no console user has an unused access key from initial setup.")
                .append("</p>\n<div class=\"summary-body\">\n");
        DonutChart.write(counts, page);
        page.append("<ul class=\"counts\">\n");
        for (ComplianceType type : ComplianceType.values()) {
            page.append("<li class=\"count ").append(cssClass(type)).append("\"><a href=\"#")
                    .append(type == ComplianceType.NON_COMPLIANT ? "findings" : "users").append("\">")
                    .append("<span class=\"n\" data-count=\"").append(type).append("\">").append(counts.get(type))
                    .append("</span> <span class=\"label\">").append(DonutChart.swatch(type)).append(badge(type))
                    .append("</span><span class=\"meaning\">").append(meaning(type))
                    .append("</span></a></li>\n");
        }
        page.append("</ul>\n</div>\n")
                .append("<p class=\"exit\" data-exit-status=\"").append(scan.exitCode()).append("\"><strong>Exit status ")
                .append(scan.exitCode()).append("</strong> ")
                .append(scan.exitCode() == ScanOutcome.FINDINGS
                        ? "&ndash; at least one user is NON_COMPLIANT, so a pipeline that runs this scan stops here."
                        : "&ndash; no user is NON_COMPLIANT, so a pipeline that runs this scan goes on.")
                .append("</p>\n</section>\n");
    }

    private static void findings(ScanOutcome scan, StringBuilder page) {
        List<UserResult> findings = scan.findings();
        page.append("<section id=\"findings\" class=\"findings\" aria-labelledby=\"findings-title\">\n")
                .append("<h2 id=\"findings-title\">Findings <span class=\"tally\">").append(findings.size())
                .append("</span></h2>\n");
        if (findings.isEmpty()) {
            page.append("<p class=\"none\">None: no user with a console password has an access key that counts "
                    + "under the parameters above.</p>\n</section>\n");
            return;
        }
        page.append("<p class=\"intro\">Each user below can sign in to the console and has an access key created at "
                + "setup that nobody asked for. Fix: ").append(text(FixCommand.ADVICE)).append(".")
                .append(scan.offline() ? " A credential report names key slots, not key ids: each command lists the "
                        + "user&#39;s keys, and the comment says which one to deactivate." : "")
                .append("</p>\n<div class=\"table-wrap\">\n<table class=\"findings-table\">\n")
                .append("<caption>Users that are NON_COMPLIANT, with their offending keys and the commands that fix "
                        + "them</caption>\n")
                .append("<colgroup><col class=\"user\"><col class=\"path\"><col class=\"key\"><col class=\"after\">")
                .append("<col class=\"status\"><col class=\"use\"></colgroup>\n")
                .append("<thead><tr><th scope=\"col\">User</th><th scope=\"col\">Path</th>")
                .append("<th scope=\"col\">Offending key</th><th scope=\"col\">Created after user</th>")
                .append("<th scope=\"col\">Status</th><th scope=\"col\">Use</th></tr></thead>\n");
        for (UserResult finding : findings) {
            List<OffendingKey> keys = finding.verdict().offendingKeys();
            page.append("<tbody class=\"finding\" data-user=\"").append(text(finding.user().userName())).append("\">\n");
            for (int i = 0; i < keys.size(); i++) {
                OffendingKey key = keys.get(i);
                page.append("<tr class=\"key\">");
                if (i == 0) {
                    page.append("<th scope=\"rowgroup\" rowspan=\"").append(keys.size()).append("\" class=\"user\"")
                            .append(" data-label=\"User\">").append(text(finding.user().userName())).append("</th>")
                            .append("<td rowspan=\"").append(keys.size()).append("\" class=\"path\" data-label=\"Path\">")
                            .append(pathHtml(finding)).append("</td>");
                }
                page.append("<td data-label=\"Offending key\"><code class=\"key-id\">").append(text(key.accessKeyId()))
                        .append("</code></td>")
                        .append("<td data-label=\"Created after user\">").append(duration(key.secondsAfterUser()))
                        .append("</td>")
                        .append("<td data-label=\"Status\">").append(text(key.key().status().iamName())).append("</td>")
                        .append("<td data-label=\"Use\">").append(use(key.key())).append("</td></tr>\n");
            }
            page.append("<tr class=\"detail\"><td colspan=\"6\">\n<p class=\"annotation\">")
                    .append(text(finding.verdict().annotation())).append("</p>\n")
                    .append("<p class=\"fix-label\">").append(keys.size() == 1 ? "Command" : "Commands")
                    .append(" that fix").append(keys.size() == 1 ? "es" : "").append(" it</p>\n");
            for (OffendingKey key : keys) {
                page.append("<pre class=\"fix\"><code>").append(text(FixCommand.forKey(finding.user(), key, scan.offline())))
                        .append("</code></pre>\n");
            }
            page.append("</td></tr>\n</tbody>\n");
        }
        page.append("</table>\n</div>\n</section>\n");
    }

    private static void otherUsers(ScanOutcome scan, StringBuilder page) {
        List<UserResult> others = scan.results().stream()
                .filter(result -> result.verdict().complianceType() != ComplianceType.NON_COMPLIANT).toList();
        Map<ComplianceType, Integer> counts = scan.counts();
        page.append("<section id=\"users\" class=\"users\" aria-labelledby=\"users-title\">\n")
                .append("<h2 id=\"users-title\">Every other user <span class=\"tally\">").append(others.size())
                .append("</span></h2>\n");
        if (others.isEmpty()) {
            page.append("<p class=\"none\">None: every user is NON_COMPLIANT.</p>\n</section>\n");
            return;
        }
        // Radio buttons before the table, so that CSS alone (:checked ~) hides the rows the choice leaves out.
        page.append("<input type=\"radio\" name=\"show\" id=\"show-all\" class=\"filter\" checked>\n")
                .append("<input type=\"radio\" name=\"show\" id=\"show-compliant\" class=\"filter\">\n")
                .append("<input type=\"radio\" name=\"show\" id=\"show-not-applicable\" class=\"filter\">\n")
                .append("<div class=\"filter-bar\"><span class=\"filter-title\">Show</span>")
                .append("<label for=\"show-all\">All <span class=\"tally\">").append(others.size()).append("</span></label>")
                .append("<label for=\"show-compliant\">COMPLIANT <span class=\"tally\">")
                .append(counts.get(ComplianceType.COMPLIANT)).append("</span></label>")
                .append("<label for=\"show-not-applicable\">NOT_APPLICABLE <span class=\"tally\">")
                .append(counts.get(ComplianceType.NOT_APPLICABLE)).append("</span></label></div>\n")
                .append("<div class=\"table-wrap\">\n<table class=\"users-table\">\n")
                .append("<caption>Users that are COMPLIANT or NOT_APPLICABLE, and why</caption>\n")
                .append("<colgroup><col class=\"verdict\"><col class=\"user\"><col class=\"path\"><col class=\"why\">")
                .append("</colgroup>\n<thead><tr><th scope=\"col\">Verdict</th><th scope=\"col\">User</th>")
                .append("<th scope=\"col\">Path</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n");
        for (UserResult result : others) {
            ComplianceType type = result.verdict().complianceType();
            page.append("<tr class=\"").append(cssClass(type)).append("\" data-verdict=\"").append(type)
                    .append("\" data-user=\"").append(text(result.user().userName())).append("\">")
                    .append("<td data-label=\"Verdict\">").append(badge(type)).append("</td>")
                    .append("<th scope=\"row\" class=\"user\" data-label=\"User\">").append(text(result.user().userName()))
                    .append("</th><td class=\"path\" data-label=\"Path\">").append(pathHtml(result)).append("</td>")
                    .append("<td data-label=\"Why\">").append(text(result.verdict().annotation())).append("</td></tr>\n");
        }
        page.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static void footer(ScanOutcome scan, BuildInfo build, StringBuilder page) {
        RuleParameters parameters = scan.parameters();
        page.append("<footer>\n<h2>How the verdict is decided</h2>\n<p>A user is NON_COMPLIANT when it has a console "
                + "password and an access key created within ").append(parameters.setupWindowSeconds()).append("&nbsp;s")
                .append(" of the user that is ").append(parameters.includeInactiveKeys() ? "active or inactive" : "active")
                .append(parameters.requireNeverUsed() ? " and has never been used" : "")
                .append("; with a password and no such key it is COMPLIANT, without one")
                .append(parameters.exemptTag().isPresent() ? " (or exempted by its tag)" : "")
                .append(" NOT_APPLICABLE. A scan that cannot read what it needs fails with an error and writes no "
                        + "report, so an error is never shown as a verdict.</p>\n")
                .append("<p>Parameters, scenarios and the AWS Config rule: <a href=\"").append(text(build.documentation()))
                .append("#what-is-checked\" rel=\"noreferrer\">").append(text(build.documentation()))
                .append("</a></p>\n<p class=\"generated\">Written by setupkeys ").append(text(build.version()))
                .append(" on ").append(scanTime(scan)).append(".</p>\n</footer>\n");
    }

    /** The file's name or the account: what the page's title says was scanned. */
    private static String subject(ScanOutcome scan) {
        if (scan.source() instanceof ScanOutcome.Source.ReportFile file) {
            return file.name();
        }
        return scan.accounts().isEmpty() ? "live account" : "account " + String.join(", ", scan.accounts());
    }

    private static String accounts(ScanOutcome scan) {
        return scan.accounts().isEmpty() ? "not named: no IAM users"
                : "<code>" + text(String.join(", ", scan.accounts())) + "</code>";
    }

    private static String parameters(RuleParameters parameters) {
        StringBuilder list = new StringBuilder("<ul class=\"parameters\">");
        Map<String, String> defaults = RuleParameters.DEFAULTS.toMap();
        parameters.toMap().forEach((name, value) -> list.append("<li><code>").append(text(name)).append(" = ")
                .append(text(value)).append("</code>")
                .append(value.equals(defaults.get(name)) ? "" : " <span class=\"changed\">(not the default)</span>")
                .append("</li>"));
        if (parameters.exemptTag().isEmpty()) {
            list.append("<li><code>").append(RuleParameters.EXEMPT_TAG).append("</code> not set</li>");
        }
        return list.append("</ul>").toString();
    }

    private static void fact(StringBuilder page, String term, String html) {
        page.append("<div><dt>").append(term).append("</dt><dd>").append(html).append("</dd></div>\n");
    }

    private static String badge(ComplianceType type) {
        String symbol = switch (type) {
            case NON_COMPLIANT -> "&#x2715;";
            case COMPLIANT -> "&#x2713;";
            case NOT_APPLICABLE -> "&#x2013;";
        };
        return "<span class=\"badge " + cssClass(type) + "\"><span class=\"symbol\" aria-hidden=\"true\">" + symbol
                + "</span> " + type + "</span>";
    }

    private static String meaning(ComplianceType type) {
        return switch (type) {
            case NON_COMPLIANT -> "console users with an unused key from setup";
            case COMPLIANT -> "console users without one";
            case NOT_APPLICABLE -> "no console password, or exempt";
        };
    }

    static String cssClass(ComplianceType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The user's path, escaped, free to break after each slash. */
    private static String pathHtml(UserResult result) {
        return text(path(result)).replace("/", "/<wbr>");
    }

    /** The user's path, from its ARN ({@code arn:aws:iam::123456789012:user/team/ops/alice} is {@code /team/ops/}). */
    private static String path(UserResult result) {
        String arn = result.user().arn();
        String name = result.user().userName();
        int user = arn.indexOf(":user/");
        if (user < 0 || !arn.endsWith("/" + name)) {
            return "";
        }
        return arn.substring(user + ":user".length(), arn.length() - name.length());
    }

    /** A key's use; "never" only for a key younger than IAM's record of use, which began on 22 April 2015. */
    private static String use(AccessKeyFacts key) {
        KeyUse use = key.use();
        if (use == KeyUse.never()) {
            return key.createDate().isBefore(KeyUse.RECORDED_SINCE)
                    ? "none recorded since " + DAY.format(KeyUse.RECORDED_SINCE) : "never used";
        }
        return use.lastUsed().map(when -> "last used <time datetime=\"" + when + "\">" + DAY.format(when) + "</time>")
                .orElse("not looked up");
    }

    /** {@code 7 s}, {@code 1 min 10 s}, {@code 2 h 5 min}: exact below an hour, to the minute above. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "&nbsp;s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "&nbsp;min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + "&nbsp;s");
        }
        long minutes = seconds / 60;
        return minutes / 60 + "&nbsp;h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "&nbsp;min");
    }

    /** When the scan ran: the one part of the page that differs between two scans of the same input. */
    private static String scanTime(ScanOutcome scan) {
        return "<time class=\"scanned\" datetime=\"" + scan.scannedAt() + "\">" + TIME.format(scan.scannedAt()) + "</time>";
    }

    private static String time(Instant when) {
        return "<time datetime=\"" + when + "\">" + TIME.format(when) + "</time>";
    }

    private static String text(String value) {
        return HtmlText.escape(value);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path: a broken build");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private static String sha256Base64(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
