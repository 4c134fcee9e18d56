package dev.patchlane.ingest.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.ingest.github.retry.DeepRetries;
import dev.patchlane.pipeline.status.JobStatusView;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * GitHub's webhook: checks the signature over the raw body, answers fast, and only answers 2xx once what it acts on is
 * durable in Kafka; a delivery it cannot store gets 503, so GitHub shows it as failed and it can be redelivered.
 */
@Path("/webhooks/github")
public class GithubWebhookResource {

    private static final Logger LOG = Logger.getLogger(GithubWebhookResource.class);
    /** GitHub caps payloads at 25 MB; quarkus.http.limits.max-body-size refuses larger bodies before they are buffered. */
    static final int MAX_BODY_BYTES = 25 * 1024 * 1024;
    private static final int MAX_HEADER_CHARS = 128;

    @Inject
    GithubWebhookConfig config;

    @Inject
    JobStatusView statusView;

    @Inject
    WebhookIntake intake;

    @Inject
    DeepRetries retries;

    @Inject
    jakarta.enterprise.inject.Instance<dev.patchlane.ingest.github.push.BaseMoves> baseMoves;

    private volatile SignaturePolicy signatures;
    private volatile GithubEventMapper mapper;

    void init(@Observes StartupEvent event) {
        mapper = new GithubEventMapper(config);
        signatures = SignaturePolicy.of(config.secret(), config.allowUnsigned());
        if (signatures.acceptsUnsigned()) {
            LOG.warn("patchlane.webhooks.github.allow-unsigned is set: GitHub deliveries are accepted WITHOUT a signature check. "
                    + "Anyone who can reach /webhooks/github can start jobs.");
        } else if (!signatures.checksSignatures()) {
            LOG.info("no patchlane.webhooks.github.secret: /webhooks/github refuses every delivery (401) until one is set");
        }
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@HeaderParam("X-GitHub-Event") String event, @HeaderParam("X-GitHub-Delivery") String deliveryId,
            @HeaderParam("X-Hub-Signature-256") String signatureHeader, @HeaderParam("Content-Type") String contentType, byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > MAX_BODY_BYTES) {
            return answer(413, "error", "payload of " + raw.length + " bytes exceeds GitHub's 25 MB cap");
        }
        Optional<String> unsigned = signatures.problem(signatureHeader, raw);
        if (unsigned.isPresent()) {
            LOG.warnf("refused delivery %s: %s", printable(deliveryId), unsigned.get());
            return answer(401, "error", unsigned.get());
        }
        if (!WebhookPayload.supports(contentType)) {
            return answer(415, "error", "content type " + printable(contentType) + " is not supported; use application/json or "
                    + "application/x-www-form-urlencoded");
        }
        if (!token(event) || !token(deliveryId)) {
            return answer(400, "error", "X-GitHub-Event and X-GitHub-Delivery must be present and at most " + MAX_HEADER_CHARS
                    + " characters of [A-Za-z0-9._-]");
        }
        JsonNode payload;
        try {
            payload = WebhookPayload.read(contentType, raw);
        } catch (IllegalArgumentException e) {
            return answer(400, "error", e.getMessage());
        }
        if ("ping".equals(event)) {
            return answer(200, "pong", payload.path("zen").asText("pong"));
        }
        if (!statusView.active()) {
            return answer(503, "error", "this process does not have the ingest role");
        }
        WebhookMapping mapping = mapper.map(event, deliveryId, payload, Instant.now());
        if (mapping instanceof WebhookMapping.Ignored ignored) {
            LOG.infof("delivery %s (%s) ignored: %s", deliveryId, event, printable(ignored.reason()));
            return answer(200, "ignored", ignored.reason());
        }
        if (mapping instanceof WebhookMapping.Retry retry) {
            DeepRetries.Decision decision;
            try {
                decision = retries.decide(retry.request());
            } catch (RuntimeException e) {
                LOG.warnf("delivery %s (%s): the retry could not be judged now: %s", deliveryId, event, printable(e.getMessage()));
                return Response.status(503).header("Retry-After", "10")
                        .entity(Map.of("error", "the retry could not be judged now; redeliver it")).build();
            }
            if (decision instanceof DeepRetries.Refused refused) {
                LOG.infof("delivery %s (%s) ignored: %s", deliveryId, event, printable(refused.reason()));
                return answer(200, "ignored", refused.reason());
            }
            mapping = new WebhookMapping.Act(((DeepRetries.Allowed) decision).delivery());
        }
        if (mapping instanceof WebhookMapping.BaseMoved moved) {
            return baseMoved(moved.move());
        }
        try {
            WebhookIntake.Receipt receipt;
            try {
                receipt = intake.accept(((WebhookMapping.Act) mapping).delivery());
            } catch (IllegalArgumentException e) {
                LOG.warnf("delivery %s (%s) ignored: %s", deliveryId, event, printable(e.getMessage()));
                return answer(200, "ignored", e.getMessage());
            }
            Map<String, Object> entity = new LinkedHashMap<>();
            entity.put("delivery", deliveryId);
            entity.put("jobs", receipt.jobIds());
            entity.put("duplicate", receipt.duplicate());
            if (receipt.duplicate()) {
                entity.put("states", receipt.states());
                return Response.ok(entity).build();
            }
            return Response.accepted(entity).build();
        } catch (RuntimeException e) {
            LOG.warnf(e, "delivery %s could not be written to Kafka", deliveryId);
            return Response.status(503).header("Retry-After", "10")
                    .entity(Map.of("error", "the delivery could not be stored; redeliver it")).build();
        }
    }

    private Response baseMoved(dev.patchlane.ingest.github.push.BaseMove move) {
        if (!baseMoves.isResolvable()) {
            return answer(200, "ignored", "base moves are not watched by this process");
        }
        try {
            String what = baseMoves.get().accept(move);
            LOG.infof("delivery %s (push of %s on %s): %s", move.deliveryId(), move.branch(), move.repository(), what);
            return Response.accepted(Map.of("delivery", move.deliveryId(), "baseMove", what)).build();
        } catch (IllegalStateException e) {
            return Response.status(503).header("Retry-After", "30").entity(Map.of("error", e.getMessage())).build();
        }
    }

    private static boolean token(String header) {
        return header != null && !header.isEmpty() && header.length() <= MAX_HEADER_CHARS && header.matches("[A-Za-z0-9._-]+");
    }

    /** Text from a request, safe for a log line: no control characters, no line breaks, bounded. */
    private static String printable(String header) {
        if (header == null) {
            return "(none)";
        }
        String clipped = header.length() > 4 * MAX_HEADER_CHARS ? header.substring(0, 4 * MAX_HEADER_CHARS) : header;
        return clipped.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static Response answer(int status, String key, String message) {
        return Response.status(status).entity(Map.of(key, message)).build();
    }
}
