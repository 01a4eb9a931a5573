package io.github.setupkeys.it.support;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.setupkeys.rule.config.Events;
import java.util.Map;
import software.amazon.awssdk.services.iam.model.User;

/** Config's invocations of the rule for users seeded in moto: real-shaped events, edited to name them. */
public final class RuleInvocations {

    private static final Gson GSON = new Gson();

    private RuleInvocations() {
    }

    /** A {@code ConfigurationItemChangeNotification} for {@code user}, with the item status {@code status}. */
    public static ConfigEvent change(User user, String status, String accountId, Map<String, String> parameters) {
        ConfigEvent event = Events.withInvokingEvent("change-user.json", invoking -> {
            JsonObject item = invoking.getAsJsonObject("configurationItem");
            item.addProperty("resourceId", user.userId());
            item.addProperty("resourceName", user.userName());
            item.addProperty("ARN", user.arn());
            item.addProperty("configurationItemStatus", status);
            item.addProperty("awsAccountId", accountId);
        });
        event.setAccountId(accountId);
        event.setRuleParameters(GSON.toJson(parameters));
        return event;
    }

    /** A {@code ScheduledNotification} for {@code accountId}. */
    public static ConfigEvent scheduled(String accountId, Map<String, String> parameters) {
        ConfigEvent event = Events.load("scheduled.json");
        event.setAccountId(accountId);
        event.setRuleParameters(GSON.toJson(parameters));
        return event;
    }
}
