package dev.patchlane.ingest.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 and 403 with a JSON body that says why, and the RFC 6750 challenge; never the token. */
public class AuthRefusals {

    private static final String CHALLENGE = "Bearer realm=\"patchlane\"";

    @ServerExceptionMapper
    public Response missing(UnauthorizedException e) {
        return unauthenticated(CHALLENGE, "this API needs a bearer token: Authorization: Bearer <token>");
    }

    @ServerExceptionMapper
    public Response refused(AuthenticationFailedException e) {
        Object reason = e.getAttribute(BearerTokenMechanism.REFUSAL);
        return unauthenticated(CHALLENGE + ", error=\"invalid_token\"", reason instanceof String text ? text : "authentication failed");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource, RoutingContext context) {
        List<String> needed = needed(resource);
        // The identity as the request's user holds it: resolved already, so reading it cannot block.
        Caller caller = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity().getAttribute(Caller.ATTRIBUTE) : null;
        String who = caller == null ? "the token" : "token " + caller.tokenName() + " of tenant " + caller.tenant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", who + " lacks the scope this request needs" + (needed.isEmpty() ? "" : ": " + String.join(" or ", needed)));
        body.put("needs", needed);
        return Response.status(403).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + ", error=\"insufficient_scope\", scope=\"" + String.join(" ", needed) + "\"")
                .entity(body).build();
    }

    private static Response unauthenticated(String challenge, String reason) {
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .entity(Map.of("error", reason)).build();
    }

    private static List<String> needed(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        RolesAllowed roles = method == null ? null : method.getAnnotation(RolesAllowed.class);
        if (roles == null && resource != null && resource.getResourceClass() != null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return roles == null ? List.of() : Arrays.asList(roles.value());
    }
}
