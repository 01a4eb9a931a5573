package io.github.setupkeys.lambda;

import io.github.setupkeys.text.InputText;
import java.util.IdentityHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * A failure as the log line records it: its message on one line, with every text an AWS service wrote into it
 * withheld. That text is not ours to vouch for: an AccessDenied names the caller's ARN and often the resource
 * ({@code on resource: user alice}), so logging it would log user names. The call, the error code, the HTTP status
 * and AWS's request id stay, which is what finds the call again (CloudTrail, AWS Support); the message itself still
 * reaches whoever sees the failure directly (the scan command, the invocation's error in Lambda).
 */
public final class LoggedError {

    private LoggedError() {
    }

    /** The failure's message on one line, without the texts AWS services wrote into it. */
    public static String of(Throwable failure) {
        String text = InputText.oneLine(failure.getMessage());
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
            if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
                String awsText = service.awsErrorDetails().errorMessage();
                if (awsText != null && !awsText.isBlank()) {
                    text = text.replace(InputText.oneLine(awsText), "(AWS's message withheld from the log, as it can "
                            + "name users; request id " + service.requestId() + ")");
                }
            }
        }
        return text;
    }
}
