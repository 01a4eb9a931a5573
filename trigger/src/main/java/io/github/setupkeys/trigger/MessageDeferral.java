package io.github.setupkeys.trigger;

import java.time.Duration;
import java.util.List;

/**
 * Keeps messages of the buffer queue hidden for a while ({@code ChangeMessageVisibility}), so that a message
 * the trigger hands back as a batch item failure comes back when it can be acted on, not at once.
 */
public interface MessageDeferral {

    /** SQS allows a message to stay hidden at most 12 hours from its receipt; stay well inside that. */
    Duration LONGEST = Duration.ofHours(11);

    /** Hides the messages with these receipt handles for {@code delay} from now. */
    void defer(List<String> receiptHandles, Duration delay);
}
