package io.github.setupkeys.it.support;

/**
 * The setup window tests use against moto, where every user is seconds old and create dates cannot be set
 * (design.md §6.1). A key created right after its user is a setup key; anything created after
 * {@link #waitPastIt()} is not, and users created before it are older than one window at report time.
 * Four seconds leave room for a busy machine between creating a user and its key.
 */
public final class ShortSetupWindow {

    public static final int SECONDS = 4;
    /** The window as a rule parameter or CLI flag value. */
    public static final String VALUE = Integer.toString(SECONDS);

    private ShortSetupWindow() {
    }

    /** Sleeps long enough that what is created next is outside the window of what was created before. */
    public static void waitPastIt() {
        try {
            // Times are compared to the second: window + 1.5 s later is always at least window + 1 s.
            Thread.sleep(SECONDS * 1000L + 1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
