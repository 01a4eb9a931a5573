package io.github.setupkeys.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * The CDK for Java runs in Node.js (through jsii): a test class that builds a stack or reads a template needs
 * {@code node} 18 or newer on the PATH. Without it the class is skipped with a message saying what to install; with
 * {@code CI=true} it fails instead, as every missing tool does (the test module's {@code RequiredTool}).
 */
public final class RequiresNode implements BeforeAllCallback {

    static final int OLDEST_MAJOR = 18;
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.\\d+\\.\\d+\\s*");
    private static volatile Integer major;

    @Override
    public void beforeAll(ExtensionContext context) {
        int found = major();
        if (found < OLDEST_MAJOR) {
            String message = (found < 0 ? "Node.js is missing" : "Node.js " + found + " is too old")
                    + ": install Node.js " + OLDEST_MAJOR + " or newer (the CDK for Java runs in it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + " (CI=true: a missing tool fails the build)");
            }
            throw new TestAbortedException(message);
        }
    }

    /** {@code node --version}'s major version, -1 when there is no node to run. */
    private static int major() {
        if (major == null) {
            major = probe();
        }
        return major;
    }

    private static int probe() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
                return -1;
            }
            Matcher version = VERSION.matcher(output);
            return version.matches() ? Integer.parseInt(version.group(1)) : -1;
        } catch (IOException noNode) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
