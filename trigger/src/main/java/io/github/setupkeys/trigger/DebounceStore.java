package io.github.setupkeys.trigger;

/**
 * Where the debounce state lives between invocations: one DynamoDB item per debounce key, the Config rule in one
 * account's deployment, each account in an organization's. Only one trigger runs at a time (reserved concurrency
 * 1), and an organization's trigger acts on each account of a batch once, so reading, starting and writing need
 * no lock.
 */
public interface DebounceStore {

    /** One account's table: its partition key, whose value is the Config rule name. */
    String PARTITION_KEY = "configRuleName";
    /** An organization's table: its partition key, whose value is an account id. */
    String ACCOUNT_PARTITION_KEY = "accountId";

    /** The state, or {@link DebounceState#NEVER} when nothing was stored yet. */
    DebounceState load(String key);

    void save(String key, DebounceState state);
}
