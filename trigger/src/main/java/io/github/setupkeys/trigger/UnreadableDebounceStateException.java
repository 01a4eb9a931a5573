package io.github.setupkeys.trigger;

/**
 * A stored debounce state that cannot be read. An organization's trigger fails only that account's events with it,
 * as with an AWS failure in that account: the item is that account's alone.
 */
public final class UnreadableDebounceStateException extends IllegalStateException {

    public UnreadableDebounceStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
