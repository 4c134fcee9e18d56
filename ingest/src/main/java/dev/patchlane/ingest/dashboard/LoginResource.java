package dev.patchlane.ingest.dashboard;

import dev.patchlane.ingest.auth.AuthConfig;
import dev.patchlane.ingest.auth.Scope;
import dev.patchlane.ingest.auth.SessionCookieMechanism;
import dev.patchlane.ingest.auth.TenantTokens;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Sign-in for browsers: a form takes an API token with the read scope and answers with the HttpOnly, SameSite=Strict
 * session cookie {@link SessionCookieMechanism} reads (Secure when the request came over HTTPS); sign-out clears it.
 * Both refuse a form posted from another origin. With authentication off there is nothing to sign in to.
 */
@Path("/dashboard")
public class LoginResource {

    static final int MAX_TOKEN_CHARS = 512;
    // What a cookie value may hold (RFC 6265 cookie-octet, less what a token never has).
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]+");
    private static final int SESSION_SECONDS = 8 * 3600;

    @Inject
    AuthConfig auth;

    @Inject
    TenantTokens tokens;

    @Context
    UriInfo uri;

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public Response form(@QueryParam("expired") String expired) {
        if (!auth.enabled()) {
            return Response.seeOther(URI.create("/dashboard")).build();
        }
        return login(200, expired == null ? null : "Your session is no longer valid; sign in again.");
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response signIn(@FormParam("token") String token, @HeaderParam("Origin") String origin) {
        if (!auth.enabled()) {
            return Response.seeOther(URI.create("/dashboard")).build();
        }
        if (!sameOrigin(origin)) {
            return login(403, "This form was posted from another site; open the dashboard and sign in there.");
        }
        String value = token == null ? "" : token.strip();
        if (value.isEmpty()) {
            return login(400, "Enter an API token.");
        }
        if (value.length() > MAX_TOKEN_CHARS || !TOKEN.matcher(value).matches()) {
            return login(400, "That is not an API token: tokens are at most " + MAX_TOKEN_CHARS
                    + " characters of letters, digits and . _ ~ + / = -");
        }
        TenantTokens.Verdict verdict = tokens.check(value);
        if (verdict instanceof TenantTokens.Verdict.Refused refused) {
            return login(401, "The token was refused: " + refused.reason());
        }
        if (!((TenantTokens.Verdict.Accepted) verdict).caller().has(Scope.READ)) {
            return login(403, "This token has no read scope, which the dashboard needs.");
        }
        return Response.seeOther(URI.create("/dashboard")).cookie(cookie(value, SESSION_SECONDS)).build();
    }

    @POST
    @Path("logout")
    public Response signOut(@HeaderParam("Origin") String origin) {
        if (!sameOrigin(origin)) {
            return Response.status(403).type(MediaType.TEXT_PLAIN).entity("posted from another site").build();
        }
        return Response.seeOther(URI.create(auth.enabled() ? "/dashboard/login" : "/dashboard")).cookie(cookie("", 0)).build();
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(SessionCookieMechanism.COOKIE).value(value).path("/").maxAge(maxAge).httpOnly(true)
                .secure("https".equalsIgnoreCase(uri.getRequestUri().getScheme())).sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** A browser names the page's origin on every form post; none (a non-browser client) is not a cross-site page. */
    private boolean sameOrigin(String origin) {
        if (origin == null) {
            return true;
        }
        URI request = uri.getRequestUri();
        String expected = request.getScheme() + "://" + request.getRawAuthority();
        return origin.equalsIgnoreCase(expected);
    }

    private Response login(int status, String error) {
        return Response.status(status).type(MediaType.TEXT_HTML)
                .entity(Pages.login(new Pages.Login(new Chrome("Sign in", "login", null, true), error)))
                .header("Content-Security-Policy", DashboardResource.CSP).header("Cache-Control", "no-store").build();
    }
}
