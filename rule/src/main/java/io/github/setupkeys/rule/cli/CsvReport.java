package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.domain.OffendingKey;
import io.github.setupkeys.rule.evaluation.UserResult;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * RFC 4180 CSV with a header; offending key ids are separated by spaces. Quoting is the whole of CSV
 * writing here, so it is done in place rather than with a library.
 *
 * <p>Safe to open in a spreadsheet: IAM user names may start with {@code =}, {@code +}, {@code -} or {@code @}
 * ({@code =2+5} is a valid name), which a spreadsheet runs as a formula. A cell starting with one of those, a
 * tab or a carriage return gets a leading {@code '} (OWASP's rule against CSV injection), so it shows as text.
 */
final class CsvReport implements ReportWriter {

    static final String HEADER = "userName,userId,arn,complianceType,offendingAccessKeyIds,annotation";
    /** What a spreadsheet takes as the start of a formula. */
    private static final String FORMULA_START = "=+-@\t\r";

    @Override
    public void write(ScanOutcome scan, PrintStream out) {
        out.print(HEADER + "\r\n");
        for (UserResult result : scan.results()) {
            out.print(Stream.of(result.user().userName(), result.user().userId().orElse(""), result.user().arn(),
                            result.verdict().complianceType().name(),
                            result.verdict().offendingKeys().stream().map(OffendingKey::accessKeyId)
                                    .collect(Collectors.joining(" ")),
                            result.verdict().annotation())
                    .map(CsvReport::field)
                    .collect(Collectors.joining(",")) + "\r\n");
        }
    }

    static String field(String text) {
        String value = !text.isEmpty() && FORMULA_START.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
