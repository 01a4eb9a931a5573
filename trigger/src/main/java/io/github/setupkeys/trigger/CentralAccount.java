package io.github.setupkeys.trigger;

import io.github.setupkeys.text.InputText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The account and partition the organization's trigger runs in, read from the ARN Lambda invoked it by: its own
 * account's copy of the rule is started with its own credentials (the member StackSet never reaches the management
 * account), and every other account's role is named in its partition.
 *
 * @param partition {@code aws}, {@code aws-us-gov} …
 * @param id the twelve-digit account id
 */
public record CentralAccount(String partition, String id) {

    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:(aws[a-z-]*):lambda:[a-z0-9-]+:(\\d{12}):function:.+");

    /** The account of {@code invokedFunctionArn}; an ARN that is not a function's is refused. */
    public static CentralAccount of(String invokedFunctionArn) {
        Matcher arn = FUNCTION_ARN.matcher(invokedFunctionArn == null ? "" : invokedFunctionArn);
        if (!arn.matches()) {
            throw new IllegalArgumentException("the invoked function ARN " + InputText.quote(String.valueOf(
                    invokedFunctionArn)) + " is not a Lambda function's ARN");
        }
        return new CentralAccount(arn.group(1), arn.group(2));
    }
}
