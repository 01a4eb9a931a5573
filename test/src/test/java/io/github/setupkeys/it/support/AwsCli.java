package io.github.setupkeys.it.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The AWS CLI (v1: {@code pip install awscli}) as a user runs it, against an emulator: its own parameter
 * validation (botocore's) and its own file handling ({@code file://}) included.
 */
public final class AwsCli {

    private AwsCli() {
    }

    /** Runs {@code aws ARGS --endpoint-url ENDPOINT --output json} with test credentials in us-east-1. */
    public static ChildProcess.Result run(URI endpoint, String... args) {
        requireInstalled();
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint.toString(), "--output", "json"));
        return ChildProcess.runWithoutAwsSettings("the AWS CLI", command,
                Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"), Duration.ofMinutes(2));
    }

    /** Whether {@code aws --version} runs. */
    static boolean installed() {
        try {
            return ChildProcess.runWithoutAwsSettings("the AWS CLI", List.of("aws", "--version"), Map.of(),
                    Duration.ofSeconds(60)).exitCode() == 0;
        } catch (IllegalStateException notInstalled) {
            return false;
        }
    }

    static void requireInstalled() {
        if (!installed()) {
            throw RequiredTool.missing("the AWS CLI (aws)", "pip install awscli (v1)");
        }
    }
}
