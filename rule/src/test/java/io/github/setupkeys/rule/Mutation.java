package io.github.setupkeys.rule;

import java.util.function.UnaryOperator;

/**
 * A named change to a generated input, so that a failure says what was done to it.
 *
 * @param target what the change touches; of several changes to one target the last one counts
 * @param invalidates whether no valid input can come out of the change (so the input must be refused)
 */
public record Mutation<T>(String name, String target, UnaryOperator<T> change, boolean invalidates) {

    public Mutation(String name, UnaryOperator<T> change) {
        this(name, name, change, false);
    }

    public Mutation(String name, UnaryOperator<T> change, boolean invalidates) {
        this(name, name, change, invalidates);
    }

    public T apply(T input) {
        return change.apply(input);
    }

    @Override
    public String toString() {
        return name;
    }
}
