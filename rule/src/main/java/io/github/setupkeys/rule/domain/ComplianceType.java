package io.github.setupkeys.rule.domain;

/** The three results this rule reports, named as AWS Config names them; declared findings first. */
public enum ComplianceType {
    NON_COMPLIANT,
    COMPLIANT,
    NOT_APPLICABLE
}
