package io.github.setupkeys.rule.cli;

import java.util.Locale;

/** The formats {@code scan --format} offers. */
enum OutputFormat {
    TABLE(new TableReport(), false),
    JSON(new JsonReport(), false),
    CSV(new CsvReport(), false),
    HTML(new HtmlReport(), false),
    ASFF(new AsffReport(), true),
    OCSF(new OcsfReport(), true);

    private final ReportWriter writer;
    private final boolean findings;

    OutputFormat(ReportWriter writer, boolean findings) {
        this.writer = writer;
        this.findings = findings;
    }

    ReportWriter writer() {
        return writer;
    }

    /** Whether the format writes security findings, which are reported in a region (the {@code --region}). */
    boolean reportsFindings() {
        return findings;
    }

    /** The name {@code --format} takes. */
    String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
