package io.github.setupkeys.it.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node.js, in which the CDK for Java runs (through jsii): a required tool for every test that synthesizes the app
 * (skipped without it on a developer machine, failed on CI). The infra module's tests check it the same way
 * ({@code RequiresNode}).
 */
public final class NodeJs {

    static final int OLDEST_MAJOR = 18;
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.\\d+\\.\\d+\\s*");

    private NodeJs() {
    }

    /** Returns if {@code node} 18 or newer runs; skips (or, on CI, fails) the calling test otherwise. */
    public static void require() {
        ChildProcess.Result probe;
        try {
            probe = ChildProcess.runWithoutAwsSettings("node", List.of("node", "--version"), Map.of(),
                    Duration.ofSeconds(30));
        } catch (IllegalStateException noNode) {
            probe = new ChildProcess.Result(-1, "", noNode.getMessage());
        }
        Matcher version = VERSION.matcher(probe.stdout());
        if (probe.exitCode() != 0 || !version.matches() || Integer.parseInt(version.group(1)) < OLDEST_MAJOR) {
            throw RequiredTool.missing("Node.js " + OLDEST_MAJOR + " or newer",
                    "install Node.js (the CDK for Java runs in it; found: " + probe.stdout().strip() + ")");
        }
    }
}
