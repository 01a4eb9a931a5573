package io.github.setupkeys.infra;

import java.util.List;

/**
 * The AWS Config notifications the rule runs on, as the organization rule and the conformance pack name them.
 * Both kinds are needed: an IAM user's configuration item carries no login profile and no keys, so creating a
 * key or a password changes nothing Config records; only the periodic run sees it.
 */
final class RuleTriggers {

    static final String CHANGE = "ConfigurationItemChangeNotification";
    static final String OVERSIZED_CHANGE = "OversizedConfigurationItemChangeNotification";
    static final String PERIODIC = "ScheduledNotification";
    static final List<String> ALL = List.of(CHANGE, OVERSIZED_CHANGE, PERIODIC);

    private RuleTriggers() {
    }
}
