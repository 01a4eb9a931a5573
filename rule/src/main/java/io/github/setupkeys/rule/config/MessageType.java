package io.github.setupkeys.rule.config;

import io.github.setupkeys.text.InputText;
import java.util.Arrays;

/** The kinds of notification that invoke the rule. */
public enum MessageType {
    CONFIGURATION_ITEM_CHANGE("ConfigurationItemChangeNotification"),
    OVERSIZED_CONFIGURATION_ITEM_CHANGE("OversizedConfigurationItemChangeNotification"),
    SCHEDULED("ScheduledNotification");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code messageType} Config writes in the invoking event. */
    public String wireName() {
        return wireName;
    }

    static MessageType fromWire(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new InvalidInvocationException("unknown messageType " + InputText.quote(name) + ": expected one of "
                        + String.join(", ", Arrays.stream(values()).map(MessageType::wireName).toList())));
    }
}
