package io.github.setupkeys.rule.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small builders for facts: {@code aUser().createdAt(T0).withConsolePassword().withKey(activeKey()…)}. */
public final class TestUsers {

    /** A fixed instant every test measures from. */
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestUsers() {
    }

    public static UserBuilder aUser() {
        return new UserBuilder();
    }

    public static KeyBuilder activeKey() {
        return new KeyBuilder(KeyStatus.ACTIVE);
    }

    public static KeyBuilder inactiveKey() {
        return new KeyBuilder(KeyStatus.INACTIVE);
    }

    public static final class UserBuilder {
        private String name = "alice";
        private String path = "/";
        private String id = "AIDAEXAMPLE0000000001";
        private Instant createdAt = T0;
        private boolean consolePassword;
        private final List<KeyBuilder> keys = new ArrayList<>();
        private final Map<String, String> tags = new LinkedHashMap<>();

        public UserBuilder named(String userName) {
            this.name = userName;
            return this;
        }

        public UserBuilder withPath(String userPath) {
            this.path = userPath;
            return this;
        }

        public UserBuilder withId(String userId) {
            this.id = userId;
            return this;
        }

        public UserBuilder createdAt(Instant when) {
            this.createdAt = when;
            return this;
        }

        public UserBuilder withConsolePassword() {
            this.consolePassword = true;
            return this;
        }

        public UserBuilder withKey(KeyBuilder key) {
            keys.add(key);
            return this;
        }

        public UserBuilder taggedWith(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public IamUser user() {
            return new IamUser(name, Optional.of(id), "arn:aws:iam::123456789012:user" + path + name, createdAt);
        }

        public UserFacts facts() {
            List<AccessKeyFacts> built = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                built.add(keys.get(i).build(name, i + 1));
            }
            return new UserFacts(user(), consolePassword, built, tags);
        }
    }

    public static final class KeyBuilder {
        private final KeyStatus status;
        private String id;
        private Instant createdAt = T0.plusSeconds(5);
        private KeyUse use = KeyUse.never();

        KeyBuilder(KeyStatus status) {
            this.status = status;
        }

        public KeyBuilder withId(String accessKeyId) {
            this.id = accessKeyId;
            return this;
        }

        public KeyBuilder createdAt(Instant when) {
            this.createdAt = when;
            return this;
        }

        public KeyBuilder usedAt(Instant when) {
            this.use = KeyUse.lastUsedAt(when);
            return this;
        }

        public KeyBuilder useNotLookedUp() {
            this.use = KeyUse.notLookedUp();
            return this;
        }

        /** Unless given one, an id of its own, as IAM's are: 20 characters from the user's name and the slot. */
        AccessKeyFacts build(String userName, int slot) {
            String defaultId = String.format("AKIA%08X0000000%d", userName.hashCode(), slot);
            return new AccessKeyFacts(id == null ? defaultId : id, status, createdAt, use);
        }
    }
}
