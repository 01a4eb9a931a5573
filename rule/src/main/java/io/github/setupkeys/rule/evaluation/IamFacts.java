package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.rule.report.CredentialReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where facts about IAM users come from: plain look-ups, one IAM call (and its pages) each. Which of them to
 * make for a user is the evaluators' decision ({@link UserEvaluator}), not the source's. The IAM implementation
 * makes live calls; tests use an in-memory one. Every method either answers or throws: "does not exist" is an
 * answer only where the signature says so, and no failure is ever turned into a fact.
 */
public interface IamFacts {

    /** Every IAM user of the account. */
    List<IamUser> listUsers();

    /** The user called {@code userName}, or empty when IAM does not know it. */
    Optional<IamUser> findUser(String userName);

    /**
     * Whether {@code user} has a console password (a login profile). IAM answers {@code NoSuchEntity} both for
     * "no password" and "no such user", so a user deleted meanwhile may read as one without a password.
     *
     * @throws UserNotFoundException when the source can tell that the user no longer exists
     */
    boolean hasConsolePassword(IamUser user);

    /**
     * The access keys of {@code user}, with their use {@link KeyUse#notLookedUp() not looked up}.
     *
     * @throws UserNotFoundException when the user no longer exists
     */
    List<AccessKeyFacts> accessKeys(IamUser user);

    /** When the key was last used (or that it never was), or empty when the key no longer exists. */
    Optional<KeyUse> lastUse(String accessKeyId);

    /**
     * The tags of {@code user}.
     *
     * @throws UserNotFoundException when the user no longer exists
     */
    Map<String, String> tagsOf(IamUser user);

    /**
     * A current credential report: generated if needed, waited for within a bound (and the deadline),
     * downloaded and parsed.
     *
     * @throws CredentialReportUnavailableException when IAM does not produce one in that time
     */
    CredentialReport credentialReport(Deadline deadline);
}
