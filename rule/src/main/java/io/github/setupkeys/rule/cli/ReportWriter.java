package io.github.setupkeys.rule.cli;

import java.io.PrintStream;

/** Writes a finished scan in one output format. */
interface ReportWriter {

    void write(ScanOutcome scan, PrintStream out);
}
