package io.github.setupkeys.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/** A Lambda context for one function ARN, keeping what the handler logs. */
public final class FakeContext implements Context {

    public static final String FUNCTION_ARN =
            "arn:aws:lambda:us-east-1:111122223333:function:iam-user-no-setup-access-keys:live";

    private final String functionArn;
    private final IntSupplier remainingMillis;
    private final List<String> lines = new ArrayList<>();

    public FakeContext(String functionArn, int remainingMillis) {
        this(functionArn, () -> remainingMillis);
    }

    /** A context whose remaining time is whatever {@code remainingMillis} says each time it is asked. */
    public FakeContext(String functionArn, IntSupplier remainingMillis) {
        this.functionArn = functionArn;
        this.remainingMillis = remainingMillis;
    }

    public FakeContext() {
        this(FUNCTION_ARN, 300_000);
    }

    public List<String> logLines() {
        return List.copyOf(lines);
    }

    @Override
    public String getAwsRequestId() {
        return "c0ffee00-0000-4000-8000-000000000001";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/iam-user-no-setup-access-keys";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/29/[live]0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return "iam-user-no-setup-access-keys";
    }

    @Override
    public String getFunctionVersion() {
        return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                lines.add(message);
            }

            @Override
            public void log(byte[] message) {
                lines.add(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
