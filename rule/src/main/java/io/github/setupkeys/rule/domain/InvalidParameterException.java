package io.github.setupkeys.rule.domain;

import io.github.setupkeys.text.InputText;

/**
 * A rule parameter (or the CLI flag carrying it) has a value the rule cannot accept. The message names
 * the parameter and the accepted form.
 */
public final class InvalidParameterException extends IllegalArgumentException {

    private final String parameter;
    private final String value;
    private final String accepted;

    public InvalidParameterException(String parameter, String value, String accepted) {
        super("rule parameter " + InputText.clean(parameter)
                + (value == null ? "" : " has invalid value " + InputText.quote(value)) + ": expected " + accepted);
        this.parameter = parameter;
        this.value = value;
        this.accepted = accepted;
    }

    /** The parameter name as Config knows it, e.g. {@code setupWindowSeconds}. */
    public String parameter() {
        return parameter;
    }

    /** The rejected value, or {@code null} when the problem is not a value (an unknown name). */
    public String value() {
        return value;
    }

    /** The accepted form, e.g. {@code an integer from 1 to 604800}. */
    public String accepted() {
        return accepted;
    }
}
