package io.github.setupkeys.bench;

import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.ShortSetupWindow;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.rule.aws.AwsClients;
import io.github.setupkeys.rule.aws.IamClientFacts;
import io.github.setupkeys.rule.evaluation.Deadline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/**
 * The IAM users the benchmarks evaluate, seeded into moto in blocks of {@value #BLOCK}, each block alike:
 *
 * <table>
 *   <caption>One block</caption>
 *   <tr><th>users</th><th>kind</th><th>verdict</th><th>bulk candidate</th></tr>
 *   <tr><td>600</td><td>no console password, no key (services)</td><td>NOT_APPLICABLE</td><td>no</td></tr>
 *   <tr><td>250</td><td>console password, never signed in, no key</td><td>COMPLIANT</td><td>no</td></tr>
 *   <tr><td>50</td><td>console password, signed in, no key</td><td>COMPLIANT</td><td>no</td></tr>
 *   <tr><td>75</td><td>console password, signed in, a key rotated in after the window, in use</td><td>COMPLIANT</td><td>no</td></tr>
 *   <tr><td>5</td><td>console password, signed in, setup key in use</td><td>COMPLIANT</td><td>yes</td></tr>
 *   <tr><td>5</td><td>console password, never signed in, unused setup key</td><td>NON_COMPLIANT</td><td>yes</td></tr>
 *   <tr><td>10</td><td>no console password, setup key (pipelines)</td><td>NOT_APPLICABLE</td><td>yes</td></tr>
 *   <tr><td>5</td><td>console password and unused setup key, created after the pause</td><td>NON_COMPLIANT</td><td>yes</td></tr>
 * </table>
 *
 * <p>Every user in an emulator is minutes old, so the benchmarks run with the tests' {@link ShortSetupWindow} and a
 * block is seeded around its pause, as in {@code AtScaleTest}: users made before it are old when the credential
 * report is generated, keys made after it are rotations. Sign-ins exist only for the guidance's shell check, which
 * reads {@code PasswordLastUsed}; the stand-in shows them since moto cannot record one.
 *
 * <p>An onboarding batch ({@link #onboard}) adds users after the credential report the stand-in keeps serving, as
 * IAM serves one report for four hours: the near-real-time trigger re-runs the rule minutes after a batch of new
 * hires was created, and every one of them is a candidate.
 */
final class Population {

    static final int BLOCK = 1000;
    static final String WINDOW = ShortSetupWindow.VALUE;
    static final int CANDIDATES_PER_BLOCK = 25;

    private static final Instant SIGNED_IN = Instant.parse("2026-11-01T09:00:00Z");

    private final MotoServer moto;
    private final AwsStandIn standIn;
    private final List<String> findings = new ArrayList<>();
    private final Map<String, String> userIds = new ConcurrentHashMap<>();
    private int blocks;
    private int onboarded;

    Population(MotoServer moto, AwsStandIn standIn) {
        this.moto = moto;
        this.standIn = standIn;
    }

    int size() {
        return blocks * BLOCK + onboarded;
    }

    int candidates() {
        return blocks * CANDIDATES_PER_BLOCK + onboarded;
    }

    /** The names of the users that are NON_COMPLIANT. */
    List<String> findings() {
        return List.copyOf(findings);
    }

    /** The ids of the users that are NON_COMPLIANT (their Config resource ids). */
    Set<String> findingIds() {
        return findings.stream().map(userIds::get).collect(Collectors.toSet());
    }

    /** The id of a seeded user (the Config resource id). */
    String userId(String userName) {
        return userIds.get(userName);
    }

    /** Seeds blocks until there are {@code users}. */
    void growTo(int users) throws InterruptedException {
        if (users % BLOCK != 0 || users < size() || onboarded > 0) {
            throw new IllegalArgumentException("sizes are multiples of " + BLOCK + " in increasing order, not " + users);
        }
        while (size() < users) {
            seedBlock(blocks++);
        }
    }

    private void seedBlock(int block) throws InterruptedException {
        try (IamSeeder seed = new IamSeeder(moto)) {
            many(seed, "service", block, 600, false, false);
            many(seed, "console", block, 250, true, false);
            many(seed, "console-active", block, 50, true, true);
            many(seed, "rotated", block, 75, true, true);
            IamSeeder.inParallel(5, i -> {
                String name = name("setup-used", block, i);
                user(seed, name, true, true);
                seed.use(seed.accessKey(name));
            });
            IamSeeder.inParallel(5, i -> {
                String name = name("setup-unused", block, i);
                user(seed, name, true, false);
                seed.accessKey(name);
            });
            IamSeeder.inParallel(10, i -> {
                String name = name("pipeline", block, i);
                user(seed, name, false, false);
                seed.accessKey(name);
            });
            ShortSetupWindow.waitPastIt();
            // In use: a never-used key dated after the window could be a setup key whose report date moved, and
            // would make its user a candidate (design.md §2.4).
            IamSeeder.inParallel(75, i -> seed.use(seed.accessKey(name("rotated", block, i))));
            IamSeeder.inParallel(5, i -> {
                String name = name("new-hire", block, i);
                user(seed, name, true, false);
                seed.accessKey(name);
            });
        }
        for (int i = 0; i < 5; i++) {
            findings.add(name("setup-unused", block, i));
            findings.add(name("new-hire", block, i));
        }
    }

    /**
     * Makes the stand-in serve, from now on, the credential report IAM holds now (it is fetched once through the
     * stand-in, which keeps it), as IAM serves a report until it is four hours old.
     */
    void keepTheCurrentCredentialReport() {
        standIn.keepCredentialReport();
        try (AwsClients clients = new AwsClients(Region.US_EAST_1, Optional.of(standIn.endpoint()))) {
            new IamClientFacts(clients.iam(IamSeeder.TEST_CREDENTIALS)).credentialReport(Deadline.NONE);
        }
    }

    /**
     * Creates {@code count} new hires, each with a console password and an access key that was never used (the
     * wizard's "access key" box ticked for everyone): three live calls each to confirm, and every one a finding.
     */
    void onboard(int count) {
        try (IamSeeder seed = new IamSeeder(moto)) {
            IamSeeder.inParallel(count, i -> {
                String name = name("onboarding", 0, onboarded + i);
                user(seed, name, true, false);
                seed.accessKey(name);
            });
        }
        for (int i = 0; i < count; i++) {
            findings.add(name("onboarding", 0, onboarded + i));
        }
        onboarded += count;
    }

    private void many(IamSeeder seed, String kind, int block, int count, boolean password, boolean signedIn) {
        IamSeeder.inParallel(count, i -> user(seed, name(kind, block, i), password, signedIn));
    }

    private void user(IamSeeder seed, String name, boolean password, boolean signedIn) {
        userIds.put(name, seed.user(name).userId());
        if (password) {
            seed.consolePassword(name);
        }
        if (signedIn) {
            standIn.signedInToConsole(name, SIGNED_IN);
        }
    }

    static String name(String kind, int block, int index) {
        return kind + "-" + block + "-" + index;
    }
}
