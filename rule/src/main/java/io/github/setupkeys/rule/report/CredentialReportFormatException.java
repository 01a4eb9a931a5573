package io.github.setupkeys.rule.report;

/** The text given as an IAM credential report is not one, or has a line that cannot be read. */
public final class CredentialReportFormatException extends IllegalArgumentException {

    public CredentialReportFormatException(String message) {
        super(message);
    }
}
