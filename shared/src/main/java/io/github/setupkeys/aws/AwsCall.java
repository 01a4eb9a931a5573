package io.github.setupkeys.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one AWS call and names it if it fails. The answers that are facts ({@code NoSuchEntity} …) are
 * handled inside {@code call}; every other SDK failure leaves as an {@link AwsCallFailedException}.
 */
public final class AwsCall {

    private AwsCall() {
    }

    public static <T> T named(String call, Supplier<T> action) {
        try {
            return action.get();
        } catch (SdkException e) {
            throw new AwsCallFailedException(call, e);
        }
    }
}
