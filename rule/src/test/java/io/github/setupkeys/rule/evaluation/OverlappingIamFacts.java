package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.rule.report.CredentialReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IAM facts from another source whose {@code GetLoginProfile} goes through an {@link InFlightGate}, so a test sees
 * how many confirmations the bulk path runs at once, and can act at the moment they all are in flight.
 */
final class OverlappingIamFacts implements IamFacts {

    private final IamFacts facts;
    private final InFlightGate gate;

    OverlappingIamFacts(IamFacts facts, int expected) {
        this.facts = facts;
        this.gate = new InFlightGate(expected);
    }

    /** Runs {@code action} once, when {@code expected} login-profile look-ups are in flight, before they answer. */
    OverlappingIamFacts whenAllInFlight(Runnable action) {
        gate.whenAllInFlight(action);
        return this;
    }

    /** The most login-profile look-ups that were in flight at once. */
    int mostInFlight() {
        return gate.mostInFlight();
    }

    @Override
    public boolean hasConsolePassword(IamUser user) {
        return gate.through(() -> facts.hasConsolePassword(user));
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
