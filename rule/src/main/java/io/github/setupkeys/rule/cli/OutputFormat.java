package io.github.setupkeys.rule.cli;

/** The formats {@code scan --format} offers. */
enum OutputFormat {
    TABLE(new TableReport()),
    JSON(new JsonReport()),
    CSV(new CsvReport()),
    HTML(new HtmlReport());

    private final ReportWriter writer;

    OutputFormat(ReportWriter writer) {
        this.writer = writer;
    }

    ReportWriter writer() {
        return writer;
    }
}
