package io.github.setupkeys.trigger;

/** What the trigger makes of one message of the buffer queue: an event to act on, or one to drop. */
public sealed interface QueuedMessage {

    String messageId();

    /** An IAM event that can change a verdict. */
    record Trigger(CredentialEvent event) implements QueuedMessage {
        @Override
        public String messageId() {
            return event.messageId();
        }
    }

    /** A message that is not such an event; dropped, with the reason logged. */
    record Ignored(String messageId, String reason) implements QueuedMessage {
    }
}
