package io.github.setupkeys.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.constructs.IConstruct;

/** cdk-nag suppressions: one resource at a time, scoped with {@code appliesTo} where the rule allows, with a reason. */
final class CdkNag {

    private CdkNag() {
    }

    static void suppress(IConstruct construct, String rule, List<String> appliesTo, String reason) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (!appliesTo.isEmpty()) {
            suppression.appliesTo(List.copyOf(appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), false);
    }
}
