package io.github.setupkeys.rule.aws;

import io.github.setupkeys.rule.evaluation.IamFacts;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The account the SDK's default credential chain leads to, as the CLI scans it. Credentials are resolved
 * before the first call, so "no credentials" is reported as such rather than as a failed call.
 */
public final class DefaultChainAccount {

    private DefaultChainAccount() {
    }

    /** IAM facts of that account; the region only selects the partition, since IAM is global. */
    public static IamFacts connect() {
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new NoCredentialsException("no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, or scan a file offline with --credential-report FILE");
        }
        return new IamClientFacts(new AwsClients(region()).iam(credentials));
    }

    private static Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException noRegionConfigured) {
            return Region.US_EAST_1;
        }
    }
}
