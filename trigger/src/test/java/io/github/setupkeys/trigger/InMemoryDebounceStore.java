package io.github.setupkeys.trigger;

import java.util.HashMap;
import java.util.Map;

/** The debounce state in memory, per key (rule or account), safe from any thread. */
final class InMemoryDebounceStore implements DebounceStore {

    private final Map<String, DebounceState> states = new HashMap<>();
    private int saves;
    private int loads;

    synchronized InMemoryDebounceStore with(String configRuleName, DebounceState state) {
        states.put(configRuleName, state);
        return this;
    }

    @Override
    public synchronized DebounceState load(String configRuleName) {
        loads++;
        return states.getOrDefault(configRuleName, DebounceState.NEVER);
    }

    @Override
    public synchronized void save(String configRuleName, DebounceState state) {
        saves++;
        states.put(configRuleName, state);
    }

    synchronized int saves() {
        return saves;
    }

    synchronized int loads() {
        return loads;
    }
}
