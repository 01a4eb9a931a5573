package io.github.setupkeys.rule.domain;

/** Status of an IAM access key, as IAM reports it. */
public enum KeyStatus {
    ACTIVE("Active"),
    INACTIVE("Inactive");

    private final String iamName;

    KeyStatus(String iamName) {
        this.iamName = iamName;
    }

    /** The spelling IAM uses ({@code Active} / {@code Inactive}). */
    public String iamName() {
        return iamName;
    }
}
