package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.evaluation.ScanProgress;
import java.io.PrintStream;

/** Progress of a live scan, on stderr so that stdout stays clean for JSON and CSV. */
final class StderrProgress implements ScanProgress {

    private static final int EVERY = 100;

    private final PrintStream err;

    StderrProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void usersListed(int users) {
        err.println("scan: " + users + " IAM users listed; reading the credential report");
    }

    @Override
    public void credentialReportRead(int rows) {
        err.println("scan: credential report read (" + rows + " users)");
    }

    @Override
    public void credentialReportUnavailable(String reason, int users) {
        err.println("scan: " + reason + "; confirming all " + users + " users with live IAM calls instead");
    }

    @Override
    public void candidatesConfirmed(int done, int candidates) {
        if (done % EVERY == 0 || done == candidates) {
            err.println("scan: " + done + "/" + candidates + " candidate users confirmed with live IAM calls");
        }
    }
}
