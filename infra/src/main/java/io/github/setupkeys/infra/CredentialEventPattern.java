package io.github.setupkeys.infra;

import io.github.setupkeys.trigger.CredentialEvents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.events.EventPattern;

/**
 * The EventBridge pattern of the IAM calls that can change a verdict, shared by the rule that feeds the
 * trigger and the rule that forwards from us-east-1. Calls IAM refused ({@code errorCode} present) changed
 * nothing and are left out. Bound to the accounts whose events count: EventBridge sets an event's
 * {@code account} itself (a sender cannot choose it), so a bus that also receives other accounts' events passes
 * none of them on.
 */
final class CredentialEventPattern {

    private CredentialEventPattern() {
    }

    /** The pattern for events of {@code accounts} only (account ids, or the stack's own as a token). */
    static EventPattern create(List<String> accounts) {
        return builder().account(List.copyOf(accounts)).build();
    }

    /**
     * The pattern for events of any account, on a bus whose policy decides which accounts may send to it (an
     * organization's central bus, where each member's forwarding rule is bound to that member).
     */
    static EventPattern fromAnyAccount() {
        return builder().build();
    }

    private static EventPattern.Builder builder() {
        return EventPattern.builder()
                .source(List.of(CredentialEvents.SOURCE))
                .detailType(List.of(CredentialEvents.DETAIL_TYPE))
                .detail(detail());
    }

    /** In a fixed order, so that the template is the same on every synthesis. */
    private static Map<String, Object> detail() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("eventSource", List.of(CredentialEvents.EVENT_SOURCE));
        detail.put("eventName", CredentialEvents.NAMES);
        detail.put("errorCode", List.of(Map.of("exists", false)));
        return detail;
    }
}
