package io.github.setupkeys.rule.config;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.domain.SetupKeyRule;
import io.github.setupkeys.rule.domain.Verdict;
import io.github.setupkeys.rule.evaluation.AccountEvaluator;
import io.github.setupkeys.rule.evaluation.AccountScan;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.ScanProgress;
import io.github.setupkeys.rule.evaluation.UserEvaluator;
import io.github.setupkeys.rule.evaluation.UserResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one invocation writes: the evaluation of the changed user; or, for a periodic run, the verdicts of every
 * user that differ from what Config holds or are due for a refresh ({@link RecordingFilter}), plus the clean-up of
 * results for users that no longer exist.
 */
public final class InvocationEvaluator {

    /**
     * The evaluations to write, and how they were reached.
     *
     * @param evaluations what is written
     * @param computed every verdict reached, written or not: the users', then the clean-up's
     * @param recording which of the users' verdicts are written, and why
     * @param heldResults how many results Config holds for the rule (periodic runs; 0 for a change)
     */
    public record Outcome(List<ConfigEvaluation> evaluations, List<ConfigEvaluation> computed, int users,
            int candidates, int staleResults, boolean withoutReport, RecordingFilter.Decision recording,
            int heldResults) {
        public Outcome {
            evaluations = List.copyOf(evaluations);
            computed = List.copyOf(computed);
        }
    }

    /** The time a page of held results may take; reading stops before a page when less is left. */
    static final Duration TIME_PER_PAGE = Duration.ofSeconds(2);

    private InvocationEvaluator() {
    }

    /**
     * @param now when the invocation started (read once by the handler)
     * @param deadline the time left for evaluating, the time needed to write already kept back
     * @param inFlight how many candidates a periodic run confirms at a time
     */
    public static Outcome evaluate(ConfigInvocation invocation, AccountConnection account, Instant now,
            Deadline deadline, CallsInFlight inFlight) {
        return switch (invocation.messageType()) {
            case CONFIGURATION_ITEM_CHANGE, OVERSIZED_CONFIGURATION_ITEM_CHANGE -> changed(invocation, account);
            case SCHEDULED -> everyUser(invocation, account, now, deadline, inFlight);
        };
    }

    private static Outcome changed(ConfigInvocation invocation, AccountConnection account) {
        ConfigurationItem item = invocation.item().orElseThrow();
        Optional<Verdict> settled = settledWithoutIam(item, invocation);
        if (settled.isEmpty() && invocation.messageType() == MessageType.OVERSIZED_CONFIGURATION_ITEM_CHANGE) {
            item = account.config().latestConfigurationItem(item.resourceType(), item.resourceId());
            settled = settledWithoutIam(item, invocation);
        }
        Verdict verdict = settled.isPresent() ? settled.get() : userVerdict(item, invocation, account);
        // A change is what Config asked about: written whatever Config holds (design.md §2.12).
        List<ConfigEvaluation> evaluation = List.of(new ConfigEvaluation(item.resourceType(), item.resourceId(),
                verdict.complianceType(), verdict.annotation(), item.captureTime()));
        return new Outcome(evaluation, evaluation, 1, 0, 0, false,
                new RecordingFilter.Decision(evaluation, 1, 1, 0, 0, Optional.empty()), 0);
    }

    /** The verdicts that need no IAM call: another resource type, out of scope, or gone. */
    private static Optional<Verdict> settledWithoutIam(ConfigurationItem item, ConfigInvocation invocation) {
        if (!item.resourceType().equals(RuleMetadata.RESOURCE_TYPE)) {
            return Optional.of(SetupKeyRule.notAnIamUser(item.resourceType()));
        }
        if (invocation.eventLeftScope()) {
            return Optional.of(SetupKeyRule.leftScope());
        }
        if (item.isGone()) {
            return Optional.of(SetupKeyRule.userDeleted());
        }
        return Optional.empty();
    }

    private static Verdict userVerdict(ConfigurationItem item, ConfigInvocation invocation, AccountConnection account) {
        if (item.resourceName() == null) {
            throw new InvalidInvocationException("the configuration item of " + item.resourceId()
                    + " has no resourceName (the IAM user name)");
        }
        // The resource is the user id; a user recreated under the same name is another resource.
        Optional<IamUser> user = account.iam().findUser(item.resourceName())
                .filter(found -> found.userId().filter(item.resourceId()::equals).isPresent());
        return user.isPresent()
                ? new UserEvaluator(account.iam()).evaluate(user.get(), invocation.parameters())
                : SetupKeyRule.userDeleted();
    }

    /**
     * Every user's verdict that the recording filter keeps, then the clean-up: a held result, still COMPLIANT or
     * NON_COMPLIANT, of a resource that is not one of the users listed gets NOT_APPLICABLE. The recorded verdicts are
     * users listed and the clean-up's are not, so the two sets of resource ids are disjoint by construction: no user
     * gets both a fresh verdict and the clean-up's, and the batches holding them may be written in any order.
     */
    private static Outcome everyUser(ConfigInvocation invocation, AccountConnection account, Instant now,
            Deadline deadline, CallsInFlight inFlight) {
        // One read of the held results serves both the recording filter and the clean-up.
        HeldResults held = account.config().heldResults(invocation.configRuleName(), RuleMetadata.RESOURCE_TYPE,
                forReading(deadline));
        AccountScan scan = new AccountEvaluator(account.iam(), inFlight).evaluateAll(invocation.parameters(), now,
                ScanProgress.NONE, deadline);
        List<ConfigEvaluation> computed = new ArrayList<>();
        for (UserResult result : scan.results()) {
            computed.add(evaluation(result.user().userId().orElseThrow(), result.verdict(), invocation));
        }
        RecordingFilter.Decision recording = RecordingFilter.decide(computed, held, invocation.recording(), now);
        List<ConfigEvaluation> evaluations = new ArrayList<>(recording.recorded());
        List<ConfigEvaluation> everyVerdict = new ArrayList<>(computed);
        // Results of users that no longer exist, still COMPLIANT or NON_COMPLIANT in Config (design.md §2.5). One
        // already NOT_APPLICABLE needs nothing: rewriting it every refresh would cost more with every user deleted.
        Set<String> current = computed.stream().map(ConfigEvaluation::resourceId).collect(Collectors.toSet());
        List<String> stale = held.byResourceId().values().stream()
                .filter(result -> result.complianceType() != ComplianceType.NOT_APPLICABLE)
                .map(HeldResult::resourceId).filter(id -> !current.contains(id)).sorted().toList();
        for (String id : stale) {
            ConfigEvaluation gone = evaluation(id, SetupKeyRule.userDeleted(), invocation);
            evaluations.add(gone);
            everyVerdict.add(gone);
        }
        return new Outcome(evaluations, everyVerdict, scan.results().size(), scan.candidates(), stale.size(),
                scan.withoutReport(), recording, held.byResourceId().size());
    }

    /**
     * Reading the held results may take at most half the time left for evaluating, less a page's time: what it
     * cannot read by then is recorded anyway, and the evaluation keeps the rest of its time.
     */
    private static Deadline forReading(Deadline evaluation) {
        long left = evaluation.remainingMillis();
        return left == Long.MAX_VALUE ? Deadline.NONE
                : evaluation.minus(Duration.ofMillis(left / 2).plus(TIME_PER_PAGE));
    }

    private static ConfigEvaluation evaluation(String userId, Verdict verdict, ConfigInvocation invocation) {
        return new ConfigEvaluation(RuleMetadata.RESOURCE_TYPE, userId, verdict.complianceType(), verdict.annotation(),
                invocation.notificationTime());
    }
}
