package dev.patchlane.codebase;

import java.util.regex.Pattern;

/** Text about remotes that may be shown: a URL's user information (a token, often) is never repeated. */
public final class Redacted {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private Redacted() {
    }

    public static String url(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceAll("");
    }
}
