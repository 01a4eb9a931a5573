package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.aws.DefaultChainAccount;
import io.github.setupkeys.rule.aws.RegionSettings;
import io.github.setupkeys.rule.domain.IamNames;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.evaluation.AccountEvaluator;
import io.github.setupkeys.rule.evaluation.AccountScan;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.CredentialReportEvaluator;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.IamFacts;
import io.github.setupkeys.rule.evaluation.UserResult;
import io.github.setupkeys.rule.report.CredentialReport;
import io.github.setupkeys.rule.report.CredentialReportFormatException;
import io.github.setupkeys.rule.report.CredentialReportParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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

    @Option(names = "--credential-report", paramLabel = "FILE",
            description = "Evaluate this credential report offline (CSV, or the JSON of 'aws iam get-credential-report').")
    Path credentialReport;

    @Option(names = "--format", paramLabel = "table|json|csv|html|asff|ocsf", defaultValue = "table",
            description = {"Output format (default: ${DEFAULT-VALUE}); html is one self-contained page; asff (Security Hub)",
                "and ocsf (OCSF 1.6.0 Compliance Findings) are one finding per user for security tooling."})
    OutputFormat format;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The region asff and ocsf findings are reported in (default: AWS_REGION, else the profile's region).")
    String region;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the report to FILE instead of stdout; FILE is replaced whole, never left half-written.")
    Path output;

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
    private final Supplier<Optional<String>> configuredRegion;
    private final Supplier<CallsInFlight> inFlight;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * Scans the account of the default credential chain, writing to stdout and stderr, with as many IAM calls in
     * flight as {@value CallsInFlight#VARIABLE} says (read when a live scan starts, so a bad value is a one-line
     * error like any other).
     */
    public ScanCommand() {
        this(DefaultChainAccount::connect, RegionSettings::configured,
                () -> CallsInFlight.fromEnvironment(System::getenv), Clock.systemUTC(), System.out, System.err);
    }

    /**
     * @param configuredRegion the region the SDK's settings name, if any, for findings without {@code --region}
     * @param inFlight how many candidates a live scan confirms at a time
     */
    ScanCommand(Supplier<IamFacts> liveAccount, Supplier<Optional<String>> configuredRegion,
            Supplier<CallsInFlight> inFlight, Clock clock, PrintStream out, PrintStream err) {
        this.liveAccount = Objects.requireNonNull(liveAccount, "liveAccount");
        this.configuredRegion = Objects.requireNonNull(configuredRegion, "configuredRegion");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** With the default number of calls in flight. */
    ScanCommand(Supplier<IamFacts> liveAccount, Supplier<Optional<String>> configuredRegion, Clock clock, PrintStream out,
            PrintStream err) {
        this(liveAccount, configuredRegion, () -> CallsInFlight.DEFAULTS, clock, out, err);
    }

    @Override
    public Integer call() {
        refuseEmpty("--credential-report", credentialReport);
        refuseEmpty("--output", output);
        RuleParameters parameters = RuleParameters.fromFlags(parameterMap());
        Optional<String> findingRegion = findingRegion();
        Optional<OutputFile> file = Optional.ofNullable(output)
                .map(path -> OutputFile.checked(path, Optional.ofNullable(credentialReport)));
        ScanOutcome scan = credentialReport != null ? scanReport(credentialReport, parameters, findingRegion)
                : scanAccount(parameters, findingRegion);
        if (file.isPresent()) {
            file.get().write(stream -> format.writer().write(scan, stream));
            err.println("scan: " + TableReport.summary(scan) + "; report written to " + output);
        } else {
            format.writer().write(scan, out);
            out.flush();
        }
        return scan.exitCode();
    }

    /**
     * The region findings are reported in, for the formats that write findings: {@code --region}, else the SDK's
     * settings. Checked before the scan, so that a live scan is not spent on output that cannot be written.
     */
    private Optional<String> findingRegion() {
        if (!format.reportsFindings()) {
            if (region != null) {
                throw new ScanFailedException("--region applies only to --format asff and ocsf, which report findings "
                        + "to a region; --format " + format.flagValue() + " has none");
            }
            return Optional.empty();
        }
        String chosen = region != null ? region : configuredRegion.get().orElseThrow(() -> new ScanFailedException(
                "--format " + format.flagValue() + " reports findings to a region: pass --region REGION, or set "
                        + "AWS_REGION or the profile's region"));
        if (!IamNames.REGION.matcher(chosen).matches()) {
            throw new ScanFailedException((region != null ? "--region" : "the region of the SDK's settings") + " '"
                    + chosen + "' is not a region name such as eu-west-1");
        }
        return Optional.of(chosen);
    }

    private ScanOutcome scanAccount(RuleParameters parameters, Optional<String> findingRegion) {
        CallsInFlight calls = inFlight.get();
        Instant now = clock.instant();
        AccountScan scan = new AccountEvaluator(liveAccount.get(), calls).evaluateAll(parameters, now,
                new StderrProgress(err), Deadline.NONE);
        return new ScanOutcome(sorted(scan.results()),
                new ScanOutcome.Source.LiveAccount(scan.withoutReport(), scan.reportGeneratedAt(), scan.candidates()), parameters, now,
                findingRegion);
    }

    /**
     * The report in {@code file}, evaluated. One without the root account's row is evaluated with a warning: it is
     * not all IAM wrote, but a report filtered to some users is a real use, and each user it lists has its row.
     */
    private ScanOutcome scanReport(Path file, RuleParameters parameters, Optional<String> findingRegion) {
        byte[] bytes = read(file);
        CredentialReport report = parse(file, bytes);
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
        return new ScanOutcome(sorted(results),
                new ScanOutcome.Source.ReportFile(file.toString(), sha256(bytes), report.generatedAt()), parameters,
                clock.instant(), findingRegion);
    }

    /** A file flag given an empty value (an unset shell variable) names no file: refused, not read as ".". */
    private void refuseEmpty(String flag, Path value) {
        if (value != null && value.toString().isBlank()) {
            throw new ParameterException(spec.commandLine(), "invalid value for " + flag + ": '" + value + "' (expected a file)");
        }
    }

    /** Findings first, then by user name: the order every format shows. */
    private static List<UserResult> sorted(List<UserResult> results) {
        return results.stream()
                .sorted(Comparator.comparing((UserResult result) -> result.verdict().complianceType())
                        .thenComparing(result -> result.user().userName()))
                .toList();
    }

    /**
     * A rule parameter's flag: its name in kebab case ({@code setupWindowSeconds}: {@code --setup-window-seconds}),
     * so that a bad value is reported under the name the user typed.
     */
    static String flag(String parameter) {
        return "--" + parameter.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /**
     * The rule parameters given as flags, by name, as Config would pass them: each read through the spec from the
     * option under its {@link #flag}, so that the names are listed once, in {@link RuleParameters#NAMES}.
     */
    private Map<String, String> parameterMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : RuleParameters.NAMES) {
            OptionSpec option = spec.findOption(flag(name));
            if (option == null) {
                throw new IllegalStateException("scan has no option " + flag(name) + " for rule parameter " + name);
            }
            String value = option.getValue();
            if (value != null) {
                map.put(name, value);
            }
        }
        return map;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ScanFailedException(reportName(file) + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ScanFailedException(reportName(file) + ": permission denied");
        } catch (IOException e) {
            throw new ScanFailedException(reportName(file) + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static CredentialReport parse(Path file, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ScanFailedException(reportName(file) + ": not UTF-8 text, so not a credential report");
        }
        try {
            return CredentialReportParser.parse(text);
        } catch (CredentialReportFormatException e) {
            throw new ScanFailedException(reportName(file) + ": " + e.getMessage());
        }
    }

    private static String reportName(Path file) {
        return "credential report '" + file + "'";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
