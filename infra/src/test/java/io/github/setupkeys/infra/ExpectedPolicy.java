package io.github.setupkeys.infra;

import java.util.Map;

/** Policy statements as the tests expect to find them in a template. */
final class ExpectedPolicy {

    private ExpectedPolicy() {
    }

    /** An Allow statement, as CDK renders it: {@code actions} is one action or a list of them. */
    static Map<String, Object> allow(String sid, Object resource, Object actions) {
        return Map.of("Sid", sid, "Effect", "Allow", "Action", actions, "Resource", resource);
    }
}
