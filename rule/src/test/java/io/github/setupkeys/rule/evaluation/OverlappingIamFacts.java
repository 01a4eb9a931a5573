package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.rule.report.CredentialReport;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * IAM facts from another source whose chosen calls go through an {@link InFlightGate}, so a test sees how many of
 * them the bulk path makes at once, and can act at the moment they all are in flight: by default
 * {@code GetLoginProfile}, one per confirmation.
 */
public final class OverlappingIamFacts implements IamFacts {

    /** The calls that can be sent through the gate, by the name the gate notes. */
    public enum Call {
        LIST_USERS("iam:ListUsers"), GET_LOGIN_PROFILE("iam:GetLoginProfile"),
        CREDENTIAL_REPORT("the credential report");

        private final String shown;

        Call(String shown) {
            this.shown = shown;
        }

        public String shown() {
            return shown;
        }
    }

    private final IamFacts facts;
    private final InFlightGate gate;
    private final Set<Call> gated;
    private final Map<Call, Runnable> before = new EnumMap<>(Call.class);
    private final Map<Call, Runnable> after = new EnumMap<>(Call.class);

    OverlappingIamFacts(IamFacts facts, int expected) {
        this(facts, new InFlightGate(expected), Set.of(Call.GET_LOGIN_PROFILE));
    }

    /** {@code gated} calls go through {@code gate}, which other test doubles may share. */
    public OverlappingIamFacts(IamFacts facts, InFlightGate gate, Set<Call> gated) {
        this.facts = facts;
        this.gate = gate;
        this.gated = Set.copyOf(gated);
    }

    /** Runs {@code action} once, when the expected gated calls are in flight, before they answer. */
    OverlappingIamFacts whenAllInFlight(Runnable action) {
        gate.whenAllInFlight(action);
        return this;
    }

    /** Runs {@code action} each time {@code call} is made, before it goes through the gate, if gated. */
    public synchronized OverlappingIamFacts before(Call call, Runnable action) {
        before.put(call, action);
        return this;
    }

    /** Runs {@code action} each time {@code call} has answered or failed. */
    public synchronized OverlappingIamFacts after(Call call, Runnable action) {
        after.put(call, action);
        return this;
    }

    /** The most gated calls that were in flight at once. */
    int mostInFlight() {
        return gate.mostInFlight();
    }

    @Override
    public boolean hasConsolePassword(IamUser user) {
        return call(Call.GET_LOGIN_PROFILE, () -> facts.hasConsolePassword(user));
    }

    @Override
    public List<IamUser> listUsers() {
        return call(Call.LIST_USERS, facts::listUsers);
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
        return call(Call.CREDENTIAL_REPORT, () -> facts.credentialReport(deadline));
    }

    private <T> T call(Call call, Supplier<T> made) {
        Runnable first;
        Runnable then;
        synchronized (this) {
            first = before.getOrDefault(call, () -> { });
            then = after.getOrDefault(call, () -> { });
        }
        first.run();
        try {
            return gated.contains(call) ? gate.through(call.shown(), made) : made.get();
        } finally {
            then.run();
        }
    }
}
