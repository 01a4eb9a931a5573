package io.github.setupkeys.rule.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The results the rule holds in Config for one resource type, by resource id, and whether that is all of them.
 *
 * @param incompleteBecause empty when every page was read; otherwise why reading stopped (a failed page, the
 *     deadline), in one line
 */
public record HeldResults(Map<String, HeldResult> byResourceId, Optional<String> incompleteBecause) {

    public HeldResults {
        byResourceId = Map.copyOf(byResourceId);
        Objects.requireNonNull(incompleteBecause, "incompleteBecause");
    }

    /** Every result the rule holds: {@code results} is all of them. */
    public static HeldResults complete(Collection<HeldResult> results) {
        return new HeldResults(byId(results), Optional.empty());
    }

    /** Only {@code results} could be read, for the reason given. */
    public static HeldResults incomplete(Collection<HeldResult> results, String because) {
        return new HeldResults(byId(results), Optional.of(because));
    }

    public boolean isComplete() {
        return incompleteBecause.isEmpty();
    }

    public Optional<HeldResult> of(String resourceId) {
        return Optional.ofNullable(byResourceId.get(resourceId));
    }

    /** One per resource: the first Config returned, should it ever return two. */
    private static Map<String, HeldResult> byId(Collection<HeldResult> results) {
        Map<String, HeldResult> byId = new LinkedHashMap<>();
        results.forEach(result -> byId.putIfAbsent(result.resourceId(), result));
        return byId;
    }
}
