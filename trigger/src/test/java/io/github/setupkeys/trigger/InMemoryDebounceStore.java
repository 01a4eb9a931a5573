package io.github.setupkeys.trigger;

import java.util.HashMap;
import java.util.Map;

/** The debounce state in memory, per rule. */
final class InMemoryDebounceStore implements DebounceStore {

    private final Map<String, DebounceState> states = new HashMap<>();
    private int saves;

    InMemoryDebounceStore with(String configRuleName, DebounceState state) {
        states.put(configRuleName, state);
        return this;
    }

    @Override
    public DebounceState load(String configRuleName) {
        return states.getOrDefault(configRuleName, DebounceState.NEVER);
    }

    @Override
    public void save(String configRuleName, DebounceState state) {
        saves++;
        states.put(configRuleName, state);
    }

    int saves() {
        return saves;
    }
}
