package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.rule.report.CredentialReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * IAM facts from another source whose {@code GetLoginProfile} answers only once {@code expected} of them are in
 * flight at the same time (or after ten seconds, if they never are), so a test sees how many confirmations the
 * bulk path runs at once, and can act at the moment they all are in flight.
 */
final class OverlappingIamFacts implements IamFacts {

    private final IamFacts facts;
    private final CountDownLatch allInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile Runnable whenAllInFlight = () -> { };

    OverlappingIamFacts(IamFacts facts, int expected) {
        this.facts = facts;
        this.allInFlight = new CountDownLatch(expected);
    }

    /** Runs {@code action} once, when {@code expected} login-profile look-ups are in flight, before they answer. */
    OverlappingIamFacts whenAllInFlight(Runnable action) {
        this.whenAllInFlight = action;
        return this;
    }

    /** The most login-profile look-ups that were in flight at once. */
    int mostInFlight() {
        return mostInFlight.get();
    }

    @Override
    public boolean hasConsolePassword(IamUser user) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            synchronized (allInFlight) {
                if (allInFlight.getCount() == 1) {
                    whenAllInFlight.run();
                }
                allInFlight.countDown();
            }
            allInFlight.await(10, TimeUnit.SECONDS);
            return facts.hasConsolePassword(user);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public List<IamUser> listUsers() {
        return facts.listUsers();
    }

    @Override
    public Optional<IamUser> findUser(String userName) {
        return facts.findUser(userName);
    }

    @Override
    public List<AccessKeyFacts> accessKeys(IamUser user) {
        return facts.accessKeys(user);
    }

    @Override
    public Optional<KeyUse> lastUse(String accessKeyId) {
        return facts.lastUse(accessKeyId);
    }

    @Override
    public Map<String, String> tagsOf(IamUser user) {
        return facts.tagsOf(user);
    }

    @Override
    public CredentialReport credentialReport(Deadline deadline) {
        return facts.credentialReport(deadline);
    }
}
