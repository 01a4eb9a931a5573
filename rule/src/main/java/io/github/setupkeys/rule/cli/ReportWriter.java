package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.evaluation.UserResult;
import java.io.PrintStream;
import java.util.List;

/** Writes scan results in one output format. Results arrive sorted: NON_COMPLIANT first, then by name. */
interface ReportWriter {

    void write(List<UserResult> results, boolean offline, PrintStream out);
}
