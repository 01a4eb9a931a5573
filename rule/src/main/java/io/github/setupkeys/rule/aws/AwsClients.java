package io.github.setupkeys.rule.aws;

import io.github.setupkeys.aws.ApiCallCounter;
import io.github.setupkeys.aws.ClientConfiguration;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients the rule uses (IAM, Config, STS), configured as {@link ClientConfiguration} configures every
 * client of this project: one HTTP client and one call counter for all of them.
 *
 * <p>{@code AWS_ENDPOINT_URL_IAM}, {@code AWS_ENDPOINT_URL_CONFIG_SERVICE} and {@code AWS_ENDPOINT_URL_STS} point
 * them at an emulator. IAM is global: its client is given the rule's own region, and the SDK's endpoint rules send
 * it to the partition's one IAM endpoint, signed for that endpoint's region ({@code iam.amazonaws.com}, us-east-1,
 * from any commercial region). IAM gets more attempts, because its request rate quota is low and account-wide and
 * waiting is better than failing an evaluation, and the adaptive retry mode, because a periodic run confirms
 * candidates from several threads through this one client ({@link ClientConfiguration#adaptive}).
 */
public final class AwsClients implements AutoCloseable {

    static final int IAM_MAX_ATTEMPTS = 8;

    private final ClientConfiguration configuration;

    /**
     * @param region the region the rule runs in (Config and STS are called there)
     * @param endpointOverride one endpoint for every service, for tests that cannot set environment variables
     */
    public AwsClients(Region region, Optional<URI> endpointOverride) {
        this(new ClientConfiguration(region, endpointOverride));
    }

    public AwsClients(Region region) {
        this(region, Optional.empty());
    }

    private AwsClients(ClientConfiguration configuration) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
    }

    /**
     * Clients configured exactly as the real ones but sending every call through {@code http}: SnapStart priming
     * uses them with an HTTP client that answers in memory.
     */
    public static AwsClients over(Region region, SdkHttpClient http) {
        return new AwsClients(ClientConfiguration.over(region, http));
    }

    /** Counts every call made by these clients. */
    public ApiCallCounter calls() {
        return configuration.calls();
    }

    /** The IAM client for {@code credentials}: the SDK resolves the partition's global IAM endpoint from the region. */
    public IamClient iam(AwsCredentialsProvider credentials) {
        return configuration.adaptive(IamClient.builder(), credentials, IAM_MAX_ATTEMPTS).build();
    }

    public ConfigClient config(AwsCredentialsProvider credentials) {
        return configuration.regional(ConfigClient.builder(), credentials).build();
    }

    public StsClient sts(AwsCredentialsProvider credentials) {
        return configuration.regional(StsClient.builder(), credentials).build();
    }

    @Override
    public void close() {
        configuration.close();
    }
}
