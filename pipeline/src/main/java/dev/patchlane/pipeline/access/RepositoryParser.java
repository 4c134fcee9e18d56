package dev.patchlane.pipeline.access;

import static dev.patchlane.pipeline.access.AccessDecision.Rule.CREDENTIALS_IN_URL;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.FILE_SCHEME;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.LOCAL_PATH_NOT_ALLOWED;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.MALFORMED;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.PATH_TRAVERSAL;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.TRANSPORT_HELPER;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.UNSUPPORTED_SCHEME;

import dev.patchlane.pipeline.access.Location.Local;
import dev.patchlane.pipeline.access.Location.Remote;
import dev.patchlane.pipeline.access.Location.Transport;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a repository field into a {@link Location}, or refuses it for a rule that needs no configuration. */
final class RepositoryParser {

    static final int MAX_LENGTH = 2048;

    /** Git runs {@code <transport>::<address>} through the helper {@code git-remote-<transport>}. */
    private static final Pattern HELPER = Pattern.compile("^[^/\\[]*::");
    private static final Pattern FILE = Pattern.compile("^file:", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", Pattern.DOTALL);
    private static final Pattern SSH_USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*");
    private static final Pattern SCP_PATH = Pattern.compile("[A-Za-z0-9._~/+@%-]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private RepositoryParser() {}

    static Location parse(String repository) {
        checkWellFormed(repository);
        String s = repository;
        Matcher helper = HELPER.matcher(s);
        if (helper.find()) {
            String transport = helper.group().substring(0, helper.group().length() - 2);
            throw Refusal.of(TRANSPORT_HELPER, Shown.of(s) + " runs git's transport helper '" + Shown.redact(transport) + "::'");
        }
        if (FILE.matcher(s).find()) {
            throw Refusal.of(FILE_SCHEME, Shown.of(s) + " is a file: URL; name a local repository by its absolute path");
        }
        Matcher url = URL.matcher(s);
        if (url.matches()) {
            return parseUrl(url.group(1), url.group(2), s);
        }
        if (s.startsWith("/")) {
            return parseLocal(s);
        }
        int colon = s.indexOf(':');
        int slash = s.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            return parseScp(s);
        }
        checkLocalTraversal(s);
        throw Refusal.of(LOCAL_PATH_NOT_ALLOWED, Shown.of(s) + " is a relative path; local repositories are named by absolute path");
    }

    /** Control, format (bidi, zero-width), line-separator and unpaired surrogate characters. */
    static boolean isHidden(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp)
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }

