package io.github.setupkeys.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The benchmark's wall times and cold starts are only the rule's and moto's if the stand-in in front of moto
 * adds no delay of its own. With Nagle's algorithm on its sockets it added 40 ms to every call (the response
 * body waited for the client's delayed ACK on loopback), which the per-call comparison below shows at once.
 */
@ExtendWith(MotoExtension.class)
class AwsStandInTest {

    private static final int WARM_UP = 3;
    private static final int CALLS = 15;

    @Test
    void aCallThroughTheStandInTakesAboutAsLongAsOneStraightToMoto(MotoServer moto) {
        try (AwsStandIn standIn = AwsStandIn.inFrontOf(moto);
                IamSeeder direct = new IamSeeder(moto.endpoint());
                IamSeeder through = new IamSeeder(standIn.endpoint())) {
            direct.user("latency");
            List<Long> directNanos = new ArrayList<>();
            List<Long> throughNanos = new ArrayList<>();
            for (int call = 0; call < WARM_UP + CALLS; call++) {
                long straight = getUserNanos(direct.iam());
                long proxied = getUserNanos(through.iam());
                if (call >= WARM_UP) {
                    directNanos.add(straight);
                    throughNanos.add(proxied);
                }
            }
            long addedMillis = (median(throughNanos) - median(directNanos)) / 1_000_000;
            assertThat(addedMillis).as("milliseconds the stand-in adds to a call (medians of %d, interleaved)", CALLS)
                    .isLessThan(20);
        }
    }

    private static long getUserNanos(IamClient iam) {
        long started = System.nanoTime();
        iam.getUser(request -> request.userName("latency"));
        return System.nanoTime() - started;
    }

    private static long median(List<Long> nanos) {
        return nanos.stream().sorted().toList().get(nanos.size() / 2);
    }
}
