package io.github.setupkeys.rule.config;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of a Config configuration item (or of the summary in an oversized notification) the rule
 * uses. For {@code AWS::IAM::User} the resource id is the user id and the resource name the user name, null where
 * Config leaves it out: in deleted and unrecorded items, whose status decides without it, and in an oversized
 * notification's summary, whose whole item is fetched before the user is looked up.
 */
public record ConfigurationItem(String resourceType, String resourceId, String resourceName, String status,
        Instant captureTime) {

    /** Statuses meaning the resource is gone, or no longer recorded: its result becomes NOT_APPLICABLE. */
    static final Set<String> GONE = Set.of("ResourceDeleted", "ResourceDeletedNotRecorded", "ResourceNotRecorded");

    public ConfigurationItem {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(captureTime, "captureTime");
    }

    public boolean isGone() {
        return GONE.contains(status);
    }
}
