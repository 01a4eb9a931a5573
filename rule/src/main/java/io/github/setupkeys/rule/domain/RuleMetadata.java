package io.github.setupkeys.rule.domain;

import java.util.List;
import java.util.stream.Collectors;

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

    /** The recommendation's number in the versions most of its users follow, first; then every other version's. */
    public static final CisRecommendation CIS_MAIN =
            new CisRecommendation("1.11", List.of("v1.3.0", "v1.4.0", "v1.5.0", "v2.0.0", "v3.0.0", "v4.0.0", "v4.0.1"),
                    "v1.3.0-v4.0.x");

    /** Where the recommendation sits in each version of the benchmark, oldest first. */
    public static final List<CisRecommendation> CIS_RECOMMENDATIONS = List.of(
            new CisRecommendation("1.23", List.of("v1.1.0"), "v1.1.0"),
            new CisRecommendation("1.21", List.of("v1.2.0"), "v1.2.0"),
            CIS_MAIN,
            new CisRecommendation("1.10", List.of("v5.0.0"), "v5.0.0"),
            new CisRecommendation("2.10", List.of("v6.0.0"), "v6.0.0"));

    /** Where the recommendation sits in each version of the CIS AWS Foundations Benchmark, in one line. */
    public static final String CIS_REFERENCES = CisRecommendation.BENCHMARK + " " + CIS_MAIN.number() + " ("
            + CIS_MAIN.label() + "); " + CIS_RECOMMENDATIONS.stream().filter(cis -> cis != CIS_MAIN)
                    .map(cis -> cis.number() + " (" + cis.label() + ")").collect(Collectors.joining(", "));

    /**
     * Shown in the Config console and in Security Hub, so it explains itself to someone who never saw the
     * code. Config allows at most 256 characters.
     */
    public static final String DESCRIPTION = "IAM users with a console password must have no access key that was "
            + "created at user setup (within setupWindowSeconds, default 3600) and never used. Fix: deactivate, "
            + "then delete the key. CIS AWS Foundations 1.11 (v1.3.0-v4.0.x).";

    /**
     * The finding type of the AWS Security Finding Format's taxonomy (namespace/category/classifier) that this
     * rule's findings belong to, in Security Hub and in the CLI's ASFF and OCSF output.
     */
    public static final String FINDING_TYPE =
            "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark";

    /** The severity of a finding (a NON_COMPLIANT user) unless a deployment chooses another. */
    public static final Severity SEVERITY = Severity.MEDIUM;

    private RuleMetadata() {
    }
}
