package io.github.setupkeys.rule.domain;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * CIS AWS Foundations 1.11 as a pure function: facts about a user and the rule parameters in, a verdict
 * out. No I/O, no clock.
 *
 * <ul>
 *   <li>a <em>setup key</em> was created 0 to {@code setupWindowSeconds} seconds after its user;</li>
 *   <li>a key <em>offends</em> when it is a setup key, is active (or inactive keys are included) and was
 *       never used (or use is not required);</li>
 *   <li>a user with a console password and at least one offending key is NON_COMPLIANT, with a console
 *       password and none COMPLIANT, without a console password NOT_APPLICABLE; a user carrying the
 *       exemption tag who would be NON_COMPLIANT is NOT_APPLICABLE.</li>
 * </ul>
 */
public final class SetupKeyRule {

    /** Days in annotations, in UTC as IAM gives times. */
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private SetupKeyRule() {
    }

    /** Whether {@code key} was created within the setup window of {@code user}. */
    public static boolean isSetupKey(IamUser user, AccessKeyFacts key, long setupWindowSeconds) {
        long after = secondsAfterUser(user, key);
        return after >= 0 && after <= setupWindowSeconds;
    }

    /**
     * Whether {@code key} offends whatever its use: the facts needed before deciding whether its use must be
     * looked up at all.
     */
    public static boolean couldOffend(IamUser user, AccessKeyFacts key, RuleParameters parameters) {
        return isSetupKey(user, key, parameters.setupWindowSeconds())
                && (parameters.includeInactiveKeys() || key.isActive());
    }

    /** Whether the use of a key that {@link #couldOffend could offend} decides the verdict. */
    public static boolean useMatters(RuleParameters parameters) {
        return parameters.requireNeverUsed();
    }

    /** Whether {@code key} makes a user with a console password NON_COMPLIANT. */
    public static boolean offends(IamUser user, AccessKeyFacts key, RuleParameters parameters) {
        if (!couldOffend(user, key, parameters)) {
            return false;
        }
        if (!useMatters(parameters)) {
            return true;
        }
        if (key.use() instanceof KeyUse.NotLookedUp) {
            throw new IllegalStateException(
                    "use of access key " + key.accessKeyId() + " of " + user.userName() + " was not looked up");
        }
        return key.use() instanceof KeyUse.Never;
    }

    /** The verdict for {@code facts} under {@code parameters}. */
    public static Verdict evaluate(UserFacts facts, RuleParameters parameters) {
        if (!facts.consolePassword()) {
            return new Verdict.NotApplicable(NotApplicableReason.NO_CONSOLE_PASSWORD,
                    "No console password: CIS 1.11 applies only to IAM users who can sign in to the console.");
        }
        IamUser user = facts.user();
        List<OffendingKey> offending = facts.accessKeys().stream()
                .filter(key -> offends(user, key, parameters))
                .map(key -> new OffendingKey(key, secondsAfterUser(user, key)))
                .toList();
        if (offending.isEmpty()) {
            return new Verdict.Compliant(compliantAnnotation(user, facts.accessKeys(), parameters));
        }
        if (parameters.exemptTag().filter(tag -> tag.matches(facts.tags())).isPresent()) {
            return new Verdict.NotApplicable(NotApplicableReason.EXEMPT, "Exempt by tag " + parameters.exemptTag().get()
                    + "; would otherwise be NON_COMPLIANT for setup access key(s) " + keyIds(offending) + ".");
        }
        return new Verdict.NonCompliant(offending, "Console user has access key(s) from initial setup: "
                + offending.stream().map(SetupKeyRule::describe).collect(Collectors.joining("; "))
                + ". CIS 1.11: deactivate, then delete; create keys only when needed.");
    }

    /** NOT_APPLICABLE for a user that no longer exists. */
    public static Verdict userDeleted() {
        return new Verdict.NotApplicable(NotApplicableReason.USER_DELETED, "The IAM user no longer exists.");
    }

    /** NOT_APPLICABLE for a resource Config reports as out of the rule's scope. */
    public static Verdict leftScope() {
        return new Verdict.NotApplicable(NotApplicableReason.LEFT_SCOPE,
                "The resource is no longer in the scope of this rule.");
    }

    /** NOT_APPLICABLE for a resource that is not an IAM user. */
    public static Verdict notAnIamUser(String resourceType) {
        return new Verdict.NotApplicable(NotApplicableReason.NOT_AN_IAM_USER,
                "Resource type " + resourceType + " is not evaluated; this rule covers AWS::IAM::User.");
    }

    /**
     * Whole seconds from user to key. Both are cut to the second first: IAM and its credential report give
     * seconds, but a source with finer times (an emulator, a future API) must not turn a key created in the
     * user's own second into a key created "before" its user.
     */
    private static long secondsAfterUser(IamUser user, AccessKeyFacts key) {
        return Duration.between(user.createDate().truncatedTo(ChronoUnit.SECONDS),
                key.createDate().truncatedTo(ChronoUnit.SECONDS)).getSeconds();
    }

    /**
     * A key's status, use (only when it was looked up: it is not when use cannot matter) and age at creation. A
     * key older than IAM's record of use is not called unused: only its use since then is known.
     */
    private static String describe(OffendingKey offending) {
        AccessKeyFacts key = offending.key();
        String use;
        if (key.use() instanceof KeyUse.LastUsed) {
            use = "used, ";
        } else if (key.use() instanceof KeyUse.Never) {
            use = key.createDate().isBefore(KeyUse.RECORDED_SINCE)
                    ? "use unknown: none recorded since " + DAY.format(KeyUse.RECORDED_SINCE) + ", " : "unused, ";
        } else {
            use = "";
        }
        return key.accessKeyId() + " (" + key.status().iamName() + ", " + use + "created "
                + offending.secondsAfterUser() + "s after user)";
    }

    private static String keyIds(List<OffendingKey> offending) {
        return offending.stream().map(OffendingKey::accessKeyId).collect(Collectors.joining(", "));
    }

    /**
     * For a console user none of whose keys offends: what settled it, setup key by setup key. Other keys are
     * counted, not named: the bulk path settles users without setup keys from the credential report, which names
     * slots, not keys, and its annotation must read as the per-user one does.
     */
    private static String compliantAnnotation(IamUser user, List<AccessKeyFacts> keys, RuleParameters parameters) {
        if (keys.isEmpty()) {
            return "Console user without access keys.";
        }
        String window = parameters.setupWindowSeconds() + "s setup window";
        List<String> setupKeys = keys.stream().filter(key -> isSetupKey(user, key, parameters.setupWindowSeconds()))
                .map(key -> whyNotOffending(user, key, parameters)).toList();
        long others = keys.size() - setupKeys.size();
        if (setupKeys.isEmpty()) {
            return "Console user without setup keys: its " + others + " access key(s) were created outside the "
                    + window + " (CIS 1.11).";
        }
        return "Console user; no setup key offends: " + String.join("; ", setupKeys)
                + (others == 0 ? "" : "; " + others + " other key(s) created outside the " + window) + " (CIS 1.11).";
    }

    /** Why setup key {@code key}, which does not offend, does not: it is inactive, or it was used. */
    private static String whyNotOffending(IamUser user, AccessKeyFacts key, RuleParameters parameters) {
        if (!couldOffend(user, key, parameters)) {
            return "setup key " + key.accessKeyId() + " is inactive";
        }
        // Only a used key is left: with use not mattering, or never used, it would offend.
        return "setup key " + key.accessKeyId() + " was used on " + key.use().lastUsed().map(DAY::format).orElseThrow();
    }
}
