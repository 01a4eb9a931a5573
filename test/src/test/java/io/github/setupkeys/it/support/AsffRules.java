package io.github.setupkeys.it.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of the AWS Security Finding Format that a client does not check: botocore (and so the AWS CLI) checks
 * only required members, unknown members, types and minimum lengths, not enums, maximum lengths or patterns, so a
 * finding it sends can still be refused by Security Hub, or accepted and mean something else. A small model written
 * from the Security Hub API Reference ({@code AwsSecurityFinding} and its members) and the user guide ("Required
 * top-level ASFF attributes", "Types taxonomy for ASFF", {@code FindingProviderFields}).
 */
public final class AsffRules {

    /** Required by the API, plus {@code Severity} and {@code Types}, which the user guide requires too. */
    static final List<String> REQUIRED = List.of("SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId",
            "CreatedAt", "UpdatedAt", "Title", "Description", "Resources", "Severity", "Types");
    static final Set<String> SEVERITY_LABELS = Set.of("INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL");
    static final Set<String> COMPLIANCE_STATUSES = Set.of("PASSED", "WARNING", "FAILED", "NOT_AVAILABLE");
    static final Set<String> RECORD_STATES = Set.of("ACTIVE", "ARCHIVED");
    static final Set<String> PARTITIONS = Set.of("aws", "aws-cn", "aws-us-gov");
    static final Set<String> TYPE_NAMESPACES = Set.of("Software and Configuration Checks", "TTPs", "Effects",
            "Unusual Behaviors", "Sensitive Data Identifications");
    /** "namespace/category/classifier", the last two optional. */
    private static final Pattern TYPE = Pattern.compile("[^/]+(/[^/]+){0,2}");
    /** NonEmptyString, the type of nearly every string member. */
    private static final Pattern NON_EMPTY = Pattern.compile("(?s).*\\S.*");
    /** The forms the API takes: seconds, up to nine fractional digits, Z or an offset. */
    private static final Pattern TIMESTAMP =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})");
    private static final Map<String, Integer> MAX_LENGTHS = Map.of("Id", 512, "GeneratorId", 512, "Title", 256,
            "Description", 1024);

    private AsffRules() {
    }

    /** What is wrong with {@code finding}, one line each; empty when nothing is. */
    public static List<String> violations(JsonObject finding) {
        List<String> violations = new ArrayList<>();
        for (String member : REQUIRED) {
            if (!finding.has(member)) {
                violations.add(member + " is required");
            }
        }
        nonEmptyStrings(finding, "", violations);
        if (finding.has("SchemaVersion") && !text(finding, "SchemaVersion").equals("2018-10-08")) {
            violations.add("SchemaVersion is " + text(finding, "SchemaVersion") + ", not 2018-10-08");
        }
        MAX_LENGTHS.forEach((member, max) -> {
            if (finding.has(member) && text(finding, member).length() > max) {
                violations.add(member + " has " + text(finding, member).length() + " characters, more than " + max);
            }
        });
        account(finding, violations);
        times(finding, violations);
        types(finding, "Types", violations);
        severity(finding, "Severity", violations);
        if (finding.has("FindingProviderFields")) {
            // A provider's own severity and types go here; where it gives this object, it gives both.
            JsonObject provider = finding.getAsJsonObject("FindingProviderFields");
            for (String member : List.of("Severity", "Types")) {
                if (!provider.has(member)) {
                    violations.add("FindingProviderFields." + member + " is required");
                }
            }
            types(provider, "FindingProviderFields.Types", violations);
            severity(provider, "FindingProviderFields.Severity", violations);
        }
        compliance(finding, violations);
        remediation(finding, violations);
        resources(finding, violations);
        productFields(finding, violations);
        if (finding.has("RecordState") && !RECORD_STATES.contains(text(finding, "RecordState"))) {
            violations.add("RecordState " + text(finding, "RecordState") + " is not one of " + RECORD_STATES);
        }
        return violations;
    }

    /** The account's own product: {@code product/<AwsAccountId>/default}, in that account. */
    private static void account(JsonObject finding, List<String> violations) {
        if (!finding.has("AwsAccountId") || !finding.has("ProductArn")) {
            return;
        }
        String account = text(finding, "AwsAccountId");
        if (!account.matches("\\d{12}")) {
            violations.add("AwsAccountId " + account + " is not 12 digits");
        }
        String productArn = text(finding, "ProductArn");
        if (!productArn.matches("arn:aws[a-z-]*:securityhub:[a-z]{2}(-[a-z]+)+-\\d:" + Pattern.quote(account)
                + ":product/" + Pattern.quote(account) + "/default")) {
            violations.add("ProductArn " + productArn + " is not the default product of account " + account);
        }
    }

    private static void times(JsonObject finding, List<String> violations) {
        for (String member : List.of("CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt")) {
            if (finding.has(member) && !TIMESTAMP.matcher(text(finding, member)).matches()) {
                violations.add(member + " " + text(finding, member) + " is not a timestamp the API takes");
            }
        }
        if (finding.has("CreatedAt") && finding.has("UpdatedAt") && utc(text(finding, "CreatedAt"))
                && utc(text(finding, "UpdatedAt"))
                && Instant.parse(text(finding, "UpdatedAt")).isBefore(Instant.parse(text(finding, "CreatedAt")))) {
            violations.add("UpdatedAt is before CreatedAt");
        }
    }

    private static void types(JsonObject holder, String where, List<String> violations) {
        String member = where.substring(where.lastIndexOf('.') + 1);
        if (!holder.has(member)) {
            return; // required, and said so once
        }
        JsonArray types = holder.getAsJsonArray(member);
        if (types.isEmpty() || types.size() > 50) {
            violations.add(where + " has " + types.size() + " types, not 1 to 50");
        }
        for (JsonElement type : types) {
            String value = type.getAsString();
            if (!TYPE.matcher(value).matches() || !TYPE_NAMESPACES.contains(value.split("/")[0])) {
                violations.add(where + " " + value + " is not namespace/category/classifier of the ASFF taxonomy");
            }
        }
    }

    private static void severity(JsonObject holder, String where, List<String> violations) {
        String member = where.substring(where.lastIndexOf('.') + 1);
        if (!holder.has(member)) {
            return; // required, and said so once
        }
        JsonObject severity = holder.getAsJsonObject(member);
        if (!severity.has("Label") && !severity.has("Normalized")) {
            violations.add(where + " has neither Label nor Normalized");
        }
        if (severity.has("Label") && !SEVERITY_LABELS.contains(text(severity, "Label"))) {
            violations.add(where + ".Label " + text(severity, "Label") + " is not one of " + SEVERITY_LABELS);
        }
    }

    private static void compliance(JsonObject finding, List<String> violations) {
        if (!finding.has("Compliance")) {
            return;
        }
        JsonObject compliance = finding.getAsJsonObject("Compliance");
        if (compliance.has("Status") && !COMPLIANCE_STATUSES.contains(text(compliance, "Status"))) {
            violations.add("Compliance.Status " + text(compliance, "Status") + " is not one of " + COMPLIANCE_STATUSES);
        }
        if (compliance.has("RelatedRequirements") && compliance.getAsJsonArray("RelatedRequirements").size() > 32) {
            violations.add("Compliance.RelatedRequirements has more than 32 entries");
        }
    }

    private static void remediation(JsonObject finding, List<String> violations) {
        if (!finding.has("Remediation")) {
            return;
        }
        JsonObject recommendation = finding.getAsJsonObject("Remediation").getAsJsonObject("Recommendation");
        if (recommendation.has("Text") && text(recommendation, "Text").length() > 512) {
            violations.add("Remediation.Recommendation.Text has more than 512 characters");
        }
        if (recommendation.has("Url") && !text(recommendation, "Url").matches("https://\\S+")) {
            violations.add("Remediation.Recommendation.Url " + text(recommendation, "Url") + " is not an https URL");
        }
    }

    private static void resources(JsonObject finding, List<String> violations) {
        if (!finding.has("Resources")) {
            return;
        }
        JsonArray resources = finding.getAsJsonArray("Resources");
        if (resources.isEmpty() || resources.size() > 32) {
            violations.add("Resources has " + resources.size() + " resources, not 1 to 32");
        }
        for (JsonElement element : resources) {
            JsonObject resource = element.getAsJsonObject();
            for (String member : List.of("Type", "Id")) {
                if (!resource.has(member)) {
                    violations.add("Resources[].%s is required".formatted(member));
                }
            }
            if (resource.has("Type") && text(resource, "Type").length() > 256) {
                violations.add("Resources[].Type has more than 256 characters");
            }
            if (resource.has("Partition") && !PARTITIONS.contains(text(resource, "Partition"))) {
                violations.add("Resources[].Partition " + text(resource, "Partition") + " is not one of " + PARTITIONS);
            }
            if (resource.has("Region") && text(resource, "Region").length() > 16) {
                violations.add("Resources[].Region has more than 16 characters");
            }
        }
    }

    private static void productFields(JsonObject finding, List<String> violations) {
        if (!finding.has("ProductFields")) {
            return;
        }
        JsonObject fields = finding.getAsJsonObject("ProductFields");
        if (fields.size() > 50) {
            violations.add("ProductFields has " + fields.size() + " fields, more than 50");
        }
        for (Map.Entry<String, JsonElement> field : fields.entrySet()) {
            if (field.getKey().length() > 128 || field.getValue().getAsString().length() > 2048) {
                violations.add("ProductFields." + field.getKey() + ": keys hold 128 characters, values 2048");
            }
        }
    }

    /** Every string, at any depth, must hold a character other than white space. */
    private static void nonEmptyStrings(JsonElement element, String where, List<String> violations) {
        if (element instanceof JsonObject object) {
            object.entrySet().forEach(entry -> nonEmptyStrings(entry.getValue(), where + "." + entry.getKey(), violations));
        } else if (element instanceof JsonArray array) {
            array.forEach(item -> nonEmptyStrings(item, where + "[]", violations));
        } else if (element instanceof JsonPrimitive primitive && primitive.isString()
                && !NON_EMPTY.matcher(primitive.getAsString()).matches()) {
            violations.add(where.substring(1) + " is empty or blank");
        }
    }

    private static String text(JsonObject object, String member) {
        return object.get(member).getAsString();
    }

    private static boolean utc(String timestamp) {
        return TIMESTAMP.matcher(timestamp).matches() && timestamp.endsWith("Z");
    }
}
