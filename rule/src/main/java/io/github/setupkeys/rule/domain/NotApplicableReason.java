package io.github.setupkeys.rule.domain;

/** Why the rule does not apply to a resource. */
public enum NotApplicableReason {
    /** The user cannot sign in to the console, so CIS 1.11 does not apply. */
    NO_CONSOLE_PASSWORD,
    /** The user carries the exemption tag; the finding it would have had is suppressed. */
    EXEMPT,
    /** The user no longer exists. */
    USER_DELETED,
    /** Config reports that the resource left the rule's scope. */
    LEFT_SCOPE,
    /** The resource is not an IAM user. */
    NOT_AN_IAM_USER
}
