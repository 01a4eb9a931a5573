package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.aws.RegionSettings;
import io.github.setupkeys.rule.domain.CisRecommendation;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.IamNames;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.OffendingKey;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.domain.Severity;
import io.github.setupkeys.rule.evaluation.UserResult;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One user's verdict as a security finding: what the {@code asff} and {@code ocsf} formats both say about it, decided
 * once here so that the two cannot drift apart. Every value comes from the verdict, the user's ARN, the scan and the
 * rule's metadata.
 *
 * @param id stable for the account, the user and the rule ({@code <rule>/<account>/<user name>}), whatever the scan
 *     time, live or offline: importing a later scan updates the finding instead of adding one
 * @param account the account the user's ARN names
 * @param partition the partition the user's ARN names
 * @param region the region the finding is reported in
 * @param path the user's path ({@code /} or {@code /team/ops/}), from the ARN
 * @param result the user and its verdict
 * @param severity {@link RuleMetadata#SEVERITY} for a NON_COMPLIANT user, {@code INFORMATIONAL} otherwise (AWS
 *     recommends that for a passed check)
 * @param description the user and the verdict's annotation
 * @param remediation what to do, with the commands that do it (the table format's own)
 */
record SecurityFinding(String id, String account, String partition, String region, String path, UserResult result,
        Severity severity, String description, String remediation) {

    /** The product both formats name (ASFF {@code ProductName}, OCSF {@code metadata.product.name}). */
    static final String PRODUCT_NAME = "setupkeys";
    /** The resource's type in both formats: ASFF's name for an IAM user, which Prowler's OCSF output uses too. */
    static final String RESOURCE_TYPE = "AwsIamUser";
    /** ASFF's limit on {@code Remediation.Recommendation.Text}, the tighter of the two formats'. */
    static final int MAX_REMEDIATION = 512;
    static final String NOTHING_TO_FIX = "Nothing to fix. Give a console user an access key only when it needs one, "
            + "never at user setup.";

    SecurityFinding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(severity, "severity");
        if (remediation.length() > MAX_REMEDIATION) {
            throw new IllegalStateException("a remediation of " + remediation.length() + " characters: at most "
                    + MAX_REMEDIATION + " fit in a finding");
        }
    }

    IamUser user() {
        return result.user();
    }

    ComplianceType complianceType() {
        return result.verdict().complianceType();
    }

    List<String> offendingAccessKeyIds() {
        return result.verdict().offendingKeys().stream().map(OffendingKey::accessKeyId).toList();
    }

    /** An instant as both formats' strings write it: ISO 8601 in UTC, to the millisecond (OCSF's precision). */
    static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Every version's requirement, in Security Hub's own form ({@code CIS AWS Foundations Benchmark v1.4.0/1.11}). */
    static List<String> requirements() {
        return RuleMetadata.CIS_RECOMMENDATIONS.stream().flatMap(cis -> cis.requirements().stream()).toList();
    }

    /** The standard, by name, of each benchmark version that numbers this recommendation. */
    static List<String> standards() {
        return RuleMetadata.CIS_RECOMMENDATIONS.stream().flatMap(cis -> cis.versions().stream())
                .map(CisRecommendation::standard).toList();
    }

    /** Every finding of {@code scan}, in its order; the scan must carry the region findings are reported in. */
    static List<SecurityFinding> of(ScanOutcome scan) {
        String region = scan.region().orElseThrow(() -> new IllegalStateException("findings need a region"));
        String regionPartition = RegionSettings.partitionOf(region);
        return scan.results().stream().map(result -> of(result, region, regionPartition, scan.offline())).toList();
    }

    private static SecurityFinding of(UserResult result, String region, String regionPartition, boolean offline) {
        IamUser user = result.user();
        UserArn arn = UserArn.parse(user);
        if (!arn.partition().equals(regionPartition)) {
            throw new ScanFailedException("region " + region + " is in partition " + regionPartition + ", but user "
                    + user.userName() + " is in partition " + arn.partition() + " (" + user.arn() + "): pass --region "
                    + "with a region of the users' partition");
        }
        boolean finding = result.verdict().complianceType() == ComplianceType.NON_COMPLIANT;
        return new SecurityFinding(RuleMetadata.RULE_NAME + "/" + arn.account() + "/" + user.userName(), arn.account(),
                arn.partition(), region, arn.path(), result, finding ? RuleMetadata.SEVERITY : Severity.INFORMATIONAL,
                "IAM user " + user.userName() + ": " + result.verdict().annotation(),
                finding ? fix(user, result.verdict().offendingKeys(), offline) : NOTHING_TO_FIX);
    }

    /**
     * The table format's fix commands, one a line, under the same heading; for key ids too long for that to fit (IAM
     * allows 128 characters, it issues 20), the command once, for each key named.
     */
    private static String fix(IamUser user, List<OffendingKey> keys, boolean offline) {
        String commands = "To fix (" + FixCommand.ADVICE + "):\n" + keys.stream()
                .map(key -> FixCommand.forKey(user, key, offline)).collect(Collectors.joining("\n"));
        if (commands.length() <= MAX_REMEDIATION) {
            return commands;
        }
        return "To fix (" + FixCommand.ADVICE + ") " + keys.stream().map(OffendingKey::accessKeyId)
                .collect(Collectors.joining(", ")) + ":\naws iam update-access-key "
                + FixCommand.userNameArgument(user.userName()) + " --access-key-id <each key> --status Inactive";
    }

    /** What an IAM user's ARN says: {@code arn:<partition>:iam::<account>:user<path><name>}. */
    private record UserArn(String partition, String account, String path) {

        static UserArn parse(IamUser user) {
            String[] parts = user.arn().split(":", 6);
            String resource = parts.length == 6 ? parts[5] : "";
            if (!parts[0].equals("arn") || parts.length != 6 || !parts[2].equals("iam")
                    || !IamNames.ACCOUNT_ID.matcher(parts[4]).matches() || !resource.startsWith("user/")
                    || !resource.endsWith("/" + user.userName())) {
                throw new ScanFailedException("user " + user.userName() + " has the ARN '" + user.arn()
                        + "', not arn:<partition>:iam::<account>:user/<path><name>: a finding needs its account");
            }
            return new UserArn(parts[1], parts[4],
                    resource.substring("user".length(), resource.length() - user.userName().length()));
        }
    }
}
