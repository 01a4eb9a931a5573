package io.github.setupkeys.rule.cli;

import static io.github.setupkeys.rule.domain.TestUsers.T0;

import io.github.setupkeys.rule.evaluation.IamFacts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One run of {@code setupkeys scan …} in process, at a fixed instant and with no region in the SDK's settings (so
 * that the developer's {@code AWS_REGION} cannot change a result): its exit code and what it printed.
 */
record CliRun(int exitCode, String stdout, String stderr) {

    /** When every run here happens unless said otherwise: two days after {@link io.github.setupkeys.rule.domain.TestUsers#T0}. */
    static final Instant NOW = T0.plus(Duration.ofDays(2));

    /** A scan that must not touch AWS (offline, or failing before it would). */
    static CliRun scan(String... arguments) {
        return scanAt(NOW, arguments);
    }

    /** The same, at {@code now}. */
    static CliRun scanAt(Instant now, String... arguments) {
        return scan(now, Optional.empty(), () -> {
            throw new AssertionError("this scan must not touch AWS");
        }, arguments);
    }

    static CliRun scan(Supplier<IamFacts> account, String... arguments) {
        return scan(NOW, Optional.empty(), account, arguments);
    }

    /** A run whose SDK settings name {@code configuredRegion}. */
    static CliRun scan(Instant now, Optional<String> configuredRegion, Supplier<IamFacts> account, String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[arguments.length + 1];
        args[0] = "scan";
        System.arraycopy(arguments, 0, args, 1, arguments.length);
        int exit = SetupKeysCli.run(args, new ScanCommand(account, () -> configuredRegion, Clock.fixed(now, ZoneOffset.UTC),
                print(out), print(err)), print(out), print(err));
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }
}
