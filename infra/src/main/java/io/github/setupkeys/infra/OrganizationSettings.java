package io.github.setupkeys.infra;

import io.github.setupkeys.rule.config.ConfigInvocationParser;
import io.github.setupkeys.rule.domain.IamNames;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the organization deployment ({@code -c deployment=organization}) may choose on top of
 * {@link DeploymentSettings}, read from the CDK context and validated here: a bad value fails synthesis with a
 * message that names the context key and the accepted form.
 *
 * @param organizationId the organization's id ({@code o-…}): the function may assume member roles only in
 *     accounts of this organization ({@code aws:ResourceOrgID})
 * @param evaluationRegion the one region where IAM users are evaluated: the central stack, the organization rule
 *     and the member stacks go there
 * @param organizationalUnitIds where the member-account StackSet deploys (and, through automatic deployment, every
 *     account that joins them later)
 * @param excludedAccounts accounts the organization rule and the StackSet leave out
 * @param executionRoleName the role the function assumes in a member account (rule parameter
 *     {@code executionRoleName})
 * @param centralAccount whether the central stack runs in the management account or a delegated administrator
 * @param evaluateWith whether the central stack deploys an organization rule, or leaves the rule to an
 *     organization conformance pack
 * @param sourceAccounts if not empty, only AWS Config of these accounts may invoke the function (one
 *     {@code SourceAccount} permission each); empty: Config of any account may, the only form that follows
 *     accounts joining the organization
 */
