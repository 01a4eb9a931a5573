package io.github.setupkeys.it.support;

import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which faults the stand-in injects, and into which calls: throttling errors, server errors, slow answers and
 * dropped connections (the request reaches moto, the answer never comes back) at random into a share of one
 * service's calls, seeded so a failing run can be repeated; or a burst of throttling answers to the next calls of
 * some actions, as when IAM's token bucket for them runs dry.
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
    private final Set<String> burstCalls;
    private final int burstSize;
    private final AtomicInteger injected = new AtomicInteger();

    /**
     * @param service the service whose calls get faults ({@code iam}, {@code config})
     * @param throttle share of calls answered {@code Throttling} (HTTP 400)
     * @param serverError share answered {@code ServiceFailure} (HTTP 500) or {@code ServiceUnavailable} (503)
     * @param slow share answered only after {@code slowBy}
     * @param drop share whose connection is closed without an answer
     */
    public FaultPlan(String service, double throttle, double serverError, double slow, double drop, Duration slowBy,
            long seed) {
        this(service, throttle, serverError, slow, drop, slowBy, seed, Set.of(), 0);
    }

    private FaultPlan(String service, double throttle, double serverError, double slow, double drop, Duration slowBy,
            long seed, Set<String> burstCalls, int burstSize) {
        this.service = service;
        this.throttle = throttle;
        this.serverError = serverError;
        this.slow = slow;
        this.drop = drop;
        this.slowBy = slowBy;
        this.random = new Random(seed);
        this.burstCalls = Set.copyOf(burstCalls);
        this.burstSize = burstSize;
    }

    /** Throttles the next {@code throttles} calls of any of {@code calls} ({@code iam:GetLoginProfile} …), then none. */
    public static FaultPlan throttlingBurst(int throttles, String... calls) {
        return new FaultPlan("", 0, 0, 0, 0, Duration.ZERO, 0, Set.of(calls), throttles);
    }

    /** How many faults were injected so far. */
    public int injected() {
        return injected.get();
    }

    Duration slowBy() {
        return slowBy;
    }

    synchronized Fault next(String callService, String action) {
        if (!burstCalls.isEmpty()) {
            if (!burstCalls.contains(callService + ":" + action) || injected.get() >= burstSize) {
                return Fault.NONE;
            }
            injected.incrementAndGet();
            return Fault.THROTTLE;
        }
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
