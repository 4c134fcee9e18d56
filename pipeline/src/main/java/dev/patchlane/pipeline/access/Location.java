package dev.patchlane.pipeline.access;

import java.nio.file.Path;
import java.util.List;

/** A repository field, parsed: a remote address or a local path. */
sealed interface Location {

    enum Transport {
        HTTPS,
        HTTP,
        SSH
    }

    /**
     * @param user the ssh user, or null
     * @param port the port, or -1 for the transport's default
     * @param segments the path's segments, percent-decoded for URLs, without {@code .} segments
     * @param canonical the address to clone with
     */
    record Remote(Transport transport, String user, Host host, int port, List<String> segments, String canonical)
            implements Location {

        public Remote {
            segments = List.copyOf(segments);
        }
    }

    /** @param path absolute and normalised */
    record Local(Path path) implements Location {}
}
