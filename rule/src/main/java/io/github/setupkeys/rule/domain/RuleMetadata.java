package io.github.setupkeys.rule.domain;

/**
 * What the rule is called and what it checks: the one place the deployment, the CLI and the docs read
 * these from.
 */
public final class RuleMetadata {

    /** Default AWS Config rule name. */
    public static final String RULE_NAME = "iam-user-no-setup-access-keys";

    /** The resource type the rule evaluates. */
    public static final String RESOURCE_TYPE = "AWS::IAM::User";

    public static final String TITLE =
            "Do not set up access keys during initial user setup for all IAM users that have a console password";

    /** Where the recommendation sits in each version of the CIS AWS Foundations Benchmark. */
    public static final String CIS_REFERENCES =
            "CIS AWS Foundations Benchmark 1.11 (v1.3.0-v4.0.x); 1.23 (v1.1.0), 1.21 (v1.2.0), 1.10 (v5.0.0), 2.10 (v6.0.0)";

    /**
     * Shown in the Config console and in Security Hub, so it explains itself to someone who never saw the
     * code. Config allows at most 256 characters.
     */
    public static final String DESCRIPTION = "IAM users with a console password must have no access key that was "
            + "created at user setup (within setupWindowSeconds, default 3600) and never used. Fix: deactivate, "
            + "then delete the key. CIS AWS Foundations 1.11 (v1.3.0-v4.0.x).";

    private RuleMetadata() {
    }
}
