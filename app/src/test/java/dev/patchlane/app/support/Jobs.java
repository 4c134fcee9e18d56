package dev.patchlane.app.support;

import static io.restassured.RestAssured.given;

import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;

/** HTTP helpers over the real socket of the application under test; they send {@link Tokens#ACME} unless given a token. */
public final class Jobs {

    private Jobs() {
    }

    /** A request that sends {@code token} as its bearer token, or none when it is null. */
    public static RequestSpecification as(String token) {
        return token == null ? given() : given().header("Authorization", Tokens.bearer(token));
    }

    public static Response post(Object body) {
        return post(body, Tokens.ACME);
    }

    public static Response post(Object body, String token) {
        return as(token).contentType("application/json").body(body instanceof byte[] bytes ? bytes : Json.write(body)).post("/jobs");
    }

    public static String submit(JobRequest request) {
        return submit(request, Tokens.ACME);
    }

    public static String submit(JobRequest request, String token) {
        Response response = post(request, token);
        int code = response.statusCode();
        if (code != 202 && code != 200) {
            throw new AssertionError("POST /jobs answered " + code + ": " + response.asString());
        }
        return response.jsonPath().getString("id");
    }

    public static JobStatus status(String id) {
        return status(id, Tokens.ACME);
    }

    public static JobStatus status(String id, String token) {
        Response response = as(token).get("/jobs/" + id);
        return response.statusCode() == 200 ? Json.read(response.asByteArray(), JobStatus.class) : null;
    }

    public static boolean allTerminal(List<String> ids) {
        return ids.stream().map(Jobs::status).allMatch(s -> s != null && s.isTerminal());
    }
}
