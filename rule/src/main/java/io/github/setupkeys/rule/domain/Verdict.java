package io.github.setupkeys.rule.domain;

import java.util.List;
import java.util.Objects;

/**
 * The rule's result for one user: a closed set of three cases, each carrying the annotation shown in the
 * Config console (at most {@value Annotation#MAX_LENGTH} characters).
 *
 * <p>Java 17, which this code targets, has no pattern matching in {@code switch}; consumers switch
 * exhaustively over {@link #complianceType()} instead, so a new case still breaks the build where it must
 * be handled.
 */
public sealed interface Verdict permits Verdict.Compliant, Verdict.NonCompliant, Verdict.NotApplicable {

    ComplianceType complianceType();

    String annotation();

    /** The keys that make the user NON_COMPLIANT; empty for the other cases. */
    default List<OffendingKey> offendingKeys() {
        return List.of();
    }

    /** The user has a console password and no offending key. */
    record Compliant(String annotation) implements Verdict {
        public Compliant {
            annotation = Annotation.fit(annotation);
        }

        @Override
        public ComplianceType complianceType() {
            return ComplianceType.COMPLIANT;
        }
    }

    /** The user has a console password and at least one offending key. */
    record NonCompliant(List<OffendingKey> offendingKeys, String annotation) implements Verdict {
        public NonCompliant {
            offendingKeys = List.copyOf(offendingKeys);
            if (offendingKeys.isEmpty()) {
                throw new IllegalArgumentException("a NON_COMPLIANT verdict names at least one offending key");
            }
            annotation = Annotation.fit(annotation);
        }

        @Override
        public ComplianceType complianceType() {
            return ComplianceType.NON_COMPLIANT;
        }
    }

    /** The rule does not apply, for {@code reason}. */
    record NotApplicable(NotApplicableReason reason, String annotation) implements Verdict {
        public NotApplicable {
            Objects.requireNonNull(reason, "reason");
            annotation = Annotation.fit(annotation);
        }

        @Override
        public ComplianceType complianceType() {
            return ComplianceType.NOT_APPLICABLE;
        }
    }
}
