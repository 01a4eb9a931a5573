package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.rule.domain.InvalidParameterException;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.domain.SetupKeyRule;
import io.github.setupkeys.rule.report.CredentialReport;
import io.github.setupkeys.rule.report.CredentialReportFormatException;
import io.github.setupkeys.rule.report.CredentialReportParser;
import java.util.List;

/**
 * Evaluates a credential report offline, with no AWS call: each row's key slots stand for its keys. The
 * report carries no tags, so an exemption tag cannot be honoured and is refused rather than ignored.
 *
 * <p>Offline the report is all there is, so a report without a single row (not even the root account's, which
 * IAM always writes) is refused rather than passed as an account without users.
 */
public final class CredentialReportEvaluator {

    private CredentialReportEvaluator() {
    }

    public static List<UserResult> evaluate(CredentialReport report, RuleParameters parameters) {
        if (parameters.exemptTag().isPresent()) {
            throw new InvalidParameterException(RuleParameters.EXEMPT_TAG, parameters.exemptTag().get().toString(),
                    "no exemption tag offline: a credential report carries no tags, so scan the live account");
        }
        if (report.rows().isEmpty() && !report.rootAccountRow()) {
            throw new CredentialReportFormatException("not an IAM credential report: it has a header but no rows, "
                    + "not even the " + CredentialReportParser.ROOT_ACCOUNT + " row IAM always writes");
        }
        return report.rows().stream()
                .map(row -> new UserResult(row.user(), SetupKeyRule.evaluate(row.factsAbout(row.user()), parameters)))
                .toList();
    }
}
