package io.github.setupkeys.rule.cli;

import io.github.setupkeys.aws.AwsCallFailedException;
import io.github.setupkeys.rule.domain.InvalidParameterException;
import io.github.setupkeys.text.InputText;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code setupkeys scan …}. Every failure, an {@link Error} such as running out of memory
 * included, becomes one line on stderr and exit code 2; usage errors add the usage synopsis. No stack trace
 * reaches the terminal.
 */
@Command(name = "setupkeys", mixinStandardHelpOptions = true, versionProvider = SetupKeysCli.Version.class,
        description = "CIS AWS Foundations 1.11: IAM users with a console password and unused access keys from setup.")
public final class SetupKeysCli implements Callable<Integer> {

    static final int USAGE_OR_RUNTIME_ERROR = 2;

    /** The permissions a live scan needs, named when IAM denies one of them. */
    static final String LIVE_SCAN_PERMISSIONS = "iam:ListUsers, iam:GenerateCredentialReport, iam:GetCredentialReport, "
            + "iam:GetLoginProfile, iam:ListAccessKeys, iam:GetAccessKeyLastUsed (and iam:ListUserTags with --exempt-tag)";

    private final PrintStream err;

    @Spec
    private CommandSpec spec;

    private SetupKeysCli(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() {
        err.println("error: missing command: scan");
        err.print(spec.commandLine().getUsageMessage());
        return USAGE_OR_RUNTIME_ERROR;
    }

    /** Runs {@code args} with {@code scan} as the scan command; returns the exit code. */
    public static int run(String[] args, ScanCommand scan, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new SetupKeysCli(err))
                .addSubcommand("scan", scan)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            usageError(err, e.getMessage(), e.getCommandLine());
            return USAGE_OR_RUNTIME_ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parsed) -> {
            if (e instanceof InvalidParameterException invalid) {
                usageError(err, "invalid value for " + ScanCommand.flag(invalid.parameter()) + ": '" + invalid.value()
                        + "' (expected " + invalid.accepted() + ")", failed);
            } else {
                err.println("error: " + InputText.oneLine(describe(e)));
            }
            return USAGE_OR_RUNTIME_ERROR;
        });
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // Reached with the scan's data unreachable, so there is room again for one line.
            err.println("error: out of memory" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                    + "; give Java more heap: java -Xmx1g -jar setupkeys-rule.jar …");
            return USAGE_OR_RUNTIME_ERROR;
        } catch (Throwable e) {
            // picocli hands on every Error (and whatever its own handlers throw): still one line and exit 2, never 1
            err.println("error: " + InputText.oneLine(describe(e)));
            return USAGE_OR_RUNTIME_ERROR;
        }
    }

    /** Exits 2 whatever happens before a code is known, even if the error line itself cannot be written. */
    public static void main(String[] args) {
        int exit = USAGE_OR_RUNTIME_ERROR;
        try {
            exit = run(args, new ScanCommand(), System.out, System.err);
        } finally {
            System.exit(exit);
        }
    }

    private static void usageError(PrintStream err, String message, CommandLine command) {
        err.println("error: " + InputText.oneLine(message));
        err.print("Usage: " + command.getHelp().synopsis(0));
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    }

    private static String describe(Throwable e) {
        if (e instanceof AwsCallFailedException failed && "AccessDenied".equals(failed.errorCode())) {
            return failed.getMessage() + " (a live scan needs " + LIVE_SCAN_PERMISSIONS + ")";
        }
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            return "unexpected " + e.getClass().getName();
        }
        return e.getMessage();
    }

    /** The version Maven wrote into the build (see {@link BuildInfo}). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"setupkeys " + BuildInfo.read().version()};
        }
    }
}
