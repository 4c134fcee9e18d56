package dev.patchlane.sink.github;

import java.io.IOException;

/** The token currently valid for the configured credential, for API calls and for git over HTTPS alike. */
@FunctionalInterface
interface TokenSource {

    String token() throws IOException;
}
