package io.github.setupkeys.rule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RollingRefreshTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Instant FIRST_RUN = Instant.parse("2026-11-29T00:00:07Z");

    @Test
    void aResultAssertedAPeriodAgoOrLongerIsDueWhateverTheUserAndTheTimes() {
        List<String> users = ids(997);
        RollingRefresh refresh = new RollingRefresh(users, WEEK);
        Random random = new Random(19);

        for (int i = 0; i < 20_000; i++) {
            String user = users.get(random.nextInt(users.size()));
            Instant asserted = FIRST_RUN.plusMillis(random.nextLong(0, Duration.ofDays(3_000).toMillis()));
            Instant now = asserted.plus(WEEK).plusMillis(random.nextLong(0, WEEK.toMillis() * 3));

            assertThat(refresh.due(user, asserted, now)).as("%s asserted %s, now %s", user, asserted, now).isTrue();
        }
    }

    @Test
    void aResultIsDueOncePerPeriodAtMost() {
        List<String> users = ids(500);
        RollingRefresh refresh = new RollingRefresh(users, WEEK);
        Random random = new Random(7);

        for (String user : users) {
            Instant asserted = FIRST_RUN.plusMillis(random.nextLong(0, Duration.ofDays(100).toMillis()));
            long dueRuns = IntStream.rangeClosed(1, 7 * 24).filter(hour -> {
                Instant before = asserted.plus(Duration.ofHours(hour - 1));
                Instant at = asserted.plus(Duration.ofHours(hour));
                return !refresh.due(user, asserted, before) && refresh.due(user, asserted, at);
            }).count();

            assertThat(dueRuns).as("hourly runs in the week after %s", asserted).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0} users, refreshDays {1}: daily runs re-assert ⌊n/days⌋ or ⌈n/days⌉ each")
    @CsvSource({"5000, 7", "700, 7", "5000, 1", "5000, 30", "3, 7", "1, 89"})
    void dailyRunsReassertAnEvenShareAndNoResultGetsOlderThanThePeriod(int users, int days) {
        List<Integer> share = dailyShares(users, days, Duration.ZERO);

        assertThat(share).allSatisfy(count -> assertThat(count).isBetween(users / days, (users + days - 1) / days));
    }

    @ParameterizedTest(name = "{0} users, refreshDays {1}, recorded {2} s into the run: one user more or less at most")
    @CsvSource({"5000, 7, 2", "5000, 1, 2", "5000, 7, 60"})
    void resultsRecordedWhileTheRunGoesOnShiftAUserAtMost(int users, int days, int lagSeconds) {
        List<Integer> share = dailyShares(users, days, Duration.ofSeconds(lagSeconds));

        assertThat(share).allSatisfy(count -> assertThat(count).isBetween(users / days - 1, (users + days - 1) / days + 1));
    }

    /**
     * Daily runs for three periods and more after a first run that recorded every user: how many each re-asserts.
     * Checks on the way that no run leaves a result as old as the period.
     */
    private static List<Integer> dailyShares(int users, int days, Duration recordedAfterTheRunStarts) {
        List<String> ids = ids(users);
        Duration period = Duration.ofDays(days);
        RollingRefresh refresh = new RollingRefresh(ids, period);
        Map<String, Instant> asserted = new HashMap<>();
        ids.forEach(id -> asserted.put(id, FIRST_RUN.plus(recordedAfterTheRunStarts)));
        List<Integer> share = new ArrayList<>();
        for (int day = 1; day <= 3 * days + 10; day++) {
            Instant run = FIRST_RUN.plus(Duration.ofDays(day));
            List<String> due = ids.stream().filter(id -> refresh.due(id, asserted.get(id), run)).toList();
            due.forEach(id -> asserted.put(id, run.plus(recordedAfterTheRunStarts)));
            share.add(due.size());

            assertThat(asserted.values()).as("every result, after day %d", day)
                    .allSatisfy(at -> assertThat(Duration.between(at, run)).isLessThan(period));
        }
        return share;
    }

    @Test
    void usersJoiningAndLeavingNeverLeaveAResultOlderThanThePeriod() {
        List<String> ids = new ArrayList<>(ids(2_000));
        Map<String, Instant> asserted = new HashMap<>();
        ids.forEach(id -> asserted.put(id, FIRST_RUN));
        Random random = new Random(21);
        int most = 0;

        for (int day = 1; day <= 60; day++) {
            for (int i = 0; i < 25; i++) {
                asserted.remove(ids.remove(random.nextInt(ids.size())));
                String joined = "AIDAJOINED" + day + "X" + i;
                ids.add(joined);
                asserted.put(joined, FIRST_RUN.plus(Duration.ofDays(day)).minusSeconds(3_600));
            }
            RollingRefresh refresh = new RollingRefresh(ids, WEEK);
            Instant run = FIRST_RUN.plus(Duration.ofDays(day));
            List<String> due = ids.stream().filter(id -> refresh.due(id, asserted.get(id), run)).toList();
            due.forEach(id -> asserted.put(id, run));
            if (day > 7) {
                most = Math.max(most, due.size());
            }

            assertThat(asserted.values()).allSatisfy(at -> assertThat(Duration.between(at, run)).isLessThan(WEEK));
        }
        assertThat(most).as("with 25 of 2,000 users replaced every day, a day's share stays near 2000/7")
                .isLessThanOrEqualTo(2_000 / 7 + 25);
    }

    @Test
    void aResultAssertedAfterTheRunStartedIsNotDue() {
        RollingRefresh refresh = new RollingRefresh(ids(10), WEEK);

        assertThat(ids(10)).noneMatch(id -> refresh.due(id, FIRST_RUN.plusSeconds(30), FIRST_RUN));
    }

    @Test
    void onlyTheRunsUsersHaveARefreshPoint() {
        RollingRefresh refresh = new RollingRefresh(ids(3), WEEK);

        assertThatThrownBy(() -> refresh.due("AIDAOTHER", FIRST_RUN, FIRST_RUN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AIDAOTHER");
    }

    /** User ids as IAM makes them: random-looking, so their order is not the order they were created in. */
    static List<String> ids(int users) {
        Random random = new Random(users);
        return IntStream.range(0, users).mapToObj(i -> "AIDA" + Long.toString(random.nextLong() >>> 1, 36).toUpperCase()
                + i).toList();
    }
}
