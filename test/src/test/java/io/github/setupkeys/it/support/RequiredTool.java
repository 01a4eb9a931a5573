package io.github.setupkeys.it.support;

import org.opentest4j.TestAbortedException;

/**
 * What to do when a tool a test needs is missing: on a developer machine the test is skipped with a
 * message saying what to install; with {@code CI=true} the build fails instead, so CI never passes by
 * skipping.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * The exception that skips (or, on CI, fails) the current test because {@code what} is missing:
     * {@code throw RequiredTool.missing(…)}.
     */
    public static RuntimeException missing(String what, String install) {
        String message = what + " is missing: " + install;
        if (onCi()) {
            return new IllegalStateException(message + " (CI=true: a missing tool fails the build)");
        }
        return new TestAbortedException(message);
    }
}
