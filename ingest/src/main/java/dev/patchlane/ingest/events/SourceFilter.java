package dev.patchlane.ingest.events;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.ingest.auth.Caller;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which jobs a {@code /events} stream shows: the caller's tenant's (an admin's: all), optionally only from one source
 * type (and name), one migration, or entering one state.
 *
 * @param caller whose jobs
 * @param sourceType the job source's type, or null for any
 * @param sourceName the job source's name, or null for any
 * @param migration the migration's id, or null for any job
 * @param state only statuses in this state, or null for every state
 */
public record SourceFilter(Caller caller, String sourceType, String sourceName, String migration, JobState state) {

    private static final int MAX_CHARS = 200;

    /** Reads the query parameters; throws {@link IllegalArgumentException} with the reason for bad ones. */
    public static SourceFilter parse(Caller caller, String source, String migration, String state) {
        String type = null;
        String name = null;
        if (source != null && !source.isEmpty()) {
            checked("source", source);
            int colon = source.indexOf(':');
            type = colon < 0 ? source : source.substring(0, colon);
            name = colon < 0 ? null : source.substring(colon + 1);
            if (type.isEmpty() || (name != null && name.isEmpty())) {
                throw new IllegalArgumentException("source must be <type> or <type>:<name>, got '" + source + "'");
            }
        }
        if (migration != null && !migration.isEmpty()) {
            checked("migration", migration);
        } else {
            migration = null;
        }
        JobState wanted = null;
        if (state != null && !state.isEmpty()) {
            checked("state", state);
            try {
                wanted = JobState.valueOf(state.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown state " + state + "; one of " + Arrays.toString(JobState.values()));
            }
        }
        return new SourceFilter(caller, type, name, migration, wanted);
    }

    public boolean accepts(JobStatus status) {
        if (!caller.sees(status.tenant())) {
            return false;
        }
        if (state != null && status.state() != state) {
            return false;
        }
        if (sourceType != null && (status.source() == null || !sourceType.equals(status.source().type()))) {
            return false;
        }
        if (sourceName != null && !sourceName.equals(status.source().name())) {
            return false;
        }
        return migration == null || (status.source() != null && "migration".equals(status.source().type())
                && migration.equals(status.source().reference()));
    }

    private static void checked(String parameter, String value) {
        if (value.length() > MAX_CHARS) {
            throw new IllegalArgumentException(parameter + " is longer than " + MAX_CHARS + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(parameter + " holds control characters");
        }
    }
}
