package io.github.setupkeys.rule.aws;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/** The region the SDK's usual settings name, and the partition a region belongs to. */
public final class RegionSettings {

    private RegionSettings() {
    }

    /**
     * The region of the {@code aws.region} system property, else of {@code AWS_REGION}, else of the profile's
     * {@code region} ({@code AWS_PROFILE} or {@code default}, in {@code ~/.aws/config}); empty when none names one.
     * Unlike the SDK's default chain it never asks the instance metadata service, so an offline scan stays
     * offline.
     */
    public static Optional<String> configured() {
        try {
            return Optional.of(new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
                    .getRegion().id());
        } catch (SdkClientException noRegionConfigured) {
            return Optional.empty();
        }
    }

    /** The partition of {@code region} ({@code aws}, {@code aws-cn}, {@code aws-us-gov} …), as the SDK knows them. */
    public static String partitionOf(String region) {
        return PartitionMetadata.of(Region.of(region)).id();
    }
}
