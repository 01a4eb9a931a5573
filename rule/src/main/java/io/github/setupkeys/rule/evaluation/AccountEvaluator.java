package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.domain.SetupKeyRule;
import io.github.setupkeys.rule.domain.Verdict;
import io.github.setupkeys.rule.report.CredentialReport;
import io.github.setupkeys.rule.report.CredentialReportRow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Evaluates every user of an account at a cost of O(1) + O(candidates) IAM calls: one listing, one
 * credential report, and live confirmation of candidates only.
 *
 * <p>A user is a <em>candidate</em> when the report cannot settle its verdict: its row shows a key slot
 * dated within the setup window (whatever the key's status, use or the user's password, since all three
 * can change after the report) or a slot dated later that might be a setup key whose date moved
 * ({@link #mayBeASetupKey}), it has no row (or a row of an earlier user of the same name), or it was
 * created less than one setup window before the report. Every other user is decided from its row, which
 * is exact: an offending key is a setup key; had it existed when the report was generated its slot would be
 * in the report; created later, its user would be younger than one window at report time. A stale report
 * can only be stale about COMPLIANT versus NOT_APPLICABLE (a password added or removed since), never about a
 * finding.
 *
 * <p>The report is read as strictly as one given offline (a report that contradicts itself fails the run), but
 * it need not have the root account's row, nor any row: who is evaluated comes from the user listing, and a
 * listed user the report lacks is confirmed live, so a report missing rows costs calls, never a verdict.
 */
public final class AccountEvaluator {

    /**
     * What confirming one user live may cost, at worst, one call after another: up to five IAM calls (login
     * profile, keys, the use of two keys, tags), some of them throttled and retried. With more calls in flight the
     * users are confirmed that many at a time.
     */
    public static final long LIVE_CONFIRMATION_BUDGET_MILLIS = 250;
    /** IAM serves a credential report until it is this old; GenerateCredentialReport makes a new one after. */
    static final Duration REPORT_MAX_AGE = Duration.ofHours(4);

    private final IamFacts iam;
    private final UserEvaluator users;
    private final CallsInFlight inFlight;

    /** @param inFlight how many candidates are confirmed at a time (each one's calls follow one another) */
    public AccountEvaluator(IamFacts iam, CallsInFlight inFlight) {
        this.iam = Objects.requireNonNull(iam, "iam");
        this.users = new UserEvaluator(iam);
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    }

    /**
     * Evaluates every user. With more than one call in flight the users are listed while the credential report is
     * generated and polled ({@link SideBySide}); with one, the listing comes first, as always. A failed listing stops
     * the wait for the report and is what is thrown; a report IAM failed to give (not merely "not in time") fails the
     * scan too.
     *
     * @param now when this evaluation started; a report claiming a later time (clock skew) is treated as
     *     generated now, and one without a time as {@link #REPORT_MAX_AGE} old, the oldest IAM serves: both can
     *     only add candidates
     * @param progress hears of each phase, one at a time and in order: the listing, then the report (once both have
     *     ended), then the confirmations, from whichever thread
     * @param deadline checked before each live confirmation starts: once it refuses, no confirmation starts,
     *     those in flight end, and the scan fails saying where it stopped. When IAM produces no credential report
     *     in time, every user is confirmed live instead, if the deadline allows
     *     {@value #LIVE_CONFIRMATION_BUDGET_MILLIS} ms per user divided by the calls in flight; otherwise the scan
     *     fails saying so.
     */
    public AccountScan evaluateAll(RuleParameters parameters, Instant now, ScanProgress progress, Deadline deadline) {
        // Neither needs the other: the listing's pages go on while IAM generates the report (calls in flight > 1).
        SideBySide.Both<List<IamUser>, WaitedReport> listedAndReport = SideBySide.run(inFlight,
                "setupkeys-credential-report",
                () -> {
                    List<IamUser> listed = iam.listUsers();
                    progress.usersListed(listed.size());
                    return listed;
                },
                () -> waitForReport(deadline));
        List<IamUser> all = listedAndReport.first();
        Optional<CredentialReport> report = report(listedAndReport.second(), all.size(), progress, deadline);
        Instant reportTime = report.flatMap(CredentialReport::generatedAt).map(at -> at.isBefore(now) ? at : now)
                .orElse(now.minus(REPORT_MAX_AGE));
        // In whole seconds, as every other time here (design.md §1.1): a user created in the same second as one
        // window before the report is a candidate, whatever the milliseconds of either time (the invocation's
        // start, taken for a report dated later or undated, has them).
        Instant youngerThanWindow = reportTime.truncatedTo(ChronoUnit.SECONDS)
                .minusSeconds(parameters.setupWindowSeconds());

        Map<String, CredentialReportRow> rows = new HashMap<>();
        report.ifPresent(r -> r.rows().forEach(row -> rows.put(row.userName(), row)));

        Verdict[] verdicts = new Verdict[all.size()];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            IamUser user = all.get(i);
            Optional<CredentialReportRow> row = Optional.ofNullable(rows.get(user.userName()))
                    .filter(r -> r.userCreationTime().equals(user.createDate().truncatedTo(ChronoUnit.SECONDS)));
            boolean settledByReport = row.isPresent()
                    && user.createDate().truncatedTo(ChronoUnit.SECONDS).isBefore(youngerThanWindow)
                    && row.get().accessKeys().stream().noneMatch(slot -> mayBeASetupKey(user, slot, parameters));
            if (settledByReport) {
                verdicts[i] = SetupKeyRule.evaluate(row.get().factsAbout(user), parameters);
            } else {
                candidates.add(i);
            }
        }
        confirm(all, candidates, verdicts, parameters, progress, deadline);
        List<UserResult> results = IntStream.range(0, all.size())
                .mapToObj(i -> new UserResult(all.get(i), verdicts[i]))
                .toList();
        return new AccountScan(results, report.flatMap(CredentialReport::generatedAt), candidates.size(),
                report.isEmpty());
    }

    /**
     * Whether a key slot of the report may hold a setup key. Its time, {@code access_key_N_last_rotated}, is when the
     * key "was created or last changed" by IAM's documentation: its creation time unless some change moves it, and
     * then later. So a slot dated after the window may still hold a setup key (one deactivated and re-activated, if
     * that is such a change) unless the key can never offend whatever its creation time: only never-used keys
     * offend, and its use is recorded (a recorded use is never erased). Such a slot makes its user a candidate,
     * confirmed live, rather than a COMPLIANT read from the row (design.md §2.4).
     */
    private static boolean mayBeASetupKey(IamUser user, AccessKeyFacts slot, RuleParameters parameters) {
        if (SetupKeyRule.isSetupKey(user, slot, parameters.setupWindowSeconds())) {
            return true;
        }
        boolean canNeverOffend = SetupKeyRule.useMatters(parameters) && slot.use() instanceof KeyUse.LastUsed;
        return !canNeverOffend;
    }

    /**
     * Confirms the candidates live, {@link #inFlight} at a time; each writes its own slot of {@code verdicts}, which
     * the caller reads only after every confirmation has ended.
     */
    private void confirm(List<IamUser> all, List<Integer> candidates, Verdict[] verdicts, RuleParameters parameters,
            ScanProgress progress, Deadline deadline) {
        Object heard = new Object();
        int[] confirmed = {0};
        BoundedTasks.run(candidates.size(), inFlight,
                next -> deadline.ensure(Duration.ZERO,
                        "confirming candidate " + (next + 1) + " of " + candidates.size() + " live"),
                next -> {
                    int i = candidates.get(next);
                    verdicts[i] = users.evaluate(all.get(i), parameters);
                    synchronized (heard) {
                        progress.candidatesConfirmed(++confirmed[0], candidates.size());
                    }
                });
    }

    /** What waiting for the credential report gave: the report, or why IAM gave none in time. */
    private record WaitedReport(Optional<CredentialReport> report, String unavailable) {
    }

    private WaitedReport waitForReport(Deadline deadline) {
        try {
            return new WaitedReport(Optional.of(iam.credentialReport(deadline)), "");
        } catch (CredentialReportUnavailableException unavailable) {
            return new WaitedReport(Optional.empty(), unavailable.getMessage());
        }
    }

    /**
     * The credential report, or empty when IAM gave none in time and confirming every user live fits. Decided once
     * both the listing and the wait have ended, and heard after the listing, in the calling thread.
     */
    private Optional<CredentialReport> report(WaitedReport waited, int userCount, ScanProgress progress,
            Deadline deadline) {
        if (waited.report().isPresent()) {
            progress.credentialReportRead(waited.report().get().rows().size());
            return waited.report();
        }
        Duration live = liveConfirmationBudget(userCount);
        if (!deadline.allows(live)) {
            throw new CredentialReportUnavailableException(waited.unavailable() + "; confirming all " + userCount
                    + " users live instead could take " + (live.toMillis() + 999) / 1000 + " s with "
                    + inFlight.value() + " call(s) in flight, more than is left");
        }
        progress.credentialReportUnavailable(waited.unavailable(), userCount);
        return Optional.empty();
    }

    /** The most confirming {@code users} live may take: the budget per user, that many users at a time. */
    private Duration liveConfirmationBudget(int users) {
        long rounds = (users + inFlight.value() - 1L) / inFlight.value();
        return Duration.ofMillis(LIVE_CONFIRMATION_BUDGET_MILLIS).multipliedBy(rounds);
    }
}
