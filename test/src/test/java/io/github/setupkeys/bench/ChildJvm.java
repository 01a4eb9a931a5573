package io.github.setupkeys.bench;

import io.github.setupkeys.it.support.ChildProcess;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A child JVM with the shaded rule jar and the {@link LauncherJar} on its class path, Lambda's default JVM flags,
 * and an environment that points the SDK's default endpoint, region and credentials at the stand-in.
 */
record ChildJvm(Path ruleJar, Path launcherJar, Map<String, String> environment) {

    /**
     * What Lambda's Java runtimes set by default (C1 only, serial GC): for every child, bare start included. On
     * java25 Lambda keeps the JVM's own tiered compilation when SnapStart or provisioned concurrency is on, since
     * compilation then happens before the invocation; a cold start without either runs with these.
     */
    static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");

    /** How a child run ended, and how long it took from process start to exit. */
    record Exit(ChildProcess.Result result, long wallNanos) {
    }

    /**
     * Runs {@code java flags -cp … arguments}; fails unless it exits 0 and prints {@code expected} on stdout.
     */
    Exit run(Path java, List<String> flags, List<String> arguments, String what, String expected) {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(LAMBDA_JVM_FLAGS);
        command.addAll(flags);
        command.addAll(List.of("-cp", ruleJar + File.pathSeparator + launcherJar));
        command.addAll(arguments);
        long started = System.nanoTime();
        ChildProcess.Result result = ChildProcess.runWithoutAwsSettings(what, command, environment,
                Duration.ofMinutes(10));
        long wall = System.nanoTime() - started;
        if (result.exitCode() != 0 || !result.stdout().contains(expected)) {
            throw new IllegalStateException(what + " failed (exit " + result.exitCode() + "): " + result.stdout()
                    + result.stderr());
        }
        return new Exit(result, wall);
    }

    /** The {@code peak-rss-kb=N} line {@link InvokeOnce} prints last. */
    static long peakRssKilobytes(ChildProcess.Result result) {
        return result.stderr().lines().filter(line -> line.startsWith("peak-rss-kb="))
                .mapToLong(line -> Long.parseLong(line.substring("peak-rss-kb=".length()))).max().orElse(-1);
    }
}
