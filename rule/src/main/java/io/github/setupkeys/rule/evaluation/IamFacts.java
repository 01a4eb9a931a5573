package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.domain.UserFacts;
import io.github.setupkeys.rule.report.CredentialReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where facts about IAM users come from. The IAM implementation makes live calls; tests use an in-memory
 * one. Every method either answers or throws: "does not exist" is an answer only where the signature
 * says so, and no failure is ever turned into a fact.
 */
public interface IamFacts {

    /** Every IAM user of the account. */
    List<IamUser> listUsers();

    /** The user called {@code userName}, or empty when IAM does not know it. */
    Optional<IamUser> findUser(String userName);

    /**
     * Facts about {@code user}, gathered only as far as they can change the verdict under
     * {@code parameters} (see {@link UserFacts}); tags are not gathered here.
     *
     * @throws UserNotFoundException when the user no longer exists
     */
    UserFacts factsAbout(IamUser user, RuleParameters parameters);

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
