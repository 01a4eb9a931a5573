package io.github.setupkeys.rule.config;

/**
 * Connections to the accounts the rule evaluates: its own, with the function's credentials, or another
 * one of the organization, through a role assumed there.
 */
public interface AccountAccess {

    /** The function's own account. */
    AccountConnection own();

    /** Another account, through {@code roleArn}; connections may be reused while their credentials last. */
    AccountConnection assumed(String roleArn);
}
