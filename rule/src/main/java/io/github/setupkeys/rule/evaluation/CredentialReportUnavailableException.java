package io.github.setupkeys.rule.evaluation;

/** IAM did not produce a credential report within the wait bound. */
public final class CredentialReportUnavailableException extends RuntimeException {

    public CredentialReportUnavailableException(String message) {
        super(message);
    }
}