public record OrganizationSettings(String organizationId, String evaluationRegion, List<String> organizationalUnitIds,
        List<String> excludedAccounts, String executionRoleName, CentralAccount centralAccount,
        Evaluation evaluateWith, List<String> sourceAccounts) {

    public static final String DEPLOYMENT = "deployment";
    public static final String ORGANIZATION_ID = "organizationId";
    public static final String EVALUATION_REGION = "evaluationRegion";
    public static final String ORGANIZATIONAL_UNIT_IDS = "organizationalUnitIds";
    public static final String EXCLUDED_ACCOUNTS = "excludedAccounts";
    /** The rule parameter that names the role, under the same name. */
    public static final String EXECUTION_ROLE_NAME = ConfigInvocationParser.EXECUTION_ROLE_NAME;
    public static final String CENTRAL_ACCOUNT = "centralAccount";
    public static final String EVALUATE_WITH = "evaluateWith";
    public static final String SOURCE_ACCOUNTS = "sourceAccounts";

    /** The role the function assumes in member accounts unless the context names another. */
    public static final String DEFAULT_EXECUTION_ROLE_NAME = "IamUserSetupKeysRuleExecution";

    /**
     * Regions AWS Config reached after February 2022, which cannot record the global IAM resource types
     * (AWS::IAM::User among them), as the Config developer guide lists them ("Managed Rules and Global IAM
     * Resource Types"): a rule there would get no change notifications, and its periodic runs would evaluate
     * IAM a second time if another region does too.
     */
    static final Set<String> REGIONS_WITHOUT_IAM_RECORDING = Set.of("ap-east-2", "ap-south-2", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-2", "il-central-1",
            "me-central-1", "mx-central-1");

    /**
     * A function's resource-based policy holds at most 20 KB (Lambda quotas). One statement as AddPermission
     * writes it (Sid, Principal, Action, the alias ARN, the SourceAccount condition) is about 390 bytes compact
     * with this stack's names, so 52 would fit; 45 leave room for longer generated names.
     */
    static final int MAX_SOURCE_ACCOUNTS = 45;

    /** AWS Organizations' form of an organization id. */
    private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");
    private static final Pattern ORGANIZATIONAL_UNIT = Pattern.compile("ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32}");

    /** Where the central stack runs; it decides how the StackSet is created ({@code CallAs}). */
    public enum CentralAccount {
        MANAGEMENT("management", "SELF"),
        DELEGATED_ADMINISTRATOR("delegatedAdministrator", "DELEGATED_ADMIN");

        private final String contextValue;
        private final String callAs;

        CentralAccount(String contextValue, String callAs) {
            this.contextValue = contextValue;
            this.callAs = callAs;
        }

        /** The StackSet's {@code CallAs}. */
        public String callAs() {
            return callAs;
        }
    }

    /** What puts the rule into every account. */
    public enum Evaluation {
        /** An AWS::Config::OrganizationConfigRule in the central stack. */
        ORGANIZATION_RULE("organizationRule", "config-multiaccountsetup.amazonaws.com"),
        /** The organization conformance pack the app writes, put with {@code put-organization-conformance-pack}. */
        CONFORMANCE_PACK("conformancePack", "config-conforms.amazonaws.com");

        private final String contextValue;
        private final String creator;

        Evaluation(String contextValue, String creator) {
            this.contextValue = contextValue;
            this.creator = creator;
        }

        /**
         * Where the rule's copy in an account lives, under that account's {@code config-rule/}: Config names the
         * copy itself, but creates it as a service-linked rule of the service that puts it there (the resources of
         * the managed policies AWSConfigMultiAccountSetupPolicy and ConfigConformsServiceRolePolicy), so a policy
         * can name every such copy and no rule of the account's own.
         */
        public String copiesPath() {
            return copiesPrefix() + "*";
        }

        /** {@link #copiesPath()} without its wildcard: what every copy's ARN has after {@code config-rule/}. */
        public String copiesPrefix() {
            return "aws-service-rule/" + creator + "/";
        }
    }

    public OrganizationSettings {
        Objects.requireNonNull(centralAccount, "centralAccount");
        Objects.requireNonNull(evaluateWith, "evaluateWith");
        organizationalUnitIds = List.copyOf(organizationalUnitIds);
        excludedAccounts = List.copyOf(excludedAccounts);
        sourceAccounts = List.copyOf(sourceAccounts);
        if (organizationId == null || !ORGANIZATION.matcher(organizationId).matches()) {
            throw invalid(ORGANIZATION_ID, organizationId == null ? "" : organizationId, "the organization's id, o- and "
                    + "10 to 32 lowercase letters or digits (aws organizations describe-organization --query "
                    + "Organization.Id): the function may assume member roles only in this organization's accounts");
        }
        checkRegion(evaluationRegion);
        if (organizationalUnitIds.isEmpty()) {
            throw invalid(ORGANIZATIONAL_UNIT_IDS, "", "one or more organizational unit ids (ou-…) or the root id "
                    + "(r-…), comma-separated: the member-account StackSet deploys there");
        }
        organizationalUnitIds.forEach(id -> check(ORGANIZATIONAL_UNIT_IDS, id, ORGANIZATIONAL_UNIT,
                "organizational unit ids (ou-xxxx-xxxxxxxx) or the root id (r-xxxx), comma-separated"));
        excludedAccounts.forEach(id -> check(EXCLUDED_ACCOUNTS, id, IamNames.ACCOUNT_ID,
                "12-digit account ids, comma-separated"));
        sourceAccounts.forEach(id -> check(SOURCE_ACCOUNTS, id, IamNames.ACCOUNT_ID,
                "12-digit account ids, comma-separated"));
        if (sourceAccounts.size() > MAX_SOURCE_ACCOUNTS) {
            throw invalid(SOURCE_ACCOUNTS, sourceAccounts.size() + " accounts", "at most " + MAX_SOURCE_ACCOUNTS
                    + " (the function's resource-based policy holds 20 KB); leave it out to let Config of any account "
                    + "invoke the function");
        }
        check(EXECUTION_ROLE_NAME, executionRoleName, IamNames.NAME,
                "an IAM role name without a path (letters, digits and +=,.@_-, up to 64 characters)");
    }

    /** Reads every setting through {@code lookup}; absent keys take the defaults. */
    public static OrganizationSettings fromContext(Function<String, Object> lookup) {
        return new OrganizationSettings(
                string(lookup.apply(ORGANIZATION_ID), null),
                string(lookup.apply(EVALUATION_REGION), null),
                list(lookup.apply(ORGANIZATIONAL_UNIT_IDS)),
                list(lookup.apply(EXCLUDED_ACCOUNTS)),
                string(lookup.apply(EXECUTION_ROLE_NAME), DEFAULT_EXECUTION_ROLE_NAME),
                choice(CENTRAL_ACCOUNT, string(lookup.apply(CENTRAL_ACCOUNT), "management"),
                        CentralAccount.values(), value -> value.contextValue),
                choice(EVALUATE_WITH, string(lookup.apply(EVALUATE_WITH), "organizationRule"),
                        Evaluation.values(), value -> value.contextValue),
                list(lookup.apply(SOURCE_ACCOUNTS)));
    }

    /**
     * Whether the context asks for the organization deployment ({@code deployment=organization}) rather than the
     * default single-account one ({@code deployment=account}, or no {@code deployment} at all).
     */
    public static boolean requested(Function<String, Object> lookup) {
        String deployment = string(lookup.apply(DEPLOYMENT), "account");
        return switch (deployment) {
            case "account" -> false;
            case "organization" -> true;
            default -> throw invalid(DEPLOYMENT, deployment, "account (the default) or organization");
        };
    }

    /**
     * IAM is global, so one region per account evaluates it: several regions would each write every finding and
     * bill every evaluation again, and only a region whose recorder records IAM users gets change notifications.
     */
    private static void checkRegion(String region) {
        String form = "exactly one region, the one whose AWS Config recorders record AWS::IAM::User";
        if (region == null || region.isBlank()) {
            throw invalid(EVALUATION_REGION, "", form);
        }
        List<String> regions = Arrays.stream(region.split("[,\\s]+")).filter(part -> !part.isEmpty()).toList();
        if (regions.size() > 1) {
            throw new IllegalArgumentException("context " + EVALUATION_REGION + "=" + region + " names "
                    + regions.size() + " regions: IAM is global, so deploy its evaluation to one region only; more "
                    + "would write every finding once per region and bill every evaluation as often (expected "
                    + form + ")");
        }
        check(EVALUATION_REGION, region, IamNames.REGION, form + ", such as us-east-1");
        if (REGIONS_WITHOUT_IAM_RECORDING.contains(region)) {
            throw new IllegalArgumentException("context " + EVALUATION_REGION + "=" + region + " is a region where "
                    + "AWS Config cannot record AWS::IAM::User (it arrived there after February 2022): choose a region "
                    + "whose recorders record IAM users");
        }
    }

    private static void check(String key, String value, Pattern form, String description) {
        if (value == null || !form.matcher(value).matches()) {
            throw invalid(key, value, description);
        }
    }

    private static String string(Object value, String fallback) {
        return value == null ? fallback : value.toString().strip();
    }

    /** A comma-separated string ({@code -c key=a,b}) or a JSON array ({@code cdk.json}). */
    static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof List<?> list ? list : Arrays.asList(value.toString().split(","));
        return items.stream().map(item -> item.toString().strip()).filter(item -> !item.isEmpty()).toList();
    }

    private static <T> T choice(String key, String text, T[] values, Function<T, String> contextValue) {
        for (T value : values) {
            if (contextValue.apply(value).equals(text)) {
                return value;
            }
        }
        throw invalid(key, text, "one of " + String.join(", ", Arrays.stream(values).map(contextValue).toList()));
    }

    private static IllegalArgumentException invalid(String key, String value, String form) {
        return new IllegalArgumentException("context " + key + "=" + value + " is invalid: expected " + form);
    }
}
