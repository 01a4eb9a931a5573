package io.github.setupkeys.rule.evaluation;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How much time is left for the work at hand. In Lambda it is the invocation's remaining time (less what
 * is kept for writing the results); the CLI has none. Work that cannot finish stops with a clear
 * {@link DeadlineExceededException} rather than being killed half-way.
 */
@FunctionalInterface
public interface Deadline {

    /** No deadline. */
    Deadline NONE = () -> Long.MAX_VALUE;

    long remainingMillis();

    static Deadline of(LongSupplier remainingMillis) {
        return remainingMillis::getAsLong;
    }

    /** This deadline, with {@code reserve} kept back for later work. */
    default Deadline minus(Duration reserve) {
        return () -> remainingMillis() == Long.MAX_VALUE ? Long.MAX_VALUE : remainingMillis() - reserve.toMillis();
    }

    /** Whether {@code work} fits in the time left. */
    default boolean allows(Duration work) {
        return remainingMillis() > work.toMillis();
    }

    /**
     * Throws unless {@code work} fits.
     *
     * @param activity what would be cut short, for the message ("confirming candidate 812 of 1200")
     */
    default void ensure(Duration work, String activity) {
        if (!allows(work)) {
            throw new DeadlineExceededException("stopped before the deadline while " + activity);
        }
    }
}
