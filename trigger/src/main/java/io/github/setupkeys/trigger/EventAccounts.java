package io.github.setupkeys.trigger;

/**
 * Which accounts' IAM events a trigger acts on: a list for one account's trigger ({@link AllowedAccounts}), every
 * account of the organization but those left out for an organization's ({@link OrganizationAccounts}). An event of
 * any other account is ignored and counted, so nothing outside the set can spend a daily cap.
 */
public interface EventAccounts {

    /** Whether an event of {@code account} may start a re-evaluation. */
    boolean allows(String account);
}