    private static void checkWellFormed(String s) {
        if (s == null || s.isBlank()) {
            throw Refusal.of(MALFORMED, "the repository is blank");
        }
        int length = s.codePointCount(0, s.length());
        if (length > MAX_LENGTH) {
            throw Refusal.of(MALFORMED, "the repository is " + length + " characters long, more than " + MAX_LENGTH + ": " + Shown.of(s));
        }
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isHidden(cp)) {
                throw Refusal.of(MALFORMED, Shown.of(s) + " contains " + String.format("U+%04X", cp) + " at index " + i);
            }
            i += Character.charCount(cp);
        }
        if (Character.isWhitespace(s.codePointAt(0)) || Character.isSpaceChar(s.codePointAt(0))
                || Character.isWhitespace(s.codePointBefore(s.length())) || Character.isSpaceChar(s.codePointBefore(s.length()))) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " starts or ends with whitespace");
        }
        if (s.startsWith("-")) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " starts with '-', which git reads as an option");
        }
    }

    private static Remote parseUrl(String scheme, String afterScheme, String s) {
        int end = afterScheme.length();
        for (int i = 0; i < afterScheme.length(); i++) {
            char c = afterScheme.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String authority = afterScheme.substring(0, end);
        String rest = afterScheme.substring(end);
        int at = authority.lastIndexOf('@');
        String user = at >= 0 ? authority.substring(0, at) : null;
        String hostPort = authority.substring(at + 1);
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (user != null && (lower.equals("https") || lower.equals("http"))) {
            throw Refusal.of(CREDENTIALS_IN_URL, Shown.of(s) + " carries userinfo (a password or a token); configure credentials instead");
        }
        if (user != null && user.indexOf(':') >= 0) {
            throw Refusal.of(CREDENTIALS_IN_URL, Shown.of(s) + " carries a password in its userinfo");
        }
        Transport transport = switch (lower) {
            case "https" -> Transport.HTTPS;
            case "http" -> Transport.HTTP;
            case "ssh" -> Transport.SSH;
            default -> throw Refusal.of(UNSUPPORTED_SCHEME, Shown.of(s) + " uses the scheme '" + Shown.redact(lower)
                    + ":'; only https, ssh and user@host:path are supported"
                    + (lower.equals("git") ? " (git:// is neither authenticated nor encrypted)" : ""));
        };
        if (user != null && !SSH_USER.matcher(user).matches()) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " has an ssh user that is not a plain name");
        }
        String hostText = hostPort;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            String tail = close < 0 ? "" : hostPort.substring(close + 1);
            if (close < 0 || !(tail.isEmpty() || tail.startsWith(":"))) {
                throw Refusal.of(MALFORMED, Shown.of(s) + " has a malformed IPv6 host");
            }
            hostText = hostPort.substring(0, close + 1);
            portText = tail.isEmpty() ? null : tail.substring(1);
        } else if (hostPort.lastIndexOf(':') >= 0) {
            hostText = hostPort.substring(0, hostPort.lastIndexOf(':'));
            portText = hostPort.substring(hostPort.lastIndexOf(':') + 1);
        }
        int port = parsePort(portText, transport, s);
        Host host = parseHost(hostText, s);
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " has a query or a fragment");
        }
        try {
            new URI("x://h" + rest);
        } catch (URISyntaxException e) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " has a path that is not a valid URI path (" + e.getReason() + ")");
        }
        // an empty path is left for the allow list to refuse, after the host's own checks
        List<String> segments = rest.isEmpty() || rest.equals("/") ? List.of() : segments(rest, true, s);
        String canonical;
        try {
            canonical = new URI(lower, transport == Transport.SSH ? user : null, host.name(), port,
                    "/" + String.join("/", segments), null, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " cannot be written as a URI (" + e.getReason() + ")");
        }
        return new Remote(transport, transport == Transport.SSH ? user : null, host, port, segments, canonical);
    }

    private static int parsePort(String text, Transport transport, String s) {
        if (text == null) {
            return -1;
        }
        if (!PORT.matcher(text).matches() || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " has an invalid port");
        }
        int port = Integer.parseInt(text);
        int defaultPort = switch (transport) {
            case HTTPS -> 443;
            case HTTP -> 80;
            case SSH -> 22;
        };
        return port == defaultPort ? -1 : port;
    }

    private static Host parseHost(String text, String s) {
        try {
            return Host.parse(text);
        } catch (IllegalArgumentException e) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " has an invalid host: " + e.getMessage());
        }
    }

    /** {@code [user@]host:path}, which git reads as ssh. */
    private static Remote parseScp(String s) {
        int slash = s.indexOf('/');
        int prefixEnd = slash < 0 ? s.length() : slash;
        int at = s.indexOf('@');
        String user = null;
        String rest = s;
        if (at >= 0 && at < prefixEnd) {
            user = s.substring(0, at);
            rest = s.substring(at + 1);
            if (user.indexOf(':') >= 0) {
                int restColon = rest.indexOf(':');
                int restSlash = rest.indexOf('/');
                if (restColon >= 0 && (restSlash < 0 || restColon < restSlash)) {
                    throw Refusal.of(CREDENTIALS_IN_URL, Shown.of(s) + " carries a password before its '@'");
                }
                throw unsupported(s);
            }
        }
        String hostText;
        String path;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw Refusal.of(MALFORMED, Shown.of(s) + " has a malformed IPv6 host");
            }
            hostText = rest.substring(0, close + 1);
            path = rest.substring(close + 2);
        } else {
            int colon = rest.indexOf(':');
            if (colon < 0) {
                throw Refusal.of(MALFORMED, Shown.of(s) + " is neither a URL, an absolute path nor user@host:path");
            }
            hostText = rest.substring(0, colon);
            path = rest.substring(colon + 1);
        }
        if (user == null && !hostText.startsWith("[") && hostText.indexOf('.') < 0) {
            throw unsupported(s);
        }
        if (user != null && !SSH_USER.matcher(user).matches()) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " has an ssh user that is not a plain name");
        }
        Host host = parseHost(hostText, s);
        if (path.isEmpty() || !SCP_PATH.matcher(path).matches()) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " has an empty path or one with characters other than letters, digits and ._~/+@%-");
        }
        List<String> segments = segments(path, false, s);
        String canonical = (user == null ? "" : user + "@") + host.name() + ":" + (path.startsWith("/") ? "/" : "")
                + String.join("/", segments);
        return new Remote(Transport.SSH, user, host, -1, segments, canonical);
    }

    private static Refusal unsupported(String s) {
        String scheme = s.substring(0, s.indexOf(':'));
        return Refusal.of(UNSUPPORTED_SCHEME, Shown.of(s) + " uses the scheme '" + Shown.redact(scheme)
                + ":'; only https, ssh and user@host:path are supported");
    }

    private static Local parseLocal(String s) {
        checkLocalTraversal(s);
        Path path;
        try {
            path = Path.of(s);
        } catch (InvalidPathException e) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " is not a valid path (" + e.getReason() + ")");
        }
        if (!path.isAbsolute()) {
            throw Refusal.of(LOCAL_PATH_NOT_ALLOWED, Shown.of(s) + " is a relative path; local repositories are named by absolute path");
        }
        return new Local(path.normalize());
    }

    private static void checkLocalTraversal(String s) {
        for (String segment : s.split("[/\\\\]", -1)) {
            if (isTraversal(segment)) {
                throw Refusal.of(PATH_TRAVERSAL, Shown.of(s) + " has a '..' segment");
            }
        }
    }

    /**
     * The path's segments: refused for {@code ..} (plain, percent-encoded once or twice, or with a {@code ;} parameter),
     * empty segments, and encoded separators or control characters; {@code .} segments and one trailing slash dropped.
     */
    static List<String> segments(String path, boolean decode, String s) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " names no repository path");
        }
        String[] raw = p.split("/", -1);
        for (String segment : raw) {
            if (isTraversal(segment)) {
                throw Refusal.of(PATH_TRAVERSAL, Shown.of(s) + " has a '..' segment");
            }
        }
        List<String> out = new ArrayList<>();
        for (String segment : raw) {
            if (segment.isEmpty()) {
                throw Refusal.of(MALFORMED, Shown.of(s) + " has an empty path segment");
            }
            String value = segment;
            if (decode) {
                value = decode(segment);
                if (value == null || value.indexOf('/') >= 0 || value.indexOf('\\') >= 0 || value.codePoints().anyMatch(RepositoryParser::isHidden)) {
                    throw Refusal.of(MALFORMED, Shown.of(s) + " has a path segment with an invalid escape, an encoded separator or a control character");
                }
            }
            if (!value.equals(".")) {
                out.add(value);
            }
        }
        if (out.isEmpty()) {
            throw Refusal.of(MALFORMED, Shown.of(s) + " names no repository path");
        }
        return out;
    }

    private static boolean isTraversal(String segment) {
        String once = decode(segment);
        String twice = once == null ? null : decode(once);
        for (String form : new String[] {segment, once, twice}) {
            if (form == null) {
                continue;
            }
            for (String part : form.split("[/\\\\]", -1)) {
                if (part.equals("..") || part.startsWith("..;")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Percent-decodes UTF-8, or returns null for an invalid escape or invalid UTF-8. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
