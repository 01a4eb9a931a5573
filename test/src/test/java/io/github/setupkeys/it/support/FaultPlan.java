package io.github.setupkeys.it.support;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which faults the stand-in injects into calls of one service, and how often: throttling errors, server
 * errors, slow answers and dropped connections (the request reaches moto, the answer never comes back).
 * Seeded, so a failing run can be repeated.
 */
public final class FaultPlan {

    /** What happens to one call. */
    public enum Fault { NONE, THROTTLE, SERVER_ERROR, SLOW, DROP }

    private final String service;
    private final double throttle;
    private final double serverError;
    private final double slow;
    private final double drop;
    private final Duration slowBy;
    private final Random random;
    private final AtomicInteger injected = new AtomicInteger();

    /**
     * @param service the service whose calls get faults ({@code iam})
     * @param throttle share of calls answered {@code Throttling} (HTTP 400)
     * @param serverError share answered {@code ServiceFailure} (HTTP 500) or {@code ServiceUnavailable} (503)
     * @param slow share answered only after {@code slowBy}
     * @param drop share whose connection is closed without an answer
     */
    public FaultPlan(String service, double throttle, double serverError, double slow, double drop, Duration slowBy,
            long seed) {
        this.service = service;
        this.throttle = throttle;
        this.serverError = serverError;
        this.slow = slow;
        this.drop = drop;
        this.slowBy = slowBy;
        this.random = new Random(seed);
    }

    /** How many faults were injected so far. */
    public int injected() {
        return injected.get();
    }

    Duration slowBy() {
        return slowBy;
    }

    synchronized Fault next(String callService) {
        if (!callService.equals(service)) {
            return Fault.NONE;
        }
        double roll = random.nextDouble();
        Fault fault = roll < throttle ? Fault.THROTTLE
                : roll < throttle + serverError ? Fault.SERVER_ERROR
                : roll < throttle + serverError + slow ? Fault.SLOW
                : roll < throttle + serverError + slow + drop ? Fault.DROP
                : Fault.NONE;
        if (fault != Fault.NONE) {
            injected.incrementAndGet();
        }
        return fault;
    }

    synchronized boolean coin() {
        return random.nextBoolean();
    }
}
