package io.github.setupkeys.bench;

/** The baseline of the cold-start benchmark: a JVM that starts, runs an empty main and exits. */
public final class BareJvm {

    private BareJvm() {
    }

    public static void main(String[] args) {
        // nothing: the time of a bare JVM start is the point
    }
}
