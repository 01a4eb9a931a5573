package io.github.setupkeys.rule.aws;

/** The default credential chain found no AWS credentials. */
public final class NoCredentialsException extends RuntimeException {

    public NoCredentialsException(String message) {
        super(message);
    }
}
