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
 */
final class CsvReport implements ReportWriter {

    static final String HEADER = "userName,userId,arn,complianceType,offendingAccessKeyIds,annotation";

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

    static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
