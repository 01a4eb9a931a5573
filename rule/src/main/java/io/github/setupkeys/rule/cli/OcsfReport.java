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
 * Open Cybersecurity Schema Framework events: a JSON array with one Compliance Finding (class 2003, OCSF 1.6.0, the
 * version Security Hub reads) per user. A compliance finding, not a detection finding, because the rule checks a
 * benchmark recommendation and the class carries the {@code compliance} object (standards, requirements, control,
 * pass or fail) that says so; a detection finding has none. Times are epoch milliseconds, as OCSF's
 * {@code timestamp_t} is.
 */
final class OcsfReport implements ReportWriter {

    static final String VERSION = "1.6.0";
    static final int CATEGORY_UID = 2;
    static final String CATEGORY_NAME = "Findings";
    static final int CLASS_UID = 2003;
    static final String CLASS_NAME = "Compliance Finding";
    static final int ACTIVITY_CREATE = 1;
    /** OCSF's {@code type_uid}: {@code class_uid * 100 + activity_id}. */
    static final long TYPE_UID = CLASS_UID * 100L + ACTIVITY_CREATE;
    /** The cloud profile adds {@code cloud} (the provider, region and account) to every event. */
    static final List<String> PROFILES = List.of("cloud");
    /** OCSF's {@code analytic.type_id} for a rule. */
    static final int ANALYTIC_RULE = 1;
    /** OCSF's {@code account.type_id} for an AWS account. */
    static final int AWS_ACCOUNT = 10;

    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).disableHtmlEscaping()
            .setPrettyPrinting().create();

    /** One event; Gson writes each component under its name in snake case, and leaves out what is null. */
    record Event(int activityId, String activityName, int categoryUid, String categoryName, int classUid,
            String className, long typeUid, String typeName, long time, int severityId, String severity, int statusId,
            String status, String statusCode, String message, Metadata metadata, FindingInfo findingInfo,
            Compliance compliance, List<Resource> resources, Remediation remediation, Cloud cloud) {
    }

    record Metadata(String version, Product product, List<String> profiles, String eventCode) {
    }

    record Product(String name, String vendorName, String version) {
    }

    record FindingInfo(String uid, String title, String desc, List<String> types, Analytic analytic, long createdTime,
            long lastSeenTime, String srcUrl) {
    }

    record Analytic(int typeId, String type, String name) {
    }

    record Compliance(List<String> standards, List<String> requirements, String control, String desc, int statusId,
            String status, String statusCode, List<Parameter> controlParameters) {
    }

    record Parameter(String name, String value) {
    }

    /** {@code uidAlt} (the user id) is null offline: a credential report carries no user ids. */
    record Resource(String type, String uid, String uidAlt, String name, String cloudPartition, String region,
            Map<String, Object> data) {
    }

    record Remediation(String desc, List<String> references) {
    }

    record Cloud(String provider, String region, Account account) {
    }

    record Account(String uid, int typeId, String type) {
    }

    @Override
    public void write(ScanOutcome scan, PrintStream out) {
        BuildInfo build = BuildInfo.read();
        out.println(GSON.toJson(SecurityFinding.of(scan).stream().map(finding -> event(finding, scan, build)).toList()));
    }

    static Event event(SecurityFinding finding, ScanOutcome scan, BuildInfo build) {
        long scanned = scan.scannedAt().toEpochMilli();  // OCSF timestamp_t: epoch milliseconds
        boolean failed = finding.complianceType() == ComplianceType.NON_COMPLIANT;
        return new Event(ACTIVITY_CREATE, "Create", CATEGORY_UID, CATEGORY_NAME, CLASS_UID, CLASS_NAME, TYPE_UID,
                CLASS_NAME + ": Create", scanned, finding.severity().ocsfId(), finding.severity().caption(),
                // As Security Hub resolves a passed check's finding by itself.
                failed ? 1 : 4, failed ? "New" : "Resolved", finding.complianceType().name(),
                finding.result().verdict().annotation(),
                new Metadata(VERSION, new Product(SecurityFinding.PRODUCT_NAME, SecurityFinding.PRODUCT_NAME, build.version()),
                        PROFILES, RuleMetadata.RULE_NAME),
                new FindingInfo(finding.id(), RuleMetadata.TITLE, finding.description(),
                        List.of(RuleMetadata.FINDING_TYPE), new Analytic(ANALYTIC_RULE, "Rule", RuleMetadata.RULE_NAME),
                        scanned, scanned, build.documentation()),
                compliance(finding, scan), List.of(resource(finding)),
                new Remediation(finding.remediation(), List.of(build.documentation() + "#remediation")),
                new Cloud("AWS", finding.region(), new Account(finding.account(), AWS_ACCOUNT, "AWS Account")));
    }

    private static Compliance compliance(SecurityFinding finding, ScanOutcome scan) {
        int statusId = switch (finding.complianceType()) {
            case NON_COMPLIANT -> 3;
            case COMPLIANT -> 1;
            case NOT_APPLICABLE -> 99;
        };
        String status = switch (finding.complianceType()) {
            case NON_COMPLIANT -> "Fail";
            case COMPLIANT -> "Pass";
            // OCSF has no "not applicable": 99 is Other, and its caption is the source's own word.
            case NOT_APPLICABLE -> "Not Applicable";
        };
        return new Compliance(SecurityFinding.standards(), SecurityFinding.requirements(), RuleMetadata.TITLE,
                RuleMetadata.DESCRIPTION, statusId, status, finding.complianceType().name(),
                scan.parameters().toMap().entrySet().stream()
                        .map(parameter -> new Parameter(parameter.getKey(), parameter.getValue())).toList());
    }

    private static Resource resource(SecurityFinding finding) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", finding.path());
        data.put("create_date", SecurityFinding.time(finding.user().createDate()));
        data.put("offending_access_key_ids", finding.offendingAccessKeyIds());
        return new Resource(SecurityFinding.RESOURCE_TYPE, finding.user().arn(), finding.user().userId().orElse(null),
                finding.user().userName(), finding.partition(), finding.region(), data);
    }
}
