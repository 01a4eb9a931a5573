package io.github.setupkeys.rule.domain;

/**
 * How much a finding matters, in the five labels Security Hub (ASFF {@code Severity.Label}) and OCSF
 * ({@code severity_id} 1 to 5, same names) share, least first.
 */
public enum Severity {
    INFORMATIONAL("Informational"),
    LOW("Low"),
    MEDIUM("Medium"),
    HIGH("High"),
    CRITICAL("Critical");

    private final String caption;

    Severity(String caption) {
        this.caption = caption;
    }

    /** OCSF's {@code severity_id}: 1 Informational … 5 Critical. */
    public int ocsfId() {
        return ordinal() + 1;
    }

    /** OCSF's caption for {@link #ocsfId()}, its {@code severity}. */
    public String caption() {
        return caption;
    }
}
