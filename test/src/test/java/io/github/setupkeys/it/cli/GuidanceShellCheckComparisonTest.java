package io.github.setupkeys.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.GuidanceShellCheck;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.ResetMotoOncePerClass;
import io.github.setupkeys.it.support.RuleJar;
import io.github.setupkeys.it.support.ShortSetupWindow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guidance's shell check (design.md §7) beside {@code scan}, on the same users: what it misses, what it
 * wrongly flags, and that {@code scan} gets each right. Console sign-ins are shown to the shell check
 * through the stand-in, since moto cannot record one.
 */
@ExtendWith(MotoExtension.class)
@ResetMotoOncePerClass
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuidanceShellCheckComparisonTest {

    private AwsStandIn standIn;
    private List<String> shellCheckFlags;
    private List<String> scanFindings;

    @BeforeAll
    void seedAndRunBoth(MotoServer moto) {
        standIn = AwsStandIn.inFrontOf(moto);
        Instant signedIn = Instant.parse("2026-11-01T09:00:00Z");
        try (IamSeeder seed = new IamSeeder(moto)) {
            // A fresh user: password never used, an unused key from setup. The finding CIS 1.11 is about.
            seed.user("fresh");
            seed.consolePassword("fresh");
            seed.accessKey("fresh");
            // Signed in once, then the password was removed: no console access any more.
            seed.user("password-removed");
            seed.accessKey("password-removed");
            standIn.signedInToConsole("password-removed", signedIn);
            // Console user whose setup key is in use: a working integration, not the finding.
            seed.user("setup-key-in-use");
            seed.consolePassword("setup-key-in-use");
            seed.use(seed.accessKey("setup-key-in-use"));
            standIn.signedInToConsole("setup-key-in-use", signedIn);
            // Console user with an unused key from setup who also signed in: both must flag it.
            seed.user("classic");
            seed.consolePassword("classic");
            seed.accessKey("classic");
            standIn.signedInToConsole("classic", signedIn);
            // Console user without keys.
            seed.user("no-keys");
            seed.consolePassword("no-keys");
            standIn.signedInToConsole("no-keys", signedIn);
            // Console user who rotated in a key long after setup (the window is a few seconds here).
            seed.user("rotated");
            seed.consolePassword("rotated");
            standIn.signedInToConsole("rotated", signedIn);
            ShortSetupWindow.waitPastIt();
            seed.accessKey("rotated");
        }
        shellCheckFlags = GuidanceShellCheck.run(standIn.endpoint());
        RuleJar.Run run = RuleJar.run(standIn.endpoint(), "scan", "--format", "json", "--setup-window-seconds",
                ShortSetupWindow.VALUE);
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        scanFindings = JsonParser.parseString(run.stdout()).getAsJsonArray().asList().stream()
                .map(JsonElement::getAsJsonObject)
                .filter(user -> user.get("complianceType").getAsString().equals("NON_COMPLIANT"))
                .map(user -> user.get("userName").getAsString()).toList();
    }

    @AfterAll
    void stop() {
        standIn.close();
    }

    @Test
    void theShellCheckMissesTheFreshUserWhoseConsolePasswordWasNeverUsed() {
        assertThat(shellCheckFlags).doesNotContain("fresh");
        assertThat(scanFindings).contains("fresh");
    }

    @Test
    void theShellCheckFlagsAUserWhosePasswordWasRemoved() {
        assertThat(shellCheckFlags).contains("password-removed");
        assertThat(scanFindings).doesNotContain("password-removed");
    }

    @Test
    void theShellCheckFlagsKeysInUseAndRotatedKeys() {
        assertThat(shellCheckFlags).contains("setup-key-in-use", "rotated");
        assertThat(scanFindings).doesNotContain("setup-key-in-use", "rotated");
    }

    @Test
    void bothFlagTheClassicCaseAndNeitherFlagsAConsoleUserWithoutKeys() {
        assertThat(shellCheckFlags).contains("classic").doesNotContain("no-keys");
        assertThat(scanFindings).contains("classic").doesNotContain("no-keys");
    }

    @Test
    void scanFindsExactlyTheUsersCis111IsAbout() {
        assertThat(scanFindings).containsExactlyInAnyOrder("fresh", "classic");
        assertThat(shellCheckFlags).containsExactlyInAnyOrder("password-removed", "setup-key-in-use", "classic", "rotated");
    }
}
