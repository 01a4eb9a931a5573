package io.github.setupkeys.rule.cli;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.RuleMetadata;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS Security Finding Format: a JSON array of findings, one per user, as {@code aws securityhub
 * batch-import-findings --findings file://FILE} takes it (at most 100 per call). Each finding is the account's own
 * ({@code product/<account>/default}), so it must be imported with that account's credentials (a scan covers one
 * account: a credential report naming two is refused when it is read); its {@code Id} is stable
 * ({@link SecurityFinding#id}), so a later import updates it.
 */
final class AsffReport implements ReportWriter {

    static final String SCHEMA_VERSION = "2018-10-08";
    /** The prefix of this tool's {@code ProductFields} keys, like {@code aws/config/…} for AWS Config's. */
    static final String FIELD_PREFIX = "setupkeys/";

    private static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.UPPER_CAMEL_CASE)
            .disableHtmlEscaping().setPrettyPrinting().create();

    /** One finding; Gson writes each component under its name in PascalCase, and leaves out what is null. */
    record Finding(String schemaVersion, String id, String productArn, String productName, String generatorId,
            String awsAccountId, List<String> types, String createdAt, String updatedAt, String lastObservedAt,
            SeverityLabel severity, String title, String description, Remediation remediation, String sourceUrl,
            Map<String, String> productFields, List<Resource> resources, Compliance compliance, String recordState,
            FindingProviderFields findingProviderFields) {
    }

    record SeverityLabel(String label) {
    }

    record Remediation(Recommendation recommendation) {
    }

    record Recommendation(String text, String url) {
    }

    record Resource(String type, String id, String partition, String region, Details details) {
    }

    record Details(AwsIamUser awsIamUser) {
    }

    /** {@code userId} is null offline: a credential report carries no user ids. */
    record AwsIamUser(String userName, String userId, String path, String createDate) {
    }

    record Compliance(String status, List<String> relatedRequirements) {
    }

    /** Where a finding provider puts its severity and types, so that customers' changes to the top-level ones stay. */
    record FindingProviderFields(SeverityLabel severity, List<String> types) {
    }

    @Override
    public void write(ScanOutcome scan, PrintStream out) {
        BuildInfo build = BuildInfo.read();
        out.println(GSON.toJson(SecurityFinding.of(scan).stream().map(finding -> finding(finding, scan, build)).toList()));
    }

    static Finding finding(SecurityFinding finding, ScanOutcome scan, BuildInfo build) {
        String scanned = SecurityFinding.time(scan.scannedAt());
        SeverityLabel severity = new SeverityLabel(finding.severity().name());
        List<String> types = List.of(RuleMetadata.FINDING_TYPE);
        return new Finding(SCHEMA_VERSION, finding.id(), productArn(finding), SecurityFinding.PRODUCT_NAME,
                RuleMetadata.RULE_NAME, finding.account(), types, scanned, scanned, scanned, severity, RuleMetadata.TITLE,
                finding.description(),
                new Remediation(new Recommendation(finding.remediation(), build.documentation() + "#remediation")),
                build.documentation(), productFields(finding, scan, build), List.of(resource(finding)),
                new Compliance(status(finding.complianceType()), SecurityFinding.requirements()), "ACTIVE",
                new FindingProviderFields(severity, types));
    }

    /** The account's own product: findings it imports itself, under its own company id. */
    static String productArn(SecurityFinding finding) {
        return "arn:" + finding.partition() + ":securityhub:" + finding.region() + ":" + finding.account() + ":product/"
                + finding.account() + "/default";
    }

    /** Security Hub's compliance statuses for Config's results: NOT_APPLICABLE has none of its own. */
    static String status(ComplianceType type) {
        return switch (type) {
            case NON_COMPLIANT -> "FAILED";
            case COMPLIANT -> "PASSED";
            case NOT_APPLICABLE -> "NOT_AVAILABLE";
        };
    }

    private static Resource resource(SecurityFinding finding) {
        return new Resource(SecurityFinding.RESOURCE_TYPE, finding.user().arn(), finding.partition(), finding.region(),
                new Details(new AwsIamUser(finding.user().userName(), finding.user().userId().orElse(null),
                        finding.path(), SecurityFinding.time(finding.user().createDate()))));
    }

    /** What the finding's own fields cannot say: the verdict as Config names it, the keys, what was scanned how. */
    private static Map<String, String> productFields(SecurityFinding finding, ScanOutcome scan, BuildInfo build) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(FIELD_PREFIX + "ComplianceType", finding.complianceType().name());
        if (!finding.offendingAccessKeyIds().isEmpty()) {
            fields.put(FIELD_PREFIX + "OffendingAccessKeyIds", String.join(" ", finding.offendingAccessKeyIds()));
        }
        scan.parameters().toMap().forEach((name, value) -> fields.put(FIELD_PREFIX + name, value));
        fields.put(FIELD_PREFIX + "Source", scan.source() instanceof ScanOutcome.Source.ReportFile file
                ? "credential report, SHA-256 " + file.sha256() : "live account");
        fields.put(FIELD_PREFIX + "Version", build.version());
        return fields;
    }
}
