package io.github.setupkeys.it.support;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls that reached the stand-in endpoint, by {@code service:Action} (e.g. {@code iam:ListUsers}), each retry
 * counted; how many of a service's calls were in flight at most; and how many connections the callers opened.
 */
public final class CallLog {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    private final Map<String, LongAccumulator> firstArrival = new ConcurrentHashMap<>();
    private final Map<String, LongAccumulator> lastAnswer = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostInFlight = new ConcurrentHashMap<>();
    private final Set<InetSocketAddress> connections = ConcurrentHashMap.newKeySet();

    void record(String call) {
        calls.computeIfAbsent(call, key -> new AtomicInteger()).incrementAndGet();
    }

    /** A call of {@code service} arrived on the connection from {@code client}; {@link #ended} follows. */
    void began(String service, InetSocketAddress client) {
        connections.add(client);
        int now = inFlight.computeIfAbsent(service, key -> new AtomicInteger()).incrementAndGet();
        mostInFlight.computeIfAbsent(service, key -> new AtomicInteger()).accumulateAndGet(now, Math::max);
    }

    /** The call of {@code service} that {@link #began} has been answered (or dropped). */
    void ended(String service) {
        inFlight.get(service).decrementAndGet();
    }

    /** {@code call} took {@code elapsed} nanoseconds at the stand-in, from its arrival to its answer just now. */
    void took(String call, long elapsed) {
        long answered = System.nanoTime();
        nanos.computeIfAbsent(call, key -> new LongAdder()).add(elapsed);
        firstArrival.computeIfAbsent(call, key -> new LongAccumulator(Math::min, Long.MAX_VALUE))
                .accumulate(answered - elapsed);
        lastAnswer.computeIfAbsent(call, key -> new LongAccumulator(Math::max, Long.MIN_VALUE)).accumulate(answered);
    }

    /**
     * From the first arrival of any of {@code calls} to the last answer to one of them, in milliseconds (0 if none
     * came): how long a phase of a run that makes only these calls took at the wire.
     */
    public long spanMillis(Set<String> calls) {
        long first = calls.stream().map(firstArrival::get).filter(Objects::nonNull)
                .mapToLong(LongAccumulator::get).min().orElse(0);
        long last = calls.stream().map(lastAnswer::get).filter(Objects::nonNull)
                .mapToLong(LongAccumulator::get).max().orElse(0);
        return (last - first) / 1_000_000;
    }

    /** The time calls spent at the stand-in, by {@code service:Action}, in milliseconds, summed over calls. */
    public Map<String, Long> millis() {
        Map<String, Long> copy = new TreeMap<>();
        nanos.forEach((call, sum) -> copy.put(call, sum.sum() / 1_000_000));
        return copy;
    }

    public int count(String call) {
        AtomicInteger count = calls.get(call);
        return count == null ? 0 : count.get();
    }

    /** Calls to {@code service} ({@code iam}, {@code sts}, {@code config}). */
    public int total(String service) {
        return calls.entrySet().stream().filter(entry -> entry.getKey().startsWith(service + ":"))
                .mapToInt(entry -> entry.getValue().get()).sum();
    }

    /** The most calls of {@code service} that were in flight at once, as the stand-in saw them. */
    public int mostInFlight(String service) {
        AtomicInteger most = mostInFlight.get(service);
        return most == null ? 0 : most.get();
    }

    /** How many connections (client address and port) calls arrived on. */
    public int connections() {
        return connections.size();
    }

    public Map<String, Integer> snapshot() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((call, count) -> copy.put(call, count.get()));
        return copy;
    }

    /** Forgets the calls, the most in flight and the connections (calls still in flight keep counting). */
    public void clear() {
        calls.clear();
        nanos.clear();
        firstArrival.clear();
        lastAnswer.clear();
        mostInFlight.clear();
        connections.clear();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
