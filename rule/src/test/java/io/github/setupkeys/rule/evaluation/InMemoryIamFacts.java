package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.rule.domain.UserFacts;
import io.github.setupkeys.rule.report.CredentialReport;
import io.github.setupkeys.rule.report.CredentialReportRow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An account held in memory: users with their facts, and a credential report taken as a snapshot when
 * the test says so (so a test can make it stale). Counts calls the way IAM would be called. Safe to call from
 * several threads at once (one at a time), as the bulk path confirms candidates concurrently.
 */
public final class InMemoryIamFacts implements IamFacts {

    private final Map<String, UserFacts> users = new LinkedHashMap<>();
    private final Map<String, Integer> calls = new TreeMap<>();
    private CredentialReport report;
    private boolean reportUnavailable;
    private final List<String> deleteWhenListed = new ArrayList<>();
    private final Map<String, RuntimeException> failures = new LinkedHashMap<>();

    public synchronized InMemoryIamFacts add(UserFacts facts) {
        users.put(facts.user().userName(), facts);
        return this;
    }

    public synchronized InMemoryIamFacts remove(String userName) {
        users.remove(userName);
        return this;
    }

    /** Takes the credential report now: later changes to users are not in it. */
    public synchronized InMemoryIamFacts generateReport(Instant generatedAt) {
        return generateReport(Optional.of(generatedAt));
    }

    /** Takes the credential report now, as an answer without {@code GeneratedTime} would give it. */
    public synchronized InMemoryIamFacts generateUndatedReport() {
        return generateReport(Optional.empty());
    }

    /**
     * Takes the credential report now, with the slot of {@code accessKeyId} dated {@code lastRotated} instead of the
     * key's creation: what IAM writes if a change since the key's creation moved {@code access_key_N_last_rotated},
     * which it documents as the time the key "was created or last changed".
     */
    public synchronized InMemoryIamFacts generateReportWithSlotDated(Instant generatedAt, String accessKeyId,
            Instant lastRotated) {
        return generateReport(Optional.of(generatedAt), Map.of(accessKeyId, lastRotated));
    }

    private InMemoryIamFacts generateReport(Optional<Instant> generatedAt) {
        return generateReport(generatedAt, Map.of());
    }

    private InMemoryIamFacts generateReport(Optional<Instant> generatedAt, Map<String, Instant> lastRotated) {
        List<CredentialReportRow> rows = new ArrayList<>();
        for (UserFacts facts : users.values()) {
            IamUser user = facts.user();
            rows.add(new CredentialReportRow(user.userName(), user.arn(), user.createDate().truncatedTo(ChronoUnit.SECONDS),
                    facts.consolePassword(), slots(facts.accessKeys(), lastRotated)));
        }
        report = new CredentialReport(generatedAt, rows, true);
        return this;
    }

    /** Deletes the user right after the next listing, as if someone deleted it during a scan. */
    public synchronized InMemoryIamFacts deleteWhenListed(String userName) {
        deleteWhenListed.add(userName);
        return this;
    }

    /** Makes every {@code call} (e.g. {@code ListUsers}) fail with {@code failure}. */
    public synchronized InMemoryIamFacts failing(String call, RuntimeException failure) {
        failures.put(call, failure);
        return this;
    }

    public synchronized int calls(String name) {
        return calls.getOrDefault(name, 0);
    }

    public synchronized Map<String, Integer> calls() {
        return Map.copyOf(calls);
    }

    @Override
    public synchronized List<IamUser> listUsers() {
        count("ListUsers");
        List<IamUser> listed = users.values().stream().map(UserFacts::user).toList();
        deleteWhenListed.forEach(users::remove);
        deleteWhenListed.clear();
        return listed;
    }

    @Override
    public synchronized Optional<IamUser> findUser(String userName) {
        count("GetUser");
        return Optional.ofNullable(users.get(userName)).map(UserFacts::user);
    }

    /** As IAM answers: {@code NoSuchEntity}, so {@code false}, both for a user without a password and for no user. */
    @Override
    public synchronized boolean hasConsolePassword(IamUser user) {
        count("GetLoginProfile");
        UserFacts facts = users.get(user.userName());
        return facts != null && facts.consolePassword();
    }

    @Override
    public synchronized List<AccessKeyFacts> accessKeys(IamUser user) {
        count("ListAccessKeys");
        return existing(user).accessKeys().stream().map(key -> key.withUse(KeyUse.notLookedUp())).toList();
    }

    @Override
    public synchronized Optional<KeyUse> lastUse(String accessKeyId) {
        count("GetAccessKeyLastUsed");
        return users.values().stream().flatMap(facts -> facts.accessKeys().stream())
                .filter(key -> key.accessKeyId().equals(accessKeyId)).findFirst().map(AccessKeyFacts::use);
    }

    @Override
    public synchronized Map<String, String> tagsOf(IamUser user) {
        count("ListUserTags");
        return existing(user).tags();
    }

    @Override
    public synchronized CredentialReport credentialReport(Deadline deadline) {
        count("GetCredentialReport");
        if (reportUnavailable) {
            throw new CredentialReportUnavailableException("IAM credential report not ready after 60 polls");
        }
        if (report == null) {
            throw new IllegalStateException("the test generated no credential report");
        }
        return report;
    }

    /** IAM never finishes generating the credential report. */
    public synchronized InMemoryIamFacts reportNeverReady() {
        reportUnavailable = true;
        return this;
    }

    private UserFacts existing(IamUser user) {
        UserFacts facts = users.get(user.userName());
        if (facts == null) {
            throw new UserNotFoundException(user.userName());
        }
        return facts;
    }

    private void count(String call) {
        calls.merge(call, 1, Integer::sum);
        if (failures.containsKey(call)) {
            throw failures.get(call);
        }
    }

    private static List<AccessKeyFacts> slots(List<AccessKeyFacts> keys, Map<String, Instant> lastRotated) {
        List<AccessKeyFacts> slots = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            AccessKeyFacts key = keys.get(i);
            slots.add(new AccessKeyFacts("access_key_" + (i + 1), key.status(),
                    lastRotated.getOrDefault(key.accessKeyId(), key.createDate()), key.use()));
        }
        return slots;
    }
}
