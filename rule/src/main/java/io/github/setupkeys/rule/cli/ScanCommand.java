package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.aws.DefaultChainAccount;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.evaluation.AccountEvaluator;
import io.github.setupkeys.rule.evaluation.CredentialReportEvaluator;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.IamFacts;
import io.github.setupkeys.rule.evaluation.UserResult;
import io.github.setupkeys.rule.report.CredentialReport;
import io.github.setupkeys.rule.report.CredentialReportFormatException;
import io.github.setupkeys.rule.report.CredentialReportParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code scan}: evaluates every IAM user of the live account (default credential chain), or of a
 * credential report file offline, with the rule's own logic. Exit 0 when nothing is NON_COMPLIANT, 1 when
 * something is, 2 on a usage or runtime error.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds IAM users with a console password and an unused access key created at user setup",
            "(CIS AWS Foundations 1.11). Without --credential-report it scans the live account.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing NON_COMPLIANT", "1:at least one user NON_COMPLIANT", "2:usage or runtime error"})
public final class ScanCommand implements Callable<Integer> {

    /** Each rule parameter's flag, so that a bad value is reported under the name the user typed. */
    static final Map<String, String> FLAGS = Map.of(
            RuleParameters.SETUP_WINDOW_SECONDS, "--setup-window-seconds",
            RuleParameters.REQUIRE_NEVER_USED, "--require-never-used",
            RuleParameters.INCLUDE_INACTIVE_KEYS, "--include-inactive-keys",
            RuleParameters.EXEMPT_TAG, "--exempt-tag");

    @Option(names = "--credential-report", paramLabel = "FILE",
            description = "Evaluate this credential report offline (CSV, or the JSON of 'aws iam get-credential-report').")
    Path credentialReport;

    @Option(names = "--format", paramLabel = "table|json|csv", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--setup-window-seconds", paramLabel = "N",
            description = "A key created within N seconds of its user is a setup key (1..604800, default 3600).")
    String setupWindowSeconds;

    @Option(names = "--require-never-used", paramLabel = "true|false",
            description = "Only never-used setup keys count (default true).")
    String requireNeverUsed;

    @Option(names = "--include-inactive-keys", paramLabel = "true|false",
            description = "Inactive setup keys count too (default false).")
    String includeInactiveKeys;

    @Option(names = "--exempt-tag", paramLabel = "K[=V]",
            description = "Users carrying this tag are NOT_APPLICABLE instead of NON_COMPLIANT (live scans only).")
    String exemptTag;

    @Spec
    CommandSpec spec;

    private final Supplier<IamFacts> liveAccount;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    /** Scans the account of the default credential chain, writing to stdout and stderr. */
    public ScanCommand() {
        this(DefaultChainAccount::connect, Clock.systemUTC(), System.out, System.err);
    }

    ScanCommand(Supplier<IamFacts> liveAccount, Clock clock, PrintStream out, PrintStream err) {
        this.liveAccount = Objects.requireNonNull(liveAccount, "liveAccount");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    @Override
    public Integer call() {
        if (credentialReport != null && credentialReport.toString().isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "invalid value for --credential-report: '" + credentialReport + "' (expected a file)");
        }
        RuleParameters parameters = RuleParameters.fromFlags(parameterMap());
        boolean offline = credentialReport != null;
        List<UserResult> results = offline
                ? evaluateOffline(credentialReport, parameters)
                : new AccountEvaluator(liveAccount.get()).evaluateAll(parameters, clock.instant(),
                        new StderrProgress(err), Deadline.NONE).results();
        List<UserResult> sorted = results.stream()
                .sorted(Comparator.comparing((UserResult result) -> result.verdict().complianceType()) // findings first
                        .thenComparing(result -> result.user().userName()))
                .toList();
        format.writer().write(sorted, offline, out);
        out.flush();
        return sorted.stream().anyMatch(result -> result.verdict().complianceType() == ComplianceType.NON_COMPLIANT)
                ? 1 : 0;
    }

    private Map<String, String> parameterMap() {
        Map<String, String> map = new LinkedHashMap<>();
        putIfSet(map, RuleParameters.SETUP_WINDOW_SECONDS, setupWindowSeconds);
        putIfSet(map, RuleParameters.REQUIRE_NEVER_USED, requireNeverUsed);
        putIfSet(map, RuleParameters.INCLUDE_INACTIVE_KEYS, includeInactiveKeys);
        putIfSet(map, RuleParameters.EXEMPT_TAG, exemptTag);
        return map;
    }

    private static void putIfSet(Map<String, String> map, String name, String value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    /**
     * The results of the report in {@code file}. A report without the root account's row is evaluated, with a
     * warning: it is not all IAM wrote, but a report filtered to some users is a real use, and it names them all.
     */
    private List<UserResult> evaluateOffline(Path file, RuleParameters parameters) {
        CredentialReport report = parse(file);
        List<UserResult> results;
        try {
            results = CredentialReportEvaluator.evaluate(report, parameters);
        } catch (CredentialReportFormatException e) {
            throw new ScanFailedException(reportName(file) + ": " + e.getMessage());
        }
        if (!report.rootAccountRow()) {
            err.println("warning: " + reportName(file) + " has no " + CredentialReportParser.ROOT_ACCOUNT + " row, which "
                    + "IAM always writes, so it is not the whole report (filtered, cut or hand-made?); evaluating the "
                    + results.size() + " user(s) it lists");
        }
        return results;
    }

    private static String reportName(Path file) {
        return "credential report '" + file + "'";
    }

    private static CredentialReport parse(Path file) {
        String name = reportName(file);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScanFailedException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ScanFailedException(name + ": permission denied");
        } catch (MalformedInputException e) {
            throw new ScanFailedException(name + ": not UTF-8 text, so not a credential report");
        } catch (IOException e) {
            throw new ScanFailedException(name + ": cannot be read (" + e.getMessage() + ")");
        }
        try {
            return CredentialReportParser.parse(text);
        } catch (CredentialReportFormatException e) {
            throw new ScanFailedException(name + ": " + e.getMessage());
        }
    }
}
