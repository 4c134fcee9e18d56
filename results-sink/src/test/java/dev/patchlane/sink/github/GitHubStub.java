package dev.patchlane.sink.github;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local GitHub REST API for the endpoints hub4j calls when opening pull requests, commenting on issues and pull
 * requests (and editing those comments) and keeping check runs (create, update, list for a ref; only an App may write
 * them, with GitHub's limits on actions and summaries), answering with GitHub's documented JSON shapes and status codes (comment lists paginate as GitHub's do:
 * 30 a page by default, {@code per_page} up to 100, and a {@code Link} header). Stateful (one open pull request per
 * head and base, as GitHub enforces), thread-safe, and it records every request. Answers can be scripted per endpoint to simulate rate limits.
 *
 * <p>Pull request numbers are unique across the whole stub, so {@link #closePull(int, boolean)} needs no repository;
 * issues share that numbering, as issues and pull requests share theirs on GitHub.
 */
public final class GitHubStub implements AutoCloseable {

    /** One request as received. {@code query} is decoded; {@code authorization} is the raw header or null. */
    public record Request(String method, String path, String query, Instant receivedAt, String authorization,
            String body) {

        public boolean mutating() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    /** A pull request as the stub holds it; {@code state} is "open" or "closed". */
    public record Pull(String repository, int number, String head, String base, String title, String body,
            boolean draft, String state, boolean merged, List<String> labels) {
    }

    /** An issue (not a pull request) as the stub holds it; {@code state} is "open" or "closed", {@code user} its author's login. */
    public record Issue(String repository, int number, String title, String body, String user, String state, String stateReason,
            List<String> labels) {
    }

    /** A comment on an issue or pull request, as the stub holds it; {@code user} is its author's login. */
    public record Comment(String repository, int issue, long id, String body, String user) {
    }

    /**
     * A check run as the stub holds it; {@code history} is every status it was written with, "status" or
     * "completed:conclusion", oldest first, and {@code actions} the identifiers of its requested actions.
     */
    public record CheckRun(String repository, long id, String name, String headSha, String externalId, String status,
            String conclusion, String title, String summary, String detailsUrl, List<String> actions, long appId,
            List<String> history) {
    }

    /** A canned answer: status, extra headers and a JSON (or any) body. */
    public record Canned(int status, Map<String, String> headers, String body) {
    }

    /** Builds a canned answer at the moment it is served, so reset times can be relative to the stub's clock. */
    @FunctionalInterface
    public interface Scripted {
        Canned at(Instant now);
    }

    /** Who the stub says posted a comment through the API: the bot whose token it was. */
    public static final String BOT = "patchlane-bot[bot]";
    static final String DOCS = "https://docs.github.com/rest";
    private static final String SECONDARY_MESSAGE = "You have exceeded a secondary rate limit. Please wait a few "
            + "minutes before you try again. If you reach out to GitHub Support for help, please include the request "
            + "ID ABCD:1234:5678.";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPO = Pattern.compile("/repos/([^/]+)/([^/]+)");
    private static final Pattern PULLS = Pattern.compile("/repos/([^/]+)/([^/]+)/pulls");
    private static final Pattern PULL = Pattern.compile("/repos/([^/]+)/([^/]+)/pulls/(\\d+)");
    private static final Pattern LABELS = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)/labels");
    private static final Pattern ISSUE = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)");
    private static final Pattern ISSUES = Pattern.compile("/repos/([^/]+)/([^/]+)/issues");
    /** GitHub refuses an issue body longer than this: 422, "body is too long (maximum is 65536 characters)". */
    public static final int MAX_BODY_CHARS = 65_536;
    private static final Pattern ISSUE_COMMENTS = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)/comments");
    private static final Pattern COMMENT = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/comments/(\\d+)");
    private static final Pattern INSTALLATION = Pattern.compile("/app/installations/(\\d+)");
    private static final Pattern CHECK_RUNS = Pattern.compile("/repos/([^/]+)/([^/]+)/check-runs");
    private static final Pattern CHECK_RUN = Pattern.compile("/repos/([^/]+)/([^/]+)/check-runs/(\\d+)");
    private static final Pattern REF_CHECK_RUNS = Pattern.compile("/repos/([^/]+)/([^/]+)/commits/([^/]+)/check-runs");
    private static final Pattern COMMIT_SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern ACCESS_TOKENS = Pattern.compile("/app/installations/(\\d+)/access_tokens");

    private final HttpServer server;
    private final ExecutorService executor;
    private final SecureRandom random = new SecureRandom();

    // all below guarded by this
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Deque<Scripted>> scripts = new HashMap<>();
    private final Map<String, String> repositories = new LinkedHashMap<>();
    private final Map<Integer, PullState> pulls = new LinkedHashMap<>();
    private final Map<Integer, IssueState> issues = new LinkedHashMap<>();
    private final Map<Long, CommentState> comments = new LinkedHashMap<>();
    private long nextCommentId = 1_000_001;
    private final Map<Long, CheckRunState> checkRuns = new LinkedHashMap<>();
    private long nextCheckRunId = 4_000_001;
    private final Set<String> tokens = new LinkedHashSet<>();
    private final Map<String, Instant> installationTokens = new LinkedHashMap<>();
    private AppIdentity app;
    private Duration installationTokenLifetime = Duration.ofHours(1);
    private int nextNumber = 1;

    private GitHubStub(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static GitHubStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(8);
            GitHubStub stub = new GitHubStub(server, executor);
            server.createContext("/", stub::handle);
            server.setExecutor(executor);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the GitHub stub", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The API root, as {@link GitHubSettings#apiUrl()} takes it. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Serves {@code fullName} ("owner/name"); other repositories answer 404. */
    public synchronized GitHubStub repository(String fullName, String defaultBranch) {
        repositories.put(fullName.toLowerCase(Locale.ROOT), defaultBranch);
        return this;
    }

    /** Accepts {@code token} (as "token X" or "Bearer X") for repository calls. */
    public synchronized GitHubStub acceptToken(String token) {
        tokens.add(token);
        return this;
    }

    /** Serves one GitHub App with one installation; JWTs must verify against {@code publicKey}. */
    public synchronized GitHubStub app(long appId, PublicKey publicKey, long installationId) {
        app = new AppIdentity(appId, publicKey, installationId);
        return this;
    }

    public synchronized GitHubStub installationTokenLifetime(Duration lifetime) {
        installationTokenLifetime = lifetime;
        return this;
    }

    /** Answers the next {@code method} request to exactly {@code path} with {@code response}, in enqueue order. */
    public synchronized void enqueue(String method, String path, Scripted response) {
        scripts.computeIfAbsent(method + " " + path, key -> new ArrayDeque<>()).add(response);
    }

    /** Adds an open pull request as if someone had opened it; returns its number. */
    public synchronized int addPull(String repository, String head, String base, String title) {
        int number = nextNumber++;
        pulls.put(number, new PullState(repository, number, head, base, title, "", false));
        return number;
    }

    /** Adds an open issue as if someone had opened it; returns its number. */
    public synchronized int addIssue(String repository, String title) {
        int number = nextNumber++;
        issues.put(number, new IssueState(repository, number, title));
        return number;
    }

    /** Adds an issue as if {@code user} had opened it with {@code body} and {@code labels}; returns its number. */
    public synchronized int addIssue(String repository, String title, String user, String body, List<String> labels) {
        int number = addIssue(repository, title);
        IssueState issue = issues.get(number);
        issue.user = user;
        issue.body = body;
        issue.labels.addAll(labels);
        return number;
    }

    /** Adds a comment by {@code user} on issue or pull request {@code number} as if they had posted it; returns its id. */
    public synchronized long addComment(String repository, int number, String user, String body) {
        if (!issueExists(repository, number)) {
            throw new IllegalArgumentException("No issue or pull request #" + number + " in " + repository);
        }
        long id = nextCommentId++;
        comments.put(id, new CommentState(repository, number, id, body, user));
        return id;
    }

    /** Every issue (pull requests aside), oldest first. */
    public synchronized List<Issue> issues() {
        return issues.values().stream().map(IssueState::snapshot).toList();
    }

    /** Every comment still there, oldest first. */
    public synchronized List<Comment> comments() {
        return comments.values().stream().map(CommentState::snapshot).toList();
    }

    /** Closes pull request {@code number}, merged or not. */
    public synchronized void closePull(int number, boolean merged) {
        PullState pull = pulls.get(number);
        if (pull == null) {
            throw new IllegalArgumentException("No pull request #" + number);
        }
        pull.open = false;
        pull.merged = merged;
        pull.closedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Every check run, oldest first. */
    public synchronized List<CheckRun> checkRuns() {
        return checkRuns.values().stream().map(CheckRunState::snapshot).toList();
    }

    public synchronized List<Pull> pulls() {
        return pulls.values().stream().map(PullState::snapshot).toList();
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<String> issuedInstallationTokens() {
        return List.copyOf(installationTokens.keySet());
    }

    /** 403 or 429 with Retry-After in seconds, as GitHub sends for some secondary limits. */
    public static Scripted retryAfter(int status, long seconds) {
        return now -> new Canned(status, Map.of("Retry-After", Long.toString(seconds)), error(SECONDARY_MESSAGE));
    }

    /** The primary limit spent: 403 with x-ratelimit-remaining 0 and a reset {@code untilReset} from now. */
    public static Scripted primaryLimit(Duration untilReset) {
        return now -> new Canned(403, Map.of(
                "x-ratelimit-limit", "5000",
                "x-ratelimit-remaining", "0",
                "x-ratelimit-used", "5000",
                "x-ratelimit-resource", "core",
                "x-ratelimit-reset", Long.toString(now.getEpochSecond() + untilReset.toSeconds())),
                error("API rate limit exceeded for installation. If you reach out to GitHub Support for help, please "
                        + "include the request ID ABCD:1234:5678."));
    }

    /** A secondary limit that names no wait: only the body says so. */
    public static Scripted secondaryLimit(int status) {
        return now -> new Canned(status, Map.of(), error(SECONDARY_MESSAGE));
    }

    public static Scripted status(int status, String body) {
        return now -> new Canned(status, Map.of(), body);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Instant now = Instant.now();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            URI uri = exchange.getRequestURI();
            Request request = new Request(exchange.getRequestMethod(), uri.getPath(), uri.getQuery(), now,
                    exchange.getRequestHeaders().getFirst("Authorization"), body);
            Canned answer;
            try {
                answer = answer(request, query(uri.getRawQuery()), now);
            } catch (RuntimeException e) {
                answer = new Canned(500, Map.of(), error("Stub failure: " + e));
            }
            send(exchange, answer, now);
        } finally {
            exchange.close();
        }
    }

    private synchronized Canned answer(Request request, Map<String, String> query, Instant now) throws IOException {
        requests.add(request);
        Deque<Scripted> scripted = scripts.get(request.method() + " " + request.path());
        if (scripted != null && !scripted.isEmpty()) {
            return scripted.poll().at(now);
        }
        String route = request.method() + " " + request.path();
        Matcher m;
        if (route.startsWith("GET /app") || route.startsWith("POST /app")) {
            return appRoute(request, now);
        }
        Optional<Canned> denied = requireToken(request, now);
        if (denied.isPresent()) {
            return denied.get();
        }
        if (route.equals("GET /user")) {
            // every accepted token is the bot's, which is who the stub says posted what the API posts
            Map<String, Object> me = new LinkedHashMap<>(user(BOT, "Bot"));
            me.put("name", "patchlane");
            me.put("created_at", "2026-01-01T00:00:00Z");
            return ok(200, me);
        }
        if ((m = match(REPO, request, "GET")) != null) {
            return withRepository(m, repo -> ok(200, repositoryJson(repo)));
        }
        if ((m = match(PULLS, request, "GET")) != null) {
            return withRepository(m, repo -> ok(200, listPulls(repo, query)));
        }
        if ((m = match(PULLS, request, "POST")) != null) {
            JsonNode json = JSON.readTree(request.body());
            return withRepository(m, repo -> createPull(repo, json));
        }
        if ((m = match(PULL, request, "GET")) != null) {
            return withPull(m, pull -> ok(200, pullJson(pull, true)));
        }
        if ((m = match(LABELS, request, "POST")) != null) {
            JsonNode json = JSON.readTree(request.body());
            return withPull(m, pull -> addLabels(pull, json));
        }
        if ((m = match(ISSUE, request, "GET")) != null) {
            return withIssue(m, (repo, number) -> ok(200, issueJson(repo, number)));
        }
        if ((m = match(ISSUES, request, "GET")) != null) {
            return withRepository(m, repo -> listIssues(repo, query));
        }
        if ((m = match(ISSUES, request, "POST")) != null) {
            JsonNode json = JSON.readTree(request.body());
            return withRepository(m, repo -> createIssue(repo, json));
        }
        if ((m = match(ISSUE, request, "PATCH")) != null) {
            JsonNode json = JSON.readTree(request.body());
            return withIssue(m, (repo, number) -> editIssue(repo, number, json));
        }
        if ((m = match(ISSUE_COMMENTS, request, "GET")) != null) {
            return withIssue(m, (repo, number) -> listComments(repo, number, query));
        }
        if ((m = match(ISSUE_COMMENTS, request, "POST")) != null) {
            JsonNode json = JSON.readTree(request.body());
            return withIssue(m, (repo, number) -> createComment(repo, number, json));
        }
        if ((m = match(COMMENT, request, "PATCH")) != null) {
            CommentState comment = comments.get(Long.parseLong(m.group(3)));
            if (comment == null || !comment.repository.equalsIgnoreCase(m.group(1) + "/" + m.group(2))) {
                return notFound();
            }
            JsonNode json = JSON.readTree(request.body());
            if (!json.path("body").isTextual()) {
                return ok(422, Map.of("message", "Invalid request.\n\n\"body\" wasn't supplied.",
                        "documentation_url", DOCS + "/issues/comments#update-an-issue-comment", "status", "422"));
            }
            comment.body = json.get("body").asText();
            return ok(200, commentJson(comment));
        }
        if ((m = match(CHECK_RUNS, request, "POST")) != null) {
            JsonNode json = JSON.readTree(request.body());
            return withRepository(m, repo -> createCheckRun(repo, json, request));
        }
        if ((m = match(CHECK_RUN, request, "PATCH")) != null) {
            JsonNode json = JSON.readTree(request.body());
            return withCheckRun(m, run -> updateCheckRun(run, json, request));
        }
        if ((m = match(CHECK_RUN, request, "GET")) != null) {
            return withCheckRun(m, run -> ok(200, checkRunJson(run)));
        }
        if ((m = match(REF_CHECK_RUNS, request, "GET")) != null) {
            String ref = m.group(3);
            return withRepository(m, repo -> listCheckRuns(repo, ref, query));
        }
        if ((m = match(COMMENT, request, "DELETE")) != null) {
            CommentState comment = comments.get(Long.parseLong(m.group(3)));
            if (comment == null || !comment.repository.equalsIgnoreCase(m.group(1) + "/" + m.group(2))) {
                return notFound();
            }
            comments.remove(comment.id);
            return new Canned(204, Map.of(), null);
        }
        return notFound();
    }

    private Canned appRoute(Request request, Instant now) {
        if (app == null) {
            return notFound();
        }
        Optional<String> jwtProblem = jwtProblem(request.authorization(), now);
        if (jwtProblem.isPresent()) {
            return new Canned(401, Map.of(), error(jwtProblem.get()));
        }
        Matcher m;
        if (request.method().equals("GET") && request.path().equals("/app")) {
            return ok(200, Map.of("id", app.appId, "slug", "patchlane-test", "node_id", "A_" + app.appId,
                    "name", "patchlane test", "owner", account("acme"), "html_url", url() + "/apps/patchlane-test",
                    "permissions", Map.of("contents", "write", "pull_requests", "write"), "events", List.of()));
        }
        if ((m = match(INSTALLATION, request, "GET")) != null) {
            if (Long.parseLong(m.group(1)) != app.installationId) {
                return notFound();
            }
            return ok(200, installationJson());
        }
        if ((m = match(ACCESS_TOKENS, request, "POST")) != null) {
            if (Long.parseLong(m.group(1)) != app.installationId) {
                return notFound();
            }
            byte[] raw = new byte[20];
            random.nextBytes(raw);
            String token = "ghs_" + HexFormat.of().formatHex(raw);
            Instant expiresAt = now.plus(installationTokenLifetime).truncatedTo(ChronoUnit.SECONDS);
            installationTokens.put(token, expiresAt);
            return ok(201, Map.of("token", token, "expires_at", expiresAt.toString(),
                    "permissions", Map.of("contents", "write", "pull_requests", "write"),
                    "repository_selection", "all"));
        }
        return notFound();
    }

    private Optional<Canned> requireToken(Request request, Instant now) {
        String header = request.authorization();
        String presented = header == null ? null : header.replaceFirst("^(token|Bearer) ", "");
        boolean valid = presented != null && (tokens.contains(presented)
                || (installationTokens.containsKey(presented) && installationTokens.get(presented).isAfter(now)));
        return valid ? Optional.empty() : Optional.of(new Canned(401, Map.of(), error("Bad credentials")));
    }

    private Optional<String> jwtProblem(String header, Instant now) {
        if (header == null || !header.startsWith("Bearer ")) {
            return Optional.of("A JSON web token could not be decoded");
        }
        String[] parts = header.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return Optional.of("A JSON web token could not be decoded");
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(app.publicKey);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return Optional.of("A JSON web token could not be decoded");
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!Long.toString(app.appId).equals(claims.path("iss").asText())) {
                return Optional.of("'Issuer' claim ('iss') must be an Integer or the app's client ID");
            }
            long exp = claims.path("exp").asLong();
            if (exp > now.plus(Duration.ofMinutes(10)).getEpochSecond()) {
                return Optional.of("'Expiration time' claim ('exp') is too far in the future");
            }
            if (exp <= now.getEpochSecond()) {
                return Optional.of("'Expiration time' claim ('exp') must be a numeric value representing the future "
                        + "time at which the assertion expires");
            }
            if (claims.path("iat").asLong() > now.getEpochSecond()) {
                return Optional.of("'Issued at' claim ('iat') must be an Integer representing the time that the "
                        + "assertion was issued");
            }
            return Optional.empty();
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return Optional.of("A JSON web token could not be decoded");
        }
    }

    private Canned withRepository(Matcher m, RepoAnswer answer) throws IOException {
        String fullName = m.group(1) + "/" + m.group(2);
        if (!repositories.containsKey(fullName.toLowerCase(Locale.ROOT))) {
            return notFound();
        }
        return answer.apply(fullName);
    }

    private Canned withPull(Matcher m, PullAnswer answer) throws IOException {
        PullState pull = pulls.get(Integer.parseInt(m.group(3)));
        if (pull == null || !pull.repository.equalsIgnoreCase(m.group(1) + "/" + m.group(2))) {
            return notFound();
        }
        return answer.apply(pull);
    }

    private Canned withIssue(Matcher m, IssueAnswer answer) throws IOException {
        String repository = m.group(1) + "/" + m.group(2);
        int number = Integer.parseInt(m.group(3));
        if (!repositories.containsKey(repository.toLowerCase(Locale.ROOT)) || !issueExists(repository, number)) {
            return notFound();
        }
        return answer.apply(repository, number);
    }

    private boolean issueExists(String repository, int number) {
        IssueState issue = issues.get(number);
        PullState pull = pulls.get(number);
        return (issue != null && issue.repository.equalsIgnoreCase(repository)) || (pull != null && pull.repository.equalsIgnoreCase(repository));
    }

    // GitHub answers for a pull request on its issues endpoints too, with a pull_request link.
    private Map<String, Object> issueJson(String repo, int number) {
        IssueState issue = issues.get(number);
        PullState pull = issue == null ? pulls.get(number) : null;
        String canonical = canonicalName(repo);
        String api = apiUrl(repo) + "/issues/" + number;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", api);
        json.put("repository_url", apiUrl(repo));
        json.put("labels_url", api + "/labels{/name}");
        json.put("comments_url", api + "/comments");
        json.put("events_url", api + "/events");
        json.put("html_url", url() + "/" + canonical + (pull != null ? "/pull/" : "/issues/") + number);
        json.put("id", 200_000 + number);
        json.put("node_id", "I_" + number);
        json.put("number", number);
        json.put("title", issue != null ? issue.title : pull.title);
        json.put("user", issue != null ? user(issue.user, issue.user.endsWith("[bot]") ? "Bot" : "User") : user("octocat", "User"));
        json.put("labels", pull != null ? labelsJson(pull) : labelsJson(repo, issue.labels));
        json.put("state", pull != null ? (pull.open ? "open" : "closed") : (issue.open ? "open" : "closed"));
        if (issue != null) {
            json.put("state_reason", issue.stateReason);
        }
        json.put("locked", false);
        json.put("assignee", null);
        json.put("assignees", List.of());
        json.put("milestone", null);
        json.put("comments", comments.values().stream().filter(c -> c.issue == number).count());
        Instant created = issue != null ? issue.createdAt : pull.createdAt;
        json.put("created_at", created.toString());
        json.put("updated_at", created.toString());
        json.put("closed_at", pull != null && pull.closedAt != null ? pull.closedAt.toString()
                : issue != null && issue.closedAt != null ? issue.closedAt.toString() : null);
        json.put("author_association", "CONTRIBUTOR");
        json.put("body", issue != null ? issue.body : pull.body);
        if (pull != null) {
            json.put("pull_request", Map.of("url", apiUrl(repo) + "/pulls/" + number, "html_url", url() + "/" + canonical + "/pull/" + number,
                    "diff_url", url() + "/" + canonical + "/pull/" + number + ".diff", "patch_url", url() + "/" + canonical + "/pull/" + number + ".patch"));
        }
        return json;
    }

    // Oldest first, paginated as GitHub does: per_page (default 30, at most 100), page from 1, and a Link header.
    private Canned listComments(String repo, int number, Map<String, String> query) {
        List<CommentState> all = comments.values().stream()
                .filter(c -> c.issue == number && c.repository.equalsIgnoreCase(repo)).toList();
        int perPage = Math.max(1, Math.min(100, Integer.parseInt(query.getOrDefault("per_page", "30"))));
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        List<Object> out = new ArrayList<>();
        for (CommentState comment : all.subList(Math.min(all.size(), (page - 1) * perPage), Math.min(all.size(), page * perPage))) {
            out.add(commentJson(comment));
        }
        Canned answer = ok(200, out);
        if (last == 1) {
            return answer;
        }
        String base = apiUrl(repo) + "/issues/" + number + "/comments?per_page=" + perPage + "&page=";
        List<String> links = new ArrayList<>();
        if (page < last) {
            links.add("<" + base + (page + 1) + ">; rel=\"next\"");
            links.add("<" + base + last + ">; rel=\"last\"");
        }
        if (page > 1) {
            links.add("<" + base + 1 + ">; rel=\"first\"");
            links.add("<" + base + (page - 1) + ">; rel=\"prev\"");
        }
        return new Canned(200, Map.of("Link", String.join(", ", links)), answer.body());
    }

    // GET /repos/{owner}/{repo}/issues: issues and pull requests, filtered by state (default open), labels (every one
    // named, comma-separated) and creator, newest first (sort=created, direction=desc), paginated with a Link header.
    private Canned listIssues(String repo, Map<String, String> query) {
        String state = query.getOrDefault("state", "open");
        List<String> wanted = query.containsKey("labels") ? List.of(query.get("labels").split(",")) : List.of();
        String creator = query.get("creator");
        boolean ascending = "asc".equals(query.get("direction"));
        List<Integer> numbers = new ArrayList<>();
        for (IssueState issue : issues.values()) {
            boolean stateMatches = state.equals("all") || state.equals(issue.open ? "open" : "closed");
            if (issue.repository.equalsIgnoreCase(repo) && stateMatches && issue.labels.containsAll(wanted)
                    && (creator == null || creator.equalsIgnoreCase(issue.user))) {
                numbers.add(issue.number);
            }
        }
        for (PullState pull : pulls.values()) {
            boolean stateMatches = state.equals("all") || state.equals(pull.open ? "open" : "closed");
            if (pull.repository.equalsIgnoreCase(repo) && stateMatches && pull.labels.containsAll(wanted)
                    && (creator == null || creator.equalsIgnoreCase("octocat"))) {
                numbers.add(pull.number);
            }
        }
        numbers.sort(ascending ? Integer::compare : (a, b) -> Integer.compare(b, a));
        int perPage = Math.max(1, Math.min(100, Integer.parseInt(query.getOrDefault("per_page", "30"))));
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        int last = Math.max(1, (numbers.size() + perPage - 1) / perPage);
        List<Object> out = new ArrayList<>();
        for (int number : numbers.subList(Math.min(numbers.size(), (page - 1) * perPage), Math.min(numbers.size(), page * perPage))) {
            out.add(issueJson(repo, number));
        }
        Canned answer = ok(200, out);
        if (page >= last) {
            return answer;
        }
        StringBuilder base = new StringBuilder(apiUrl(repo) + "/issues?state=" + state + "&per_page=" + perPage);
        if (!wanted.isEmpty()) {
            base.append("&labels=").append(String.join(",", wanted));
        }
        String next = "<" + base + "&page=" + (page + 1) + ">; rel=\"next\", <" + base + "&page=" + last + ">; rel=\"last\"";
        return new Canned(200, Map.of("Link", next), answer.body());
    }

    // POST /repos/{owner}/{repo}/issues: title required; labels that do not exist yet are created, as GitHub does for
    // an author with push access; the author is the bot whose token it was.
    private Canned createIssue(String repo, JsonNode json) {
        if (!json.hasNonNull("title") || json.get("title").asText().isBlank()) {
            return validationFailed(List.of(Map.of("resource", "Issue", "code", "missing_field", "field", "title")));
        }
        Optional<Canned> tooLong = bodyTooLong(json);
        if (tooLong.isPresent()) {
            return tooLong.get();
        }
        int number = nextNumber++;
        IssueState issue = new IssueState(canonicalName(repo), number, json.get("title").asText());
        issue.body = json.path("body").asText("");
        issue.user = BOT;
        for (JsonNode label : json.path("labels")) {
            String name = label.isObject() ? label.path("name").asText() : label.asText();
            if (!issue.labels.contains(name)) {
                issue.labels.add(name);
            }
        }
        issues.put(number, issue);
        return new Canned(201, Map.of("Location", apiUrl(repo) + "/issues/" + number), ok(201, issueJson(repo, number)).body());
    }

    // PATCH /repos/{owner}/{repo}/issues/{issue_number}: title, body, state (open, closed) and state_reason.
    private Canned editIssue(String repo, int number, JsonNode json) {
        IssueState issue = issues.get(number);
        if (issue == null) {
            throw new IllegalStateException("the stub edits issues only, not pull request #" + number);
        }
        Optional<Canned> tooLong = bodyTooLong(json);
        if (tooLong.isPresent()) {
            return tooLong.get();
        }
        if (json.has("state") && !json.get("state").asText().matches("open|closed")) {
            return validationFailed(List.of(Map.of("resource", "Issue", "code", "invalid", "field", "state")));
        }
        if (json.hasNonNull("title")) {
            issue.title = json.get("title").asText();
        }
        if (json.has("body")) {
            issue.body = json.get("body").isNull() ? "" : json.get("body").asText();
        }
        if (json.has("state")) {
            boolean open = json.get("state").asText().equals("open");
            if (issue.open && !open) {
                issue.closedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                issue.stateReason = json.path("state_reason").asText("completed");
            } else if (open) {
                issue.closedAt = null;
                issue.stateReason = issue.open ? issue.stateReason : "reopened";
            }
            issue.open = open;
        } else if (json.hasNonNull("state_reason")) {
            issue.stateReason = json.get("state_reason").asText();
        }
        return ok(200, issueJson(repo, number));
    }

    private static Optional<Canned> bodyTooLong(JsonNode json) {
        if (json.hasNonNull("body") && json.get("body").asText().codePointCount(0, json.get("body").asText().length()) > MAX_BODY_CHARS) {
            return Optional.of(validationFailed(List.of(Map.of("resource", "Issue", "code", "custom", "field", "body",
                    "message", "body is too long (maximum is " + MAX_BODY_CHARS + " characters)"))));
        }
        return Optional.empty();
    }

    private List<Object> labelsJson(String repo, List<String> names) {
        List<Object> labels = new ArrayList<>();
        for (String name : names) {
            labels.add(Map.of("id", Math.abs(name.hashCode()), "node_id", "LA_" + Math.abs(name.hashCode()),
                    "url", apiUrl(repo) + "/labels/" + name, "name", name, "color", "ededed", "default", false));
        }
        return labels;
    }

    private Canned createComment(String repo, int number, JsonNode json) {
        if (!json.hasNonNull("body") || json.get("body").asText().isEmpty()) {
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("message", "Invalid request.\n\n\"body\" wasn't supplied.");
            failed.put("documentation_url", DOCS + "/issues/comments#create-an-issue-comment");
            failed.put("status", "422");
            return ok(422, failed);
        }
        long id = nextCommentId++;
        CommentState comment = new CommentState(canonicalName(repo), number, id, json.get("body").asText(), BOT);
        comments.put(id, comment);
        return new Canned(201, Map.of("Location", apiUrl(repo) + "/issues/comments/" + id), ok(201, commentJson(comment)).body());
    }

    private Map<String, Object> commentJson(CommentState comment) {
        boolean onPull = pulls.containsKey(comment.issue);
        String canonical = canonicalName(comment.repository);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", comment.id);
        json.put("node_id", "IC_" + comment.id);
        json.put("url", apiUrl(comment.repository) + "/issues/comments/" + comment.id);
        json.put("html_url", url() + "/" + canonical + (onPull ? "/pull/" : "/issues/") + comment.issue + "#issuecomment-" + comment.id);
        json.put("body", comment.body);
        json.put("user", user(comment.user, comment.user.endsWith("[bot]") ? "Bot" : "User"));
        json.put("created_at", comment.createdAt.toString());
        json.put("updated_at", comment.createdAt.toString());
        json.put("issue_url", apiUrl(comment.repository) + "/issues/" + comment.issue);
        json.put("author_association", comment.user.endsWith("[bot]") ? "NONE" : "CONTRIBUTOR");
        json.put("performed_via_github_app", null);
        return json;
    }

    private Map<String, Object> user(String login, String type) {
        return Map.of("login", login, "id", Math.abs(login.hashCode()), "node_id", "U_" + Math.abs(login.hashCode()),
                "avatar_url", url() + "/avatars/" + login, "url", url() + "/users/" + login, "html_url", url() + "/" + login,
                "type", type, "site_admin", false);
    }

    private List<Object> listPulls(String repo, Map<String, String> query) {
        String state = query.getOrDefault("state", "open");
        String head = query.get("head");
        // GitHub's documented filter: "base: Filter pulls by base branch name. Example: gh-pages."
        String base = query.get("base");
        List<Object> out = new ArrayList<>();
        List<PullState> newestFirst = new ArrayList<>(pulls.values());
        newestFirst.sort((a, b) -> Integer.compare(b.number, a.number));
        for (PullState pull : newestFirst) {
            boolean stateMatches = state.equals("all") || state.equals(pull.open ? "open" : "closed");
            boolean headMatches = head == null || head.equalsIgnoreCase(owner(pull.repository) + ":" + pull.head);
            boolean baseMatches = base == null || base.equals(pull.base);
            if (pull.repository.equalsIgnoreCase(repo) && stateMatches && headMatches && baseMatches) {
                out.add(pullJson(pull, false));
            }
        }
        return out;
    }

    private Canned createPull(String repo, JsonNode json) {
        List<Map<String, Object>> missing = new ArrayList<>();
        for (String field : List.of("title", "head", "base")) {
            if (!json.hasNonNull(field) || json.get(field).asText().isBlank()) {
                missing.add(Map.of("resource", "PullRequest", "code", "missing_field", "field", field));
            }
        }
        if (!missing.isEmpty()) {
            return validationFailed(missing);
        }
        String head = json.get("head").asText();
        String base = json.get("base").asText();
        String label = owner(repo) + ":" + head;
        boolean exists = pulls.values().stream().anyMatch(p -> p.open && p.repository.equalsIgnoreCase(repo)
                && p.head.equals(head) && p.base.equals(base));
        if (exists) {
            return validationFailed(List.of(Map.of("resource", "PullRequest", "code", "custom",
                    "message", "A pull request already exists for " + label + ".")));
        }
        int number = nextNumber++;
        PullState pull = new PullState(repo, number, head, base, json.get("title").asText(),
                json.path("body").asText(""), json.path("draft").asBoolean(false));
        pulls.put(number, pull);
        Canned created = ok(201, pullJson(pull, true));
        return new Canned(201, Map.of("Location", apiUrl(repo) + "/pulls/" + number), created.body());
    }

    private Canned addLabels(PullState pull, JsonNode json) {
        for (JsonNode label : json.path("labels")) {
            if (!pull.labels.contains(label.asText())) {
                pull.labels.add(label.asText());
            }
        }
        return ok(200, labelsJson(pull));
    }

    private Map<String, Object> repositoryJson(String fullName) {
        String canonical = canonicalName(fullName);
        Map<String, Object> repo = new LinkedHashMap<>();
        repo.put("id", Math.abs(canonical.hashCode()));
        repo.put("node_id", "R_" + Math.abs(canonical.hashCode()));
        repo.put("name", canonical.substring(canonical.indexOf('/') + 1));
        repo.put("full_name", canonical);
        repo.put("private", false);
        repo.put("owner", account(owner(canonical)));
        repo.put("html_url", url() + "/" + canonical);
        repo.put("url", apiUrl(canonical));
        repo.put("pulls_url", apiUrl(canonical) + "/pulls{/number}");
        repo.put("default_branch", repositories.get(canonical.toLowerCase(Locale.ROOT)));
        repo.put("fork", false);
        repo.put("archived", false);
        repo.put("visibility", "public");
        repo.put("permissions", Map.of("admin", false, "maintain", false, "push", true, "triage", true, "pull", true));
        return repo;
    }

    // list answers carry GitHub's "simple" pull request; single ones add merged and the mergeability fields
    private Map<String, Object> pullJson(PullState pull, boolean full) {
        String api = apiUrl(pull.repository);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", api + "/pulls/" + pull.number);
        json.put("id", 100_000 + pull.number);
        json.put("node_id", "PR_" + pull.number);
        json.put("html_url", url() + "/" + canonicalName(pull.repository) + "/pull/" + pull.number);
        json.put("issue_url", api + "/issues/" + pull.number);
        json.put("number", pull.number);
        json.put("state", pull.open ? "open" : "closed");
        json.put("locked", false);
        json.put("title", pull.title);
        json.put("user", account("patchlane-bot"));
        json.put("body", pull.body);
        json.put("labels", labelsJson(pull));
        json.put("created_at", pull.createdAt.toString());
        json.put("updated_at", (pull.closedAt == null ? pull.createdAt : pull.closedAt).toString());
        json.put("closed_at", pull.closedAt == null ? null : pull.closedAt.toString());
        json.put("merged_at", pull.merged ? pull.closedAt.toString() : null);
        json.put("merge_commit_sha", pull.merged ? sha("merge " + pull.number) : null);
        json.put("draft", pull.draft);
        json.put("head", pointer(pull.repository, pull.head));
        json.put("base", pointer(pull.repository, pull.base));
        json.put("author_association", "CONTRIBUTOR");
        if (full) {
            json.put("merged", pull.merged);
            json.put("mergeable", pull.open ? Boolean.TRUE : null);
            json.put("mergeable_state", pull.open ? "clean" : "unknown");
            json.put("comments", 0);
            json.put("commits", 1);
        }
        return json;
    }

    private Map<String, Object> pointer(String repo, String ref) {
        return Map.of("label", owner(repo) + ":" + ref, "ref", ref, "sha", sha(repo + " " + ref),
                "user", account(owner(repo)), "repo", repositoryJson(repo));
    }

    private List<Object> labelsJson(PullState pull) {
        List<Object> labels = new ArrayList<>();
        for (String name : pull.labels) {
            labels.add(Map.of("id", Math.abs(name.hashCode()), "node_id", "LA_" + Math.abs(name.hashCode()),
                    "url", apiUrl(pull.repository) + "/labels/" + name, "name", name, "color", "ededed",
                    "default", false));
        }
        return labels;
    }

    private Map<String, Object> installationJson() {
        return Map.of("id", app.installationId, "app_id", app.appId, "app_slug", "patchlane-test",
                "target_type", "Organization", "account", account("acme"),
                "access_tokens_url", url() + "/app/installations/" + app.installationId + "/access_tokens",
                "repositories_url", url() + "/installation/repositories", "repository_selection", "all",
                "permissions", Map.of("contents", "write", "pull_requests", "write"), "events", List.of());
    }

    private Map<String, Object> account(String login) {
        return Map.of("login", login, "id", Math.abs(login.hashCode()), "type", "Organization",
                "url", url() + "/users/" + login, "html_url", url() + "/" + login);
    }

    private String canonicalName(String fullName) {
        return repositories.keySet().stream().filter(name -> name.equalsIgnoreCase(fullName)).findFirst()
                .orElse(fullName);
    }

    private String apiUrl(String repo) {
        return url() + "/repos/" + canonicalName(repo);
    }

    private static String owner(String fullName) {
        return fullName.substring(0, fullName.indexOf('/'));
    }

    private static Matcher match(Pattern pattern, Request request, String method) {
        Matcher m = pattern.matcher(request.path());
        return request.method().equals(method) && m.matches() ? m : null;
    }

    private static Map<String, String> query(String query) {
        Map<String, String> out = new HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static Canned ok(int status, Object json) {
        try {
            return new Canned(status, Map.of(), JSON.writeValueAsString(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Canned notFound() {
        return new Canned(404, Map.of(), error("Not Found"));
    }

    private static Canned validationFailed(List<Map<String, Object>> errors) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message", "Validation Failed");
        json.put("errors", errors);
        json.put("documentation_url", DOCS + "/pulls/pulls#create-a-pull-request");
        json.put("status", "422");
        return ok(422, json);
    }

    /** GitHub's error body: {"message": ..., "documentation_url": ...}. */
    public static String error(String message) {
        try {
            return JSON.writeValueAsString(Map.of("message", message, "documentation_url", DOCS));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, Canned answer, Instant now) throws IOException {
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        String acceptEncoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (bytes.length > 0 && acceptEncoding != null && acceptEncoding.contains("gzip")) {
            // as GitHub does, so clients read bodies the way they will in production
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(bytes);
            }
            bytes = zipped.toByteArray();
            headers.set("Content-Encoding", "gzip");
        }
        headers.set("Content-Type", "application/json; charset=utf-8");
        headers.set("Date", HTTP_DATE.format(now));
        headers.set("X-GitHub-Media-Type", "github.v3; format=json");
        headers.set("X-GitHub-Api-Version-Selected", "2022-11-28");
        answer.headers().forEach(headers::set);
        boolean noBody = answer.status() == 204 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(answer.status(), noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @FunctionalInterface
    private interface RepoAnswer {
        Canned apply(String repository) throws IOException;
    }

    @FunctionalInterface
    private interface IssueAnswer {
        Canned apply(String repository, int number) throws IOException;
    }

    @FunctionalInterface
    private interface PullAnswer {
        Canned apply(PullState pull) throws IOException;
    }

    private record AppIdentity(long appId, PublicKey publicKey, long installationId) {
    }

    private static final class IssueState {

        final String repository;
        final int number;
        String title;
        String body = "";
        String user = "octocat";
        final List<String> labels = new ArrayList<>();
        boolean open = true;
        String stateReason;
        Instant closedAt;
        final Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        IssueState(String repository, int number, String title) {
            this.repository = repository;
            this.number = number;
            this.title = title;
        }

        Issue snapshot() {
            return new Issue(repository, number, title, body, user, open ? "open" : "closed", stateReason, List.copyOf(labels));
        }
    }

    private static final class CommentState {

        final String repository;
        final int issue;
        final long id;
        String body;
        final String user;
        final Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        CommentState(String repository, int issue, long id, String body, String user) {
            this.repository = repository;
            this.issue = issue;
            this.id = id;
            this.body = body;
            this.user = user;
        }

        Comment snapshot() {
            return new Comment(repository, issue, id, body, user);
        }
    }

    private Canned withCheckRun(Matcher m, CheckRunAnswer answer) throws IOException {
        CheckRunState run = checkRuns.get(Long.parseLong(m.group(3)));
        if (run == null || !run.repository.equalsIgnoreCase(m.group(1) + "/" + m.group(2))) {
            return notFound();
        }
        return answer.apply(run);
    }

    // "Create a check run": only a GitHub App may; name and head_sha are required, a conclusion goes with completed.
    private Canned createCheckRun(String repo, JsonNode json, Request request) {
        Optional<Canned> notApp = requireApp(request);
        if (notApp.isPresent()) {
            return notApp.get();
        }
        if (!json.path("name").isTextual() || json.path("name").asText().isEmpty()) {
            return checkRunInvalid("\"name\" wasn't supplied.");
        }
        if (!json.path("head_sha").isTextual() || !COMMIT_SHA.matcher(json.path("head_sha").asText()).matches()) {
            return checkRunInvalid("No commit found for SHA: " + json.path("head_sha").asText());
        }
        CheckRunState run = new CheckRunState(canonicalName(repo), nextCheckRunId++, json.get("name").asText(), json.get("head_sha").asText(),
                app.appId);
        Optional<Canned> invalid = run.apply(json);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        checkRuns.put(run.id, run);
        return ok(201, checkRunJson(run));
    }

    // "Update a check run": a completed run may be given a new conclusion, and GitHub keeps what is not sent.
    private Canned updateCheckRun(CheckRunState run, JsonNode json, Request request) {
        Optional<Canned> notApp = requireApp(request);
        if (notApp.isPresent()) {
            return notApp.get();
        }
        if (run.appId != app.appId) {
            return new Canned(403, Map.of(), error("Resource not accessible by integration"));
        }
        CheckRunState trial = run.copy();
        Optional<Canned> invalid = trial.apply(json);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        run.apply(json);
        return ok(200, checkRunJson(run));
    }

    // "List check runs for a Git reference": filter=latest (the default) keeps the newest run per name, as GitHub does.
    private Canned listCheckRuns(String repo, String ref, Map<String, String> query) {
        String name = query.get("check_name");
        boolean all = "all".equals(query.get("filter"));
        List<CheckRunState> matching = new ArrayList<>();
        for (CheckRunState run : checkRuns.values()) {
            if (run.repository.equalsIgnoreCase(repo) && run.headSha.equals(ref) && (name == null || name.equals(run.name))
                    && (!query.containsKey("status") || query.get("status").equals(run.status))) {
                matching.add(run);
            }
        }
        if (!all) {
            Map<String, CheckRunState> newest = new LinkedHashMap<>();
            matching.forEach(run -> newest.put(run.name, run));
            matching = new ArrayList<>(newest.values());
        }
        matching.sort((a, b) -> Long.compare(b.id, a.id));
        int perPage = Math.max(1, Math.min(100, Integer.parseInt(query.getOrDefault("per_page", "30"))));
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        List<Object> out = new ArrayList<>();
        for (CheckRunState run : matching.subList(Math.min(matching.size(), (page - 1) * perPage), Math.min(matching.size(), page * perPage))) {
            out.add(checkRunJson(run));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total_count", matching.size());
        json.put("check_runs", out);
        Canned answer = ok(200, json);
        if (page * perPage >= matching.size()) {
            return answer;
        }
        String next = apiUrl(repo) + "/commits/" + ref + "/check-runs?" + (name == null ? "" : "check_name=" + name + "&")
                + (all ? "filter=all&" : "") + "per_page=" + perPage + "&page=" + (page + 1);
        return new Canned(200, Map.of("Link", "<" + next + ">; rel=\"next\""), answer.body());
    }

    private Optional<Canned> requireApp(Request request) {
        String presented = request.authorization() == null ? null : request.authorization().replaceFirst("^(token|Bearer) ", "");
        if (app == null || presented == null || !installationTokens.containsKey(presented)) {
            return Optional.of(new Canned(403, Map.of(), error("You must authenticate via a GitHub App.")));
        }
        return Optional.empty();
    }

    private static Canned checkRunInvalid(String message) {
        return ok(422, Map.of("message", "Invalid request.\n\n" + message, "documentation_url", DOCS + "/checks/runs#create-a-check-run",
                "status", "422"));
    }

    private Map<String, Object> checkRunJson(CheckRunState run) {
        String canonical = canonicalName(run.repository);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", run.id);
        json.put("head_sha", run.headSha);
        json.put("node_id", "CR_" + run.id);
        json.put("external_id", run.externalId == null ? "" : run.externalId);
        json.put("url", apiUrl(run.repository) + "/check-runs/" + run.id);
        json.put("html_url", url() + "/" + canonical + "/runs/" + run.id);
        json.put("details_url", run.detailsUrl);
        json.put("status", run.status);
        json.put("conclusion", run.conclusion);
        json.put("started_at", run.startedAt.toString());
        json.put("completed_at", run.completedAt == null ? null : run.completedAt.toString());
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("title", run.title);
        output.put("summary", run.summary);
        output.put("text", run.text);
        output.put("annotations_count", 0);
        output.put("annotations_url", apiUrl(run.repository) + "/check-runs/" + run.id + "/annotations");
        json.put("output", output);
        json.put("name", run.name);
        json.put("check_suite", Map.of("id", 5_000_000 + run.id));
        Map<String, Object> appJson = new LinkedHashMap<>();
        appJson.put("id", run.appId);
        appJson.put("slug", "patchlane-test");
        appJson.put("node_id", "A_" + run.appId);
        appJson.put("owner", account(owner(canonical)));
        appJson.put("name", "patchlane test");
        appJson.put("created_at", "2026-01-01T00:00:00Z");
        appJson.put("updated_at", "2026-01-01T00:00:00Z");
        json.put("app", appJson);
        json.put("pull_requests", List.of());
        return json;
    }

    private interface CheckRunAnswer {
        Canned apply(CheckRunState run) throws IOException;
    }

    private static final class CheckRunState {

        final String repository;
        final long id;
        final String name;
        final String headSha;
        final long appId;
        final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final List<String> history = new ArrayList<>();
        String externalId;
        String status = "queued";
        String conclusion;
        String title;
        String summary;
        String text;
        String detailsUrl;
        Instant completedAt;
        List<String> actions = List.of();

        CheckRunState(String repository, long id, String name, String headSha, long appId) {
            this.repository = repository;
            this.id = id;
            this.name = name;
            this.headSha = headSha;
            this.appId = appId;
        }

        CheckRunState copy() {
            CheckRunState copy = new CheckRunState(repository, id, name, headSha, appId);
            copy.externalId = externalId;
            copy.status = status;
            copy.conclusion = conclusion;
            copy.title = title;
            copy.summary = summary;
            copy.text = text;
            copy.detailsUrl = detailsUrl;
            copy.completedAt = completedAt;
            copy.actions = actions;
            return copy;
        }

        /** Applies the documented body fields, or answers 422 as GitHub does for values outside its limits. */
        Optional<Canned> apply(JsonNode json) {
            String nextStatus = json.path("status").isTextual() ? json.get("status").asText() : null;
            String nextConclusion = json.path("conclusion").isTextual() ? json.get("conclusion").asText() : null;
            if (nextStatus != null && !List.of("queued", "in_progress", "completed").contains(nextStatus)) {
                return Optional.of(checkRunInvalid("status " + nextStatus + " is not a member of [queued, in_progress, completed]."));
            }
            if (nextConclusion != null && !List.of("action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale",
                    "timed_out").contains(nextConclusion)) {
                return Optional.of(checkRunInvalid("conclusion " + nextConclusion + " is not a valid conclusion."));
            }
            if ("completed".equals(nextStatus) && nextConclusion == null && conclusion == null) {
                return Optional.of(checkRunInvalid("\"conclusion\" wasn't supplied."));
            }
            JsonNode output = json.path("output");
            if (output.isObject() && (!output.path("title").isTextual() || !output.path("summary").isTextual())) {
                return Optional.of(checkRunInvalid("\"title\" and \"summary\" are required in output."));
            }
            if (output.path("summary").asText("").length() > 65_535) {
                return Optional.of(checkRunInvalid("output.summary is too long (maximum is 65535 characters)"));
            }
            List<String> nextActions = null;
            if (json.has("actions")) {
                if (!json.get("actions").isArray() || json.get("actions").size() > 3) {
                    return Optional.of(checkRunInvalid("actions must be an array of at most 3 items."));
                }
                nextActions = new ArrayList<>();
                for (JsonNode action : json.get("actions")) {
                    if (!within(action, "label", 20) || !within(action, "description", 40) || !within(action, "identifier", 20)) {
                        return Optional.of(checkRunInvalid("an action needs a label (20), a description (40) and an identifier (20)."));
                    }
                    nextActions.add(action.get("identifier").asText());
                }
            }
            if (json.path("external_id").isTextual()) {
                externalId = json.get("external_id").asText();
            }
            if (json.path("details_url").isTextual()) {
                detailsUrl = json.get("details_url").asText();
            }
            if (nextConclusion != null) {
                conclusion = nextConclusion;
                status = "completed";
            }
            if (nextStatus != null) {
                status = nextStatus;
            }
            if ("completed".equals(status) && completedAt == null) {
                completedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            }
            if (output.isObject()) {
                title = output.get("title").asText();
                summary = output.get("summary").asText();
                text = output.path("text").isTextual() ? output.get("text").asText() : text;
            }
            if (nextActions != null) {
                actions = List.copyOf(nextActions);
            }
            history.add("completed".equals(status) ? "completed:" + conclusion : status);
            return Optional.empty();
        }

        private static boolean within(JsonNode action, String field, int max) {
            return action.path(field).isTextual() && !action.get(field).asText().isEmpty() && action.get(field).asText().length() <= max;
        }

        CheckRun snapshot() {
            return new CheckRun(repository, id, name, headSha, externalId, status, conclusion, title, summary, detailsUrl, actions, appId,
                    List.copyOf(history));
        }
    }

    private static final class PullState {

        final String repository;
        final int number;
        final String head;
        final String base;
        final String title;
        final String body;
        final boolean draft;
        final List<String> labels = new ArrayList<>();
        final Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        boolean open = true;
        boolean merged;
        Instant closedAt;

        PullState(String repository, int number, String head, String base, String title, String body, boolean draft) {
            this.repository = repository;
            this.number = number;
            this.head = head;
            this.base = base;
            this.title = title;
            this.body = body;
            this.draft = draft;
        }

        Pull snapshot() {
            return new Pull(repository, number, head, base, title, body, draft, open ? "open" : "closed", merged,
                    List.copyOf(labels));
        }
    }
}
