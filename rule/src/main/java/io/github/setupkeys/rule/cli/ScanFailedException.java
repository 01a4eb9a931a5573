package io.github.setupkeys.rule.cli;

/** The scan cannot run: a file that cannot be read, and the like. The message is the whole story. */
final class ScanFailedException extends RuntimeException {

    ScanFailedException(String message) {
        super(message);
    }
}
