package io.github.setupkeys.trigger;

/**
 * Where the debounce state lives between invocations: one DynamoDB item per Config rule. Only one trigger
 * runs at a time (reserved concurrency 1), so reading, starting and writing need no lock.
 */
public interface DebounceStore {

    /** The table's partition key; its value is the Config rule name. */
    String PARTITION_KEY = "configRuleName";

    /** The state, or {@link DebounceState#NEVER} when nothing was stored yet. */
    DebounceState load(String configRuleName);

    void save(String configRuleName, DebounceState state);
}
