package dev.patchlane.pipeline.shutdown;

/**
 * A record this process will not finish because it is stopping: nothing more is written for it and it is never
 * acknowledged, so Kafka gives it to another replica, whose attempt the status judge lets move the job on.
 */
public final class HandedBack extends RuntimeException {

    private final String key;

    public HandedBack(String key, String why) {
        super(key + ": " + why, null, false, false);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
