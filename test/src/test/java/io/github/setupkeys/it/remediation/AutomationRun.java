package io.github.setupkeys.it.remediation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of the document by the harness: {@code Success}, {@code Failed} (a step raised; the run stopped
 * there) or {@code Rejected} (a parameter Automation would refuse), the steps that ran, and the document's
 * outputs by {@code Step.Output} name.
 */
record AutomationRun(String status, String failure, List<StepRun> steps, Map<String, Object> outputs) {

    /** One step; {@code sleptUntil} is when an {@code aws:sleep} step would have ended (null for a script). */
    record StepRun(String name, String status, Map<String, Object> outputs, String failure, String sleptUntil) {
    }

    List<String> changedKeyIds() {
        return strings("RemediateKeys.ChangedKeyIds");
    }

    List<String> wouldChangeKeyIds() {
        return strings("RemediateKeys.WouldChangeKeyIds");
    }

    List<String> deletedKeyIds() {
        return strings("DeleteAfterGracePeriod.DeletedKeyIds");
    }

    List<String> notDeletedKeyIds() {
        return strings("DeleteAfterGracePeriod.NotDeletedKeyIds");
    }

    String output(String name) {
        return (String) outputs.get(name);
    }

    List<String> stepNames() {
        return steps.stream().map(StepRun::name).toList();
    }

    /** The step named {@code name}, if it ran. */
    Optional<StepRun> step(String name) {
        return steps.stream().filter(step -> step.name().equals(name)).findFirst();
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String name) {
        return (List<String>) outputs.get(name);
    }
}
