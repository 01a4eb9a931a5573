package io.github.setupkeys.rule.evaluation;

/** IAM answered that a user does not exist (any more). The one IAM error that is a fact, not a failure. */
public final class UserNotFoundException extends RuntimeException {

    public UserNotFoundException(String userName) {
        super("IAM user " + userName + " does not exist");
    }
}
