package io.github.setupkeys.rule.config;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one invocation writes: the evaluation of the changed user, or of every user plus the clean-up of
 * results for users that no longer exist.
 */
public final class InvocationEvaluator {

    /** The evaluations to write, and how they were reached. */
    public record Outcome(List<ConfigEvaluation> evaluations, int users, int candidates, int staleResults,
            boolean withoutReport) {
        public Outcome {
            evaluations = List.copyOf(evaluations);
        }
    }

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
        return new Outcome(List.of(new ConfigEvaluation(item.resourceType(), item.resourceId(), verdict.complianceType(),
                verdict.annotation(), item.captureTime())), 1, 0, 0, false);
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
     * Every user, then the clean-up: a stored result of a resource that is not one of the users listed gets
     * NOT_APPLICABLE. The two sets of resource ids are disjoint by construction, so no user gets both a fresh
     * verdict and the clean-up's, and the batches holding them may be written in any order.
     */
    private static Outcome everyUser(ConfigInvocation invocation, AccountConnection account, Instant now,
            Deadline deadline, CallsInFlight inFlight) {
        Set<String> stored = account.config().resourcesWithResults(invocation.configRuleName(), RuleMetadata.RESOURCE_TYPE);
        AccountScan scan = new AccountEvaluator(account.iam(), inFlight).evaluateAll(invocation.parameters(), now,
                ScanProgress.NONE, deadline);
        List<ConfigEvaluation> evaluations = new ArrayList<>();
        for (UserResult result : scan.results()) {
            evaluations.add(evaluation(result.user().userId().orElseThrow(), result.verdict(), invocation));
        }
        Set<String> current = evaluations.stream().map(ConfigEvaluation::resourceId).collect(Collectors.toSet());
        List<String> stale = stored.stream().filter(id -> !current.contains(id)).sorted().toList();
        stale.forEach(id -> evaluations.add(evaluation(id, SetupKeyRule.userDeleted(), invocation)));
        return new Outcome(evaluations, scan.results().size(), scan.candidates(), stale.size(), scan.withoutReport());
    }

    private static ConfigEvaluation evaluation(String userId, Verdict verdict, ConfigInvocation invocation) {
        return new ConfigEvaluation(RuleMetadata.RESOURCE_TYPE, userId, verdict.complianceType(), verdict.annotation(),
                invocation.notificationTime());
    }
}
