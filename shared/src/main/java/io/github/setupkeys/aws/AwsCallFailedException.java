package io.github.setupkeys.aws;

import io.github.setupkeys.text.InputText;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An AWS call failed after the SDK's retries. The message is one line naming the call
 * ({@code iam:GetLoginProfile}) and AWS's answer, so it reads well in a Config console, a CloudWatch log
 * line or a terminal.
 */
public final class AwsCallFailedException extends RuntimeException {

    private final String call;
    private final String errorCode;

    public AwsCallFailedException(String call, SdkException cause) {
        super(call + " failed: " + describe(cause), cause);
        this.call = call;
        this.errorCode = cause instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode()
                : null;
    }

    /** The call that failed, as {@code service:Operation}. */
    public String call() {
        return call;
    }

    /** AWS's error code ({@code AccessDenied}, {@code Throttling} …), or {@code null} when no answer came. */
    public String errorCode() {
        return errorCode;
    }

    private static String describe(SdkException cause) {
        String text;
        if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            text = service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): "
                    + service.awsErrorDetails().errorMessage();
        } else {
            text = String.valueOf(cause.getMessage());
        }
        return InputText.oneLine(text);
    }
}
