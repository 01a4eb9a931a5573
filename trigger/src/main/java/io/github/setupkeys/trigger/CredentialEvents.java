package io.github.setupkeys.trigger;

import java.util.List;

/**
 * The IAM management events that can change a verdict, as CloudTrail delivers them to EventBridge: the one
 * list both the EventBridge rule (infra) and the trigger function read.
 */
public final class CredentialEvents {

    public static final String SOURCE = "aws.iam";
    public static final String DETAIL_TYPE = "AWS API Call via CloudTrail";
    public static final String EVENT_SOURCE = "iam.amazonaws.com";

    /**
     * A key or a password appearing, changing status or going away, and a user appearing or going away.
     * Nothing else changes the facts the rule reads (design.md §1.1): tags matter only with an exemption, and a
     * change of tags changes the user's configuration item, which Config evaluates by itself.
     */
    public static final List<String> NAMES = List.of("CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey",
            "CreateLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "CreateUser", "DeleteUser");

    /** IAM events reach EventBridge only on this region's default bus (in the commercial partition). */
    public static final String IAM_EVENT_REGION = "us-east-1";

    private CredentialEvents() {
    }
}
