package io.github.setupkeys.it.support;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Calls that reached the stand-in endpoint, by {@code service:Action} (e.g. {@code iam:ListUsers}). */
public final class CallLog {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    void record(String call) {
        calls.computeIfAbsent(call, key -> new AtomicInteger()).incrementAndGet();
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

    public Map<String, Integer> snapshot() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((call, count) -> copy.put(call, count.get()));
        return copy;
    }

    public void clear() {
        calls.clear();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
