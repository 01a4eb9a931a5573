package io.github.setupkeys.rule.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Holds the calls passing through it until {@code expected} of them are in flight at the same time (or ten seconds
 * have passed, if they never are), and counts the most that ever were: how a test sees how many calls the code
 * makes at once, and acts at the moment they all are in flight.
 */
public final class InFlightGate {

    private final CountDownLatch allInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final List<String> arrivals = Collections.synchronizedList(new ArrayList<>());
    private volatile Runnable whenAllInFlight = () -> { };

    public InFlightGate(int expected) {
        this.allInFlight = new CountDownLatch(expected);
    }

    /** Runs {@code action} once, when {@code expected} calls are in flight, before any of them goes on. */
    public InFlightGate whenAllInFlight(Runnable action) {
        this.whenAllInFlight = action;
        return this;
    }

    /** The most calls that were in flight at once. */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    /** The names of the calls that arrived, in the order they did. */
    public List<String> arrivals() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    /** {@link #through(Supplier)}, noting {@code name} among the {@link #arrivals()}. */
    public <T> T through(String name, Supplier<T> call) {
        arrivals.add(name);
        return through(call);
    }

    /** Makes {@code call} once the gate opens; counts it as in flight from arrival to answer. */
    public <T> T through(Supplier<T> call) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            synchronized (allInFlight) {
                if (allInFlight.getCount() == 1) {
                    whenAllInFlight.run();
                }
                allInFlight.countDown();
            }
            allInFlight.await(10, TimeUnit.SECONDS);
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
