package io.github.setupkeys.rule.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.setupkeys.rule.domain.OffendingKey;
import io.github.setupkeys.rule.evaluation.UserResult;
import java.io.PrintStream;
import java.util.List;

/**
 * A JSON array, one object per user: {@code userName}, {@code userId} (null offline), {@code arn},
 * {@code complianceType}, {@code annotation}, {@code offendingAccessKeyIds} (slot names offline).
 */
final class JsonReport implements ReportWriter {

    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting()
            .create();

    /** The shape of one element of the array. */
    record Entry(String userName, String userId, String arn, String complianceType, String annotation,
            List<String> offendingAccessKeyIds) {
    }

    @Override
    public void write(ScanOutcome scan, PrintStream out) {
        out.println(GSON.toJson(scan.results().stream().map(JsonReport::entry).toList()));
    }

    static Entry entry(UserResult result) {
        return new Entry(result.user().userName(), result.user().userId().orElse(null), result.user().arn(),
                result.verdict().complianceType().name(), result.verdict().annotation(),
                result.verdict().offendingKeys().stream().map(OffendingKey::accessKeyId).toList());
    }
}
