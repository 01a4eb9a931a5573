package io.github.setupkeys.trigger;

/**
 * What the trigger makes of one message of the buffer queue: an event to act on, an event of an account the
 * trigger does not serve, or anything else to drop.
 */
public sealed interface QueuedMessage {

    String messageId();

    /** An IAM event that can change a verdict. */
    record Trigger(CredentialEvent event) implements QueuedMessage {
        @Override
        public String messageId() {
            return event.messageId();
        }
    }

    /** An event of another account than those allowed; dropped, counted and logged with its account. */
    record ForeignAccount(String messageId, String account) implements QueuedMessage {
    }

    /** A message that is not such an event; dropped, with the reason logged. */
    record Ignored(String messageId, String reason) implements QueuedMessage {
    }
}
