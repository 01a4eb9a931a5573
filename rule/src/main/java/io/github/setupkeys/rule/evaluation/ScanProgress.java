package io.github.setupkeys.rule.evaluation;

/**
 * Hears how far an account scan has come; the CLI prints it, the Lambda handler ignores it. Calls come one at a
 * time and in order, though confirmations report from whichever thread confirmed the candidate.
 */
public interface ScanProgress {

    ScanProgress NONE = new ScanProgress() {
    };

    default void usersListed(int users) {
    }

    default void credentialReportRead(int rows) {
    }

    default void credentialReportUnavailable(String reason, int users) {
    }

    default void candidatesConfirmed(int done, int candidates) {
    }
}
