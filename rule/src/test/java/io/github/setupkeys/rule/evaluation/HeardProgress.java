package io.github.setupkeys.rule.evaluation;

/** Progress heard as one line, in order: {@code listed 2;report 2;confirmed 1/1;}. Safe to hear from any thread. */
final class HeardProgress implements ScanProgress {

    private final StringBuilder heard = new StringBuilder();

    @Override
    public synchronized void usersListed(int users) {
        heard.append("listed ").append(users).append(';');
    }

    @Override
    public synchronized void credentialReportRead(int rows) {
        heard.append("report ").append(rows).append(';');
    }

    @Override
    public synchronized void candidatesConfirmed(int done, int candidates) {
        heard.append("confirmed ").append(done).append('/').append(candidates).append(';');
    }

    @Override
    public synchronized String toString() {
        return heard.toString();
    }
}
