package dev.patchlane.app.support;

import static io.restassured.RestAssured.given;

import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import io.restassured.response.Response;
import java.util.List;

/** HTTP helpers over the real socket of the application under test. */
public final class Jobs {

    private Jobs() {
    }

    public static Response post(Object body) {
        return given().contentType("application/json").body(body instanceof byte[] bytes ? bytes : Json.write(body)).post("/jobs");
    }

    public static String submit(JobRequest request) {
        Response response = post(request);
        int code = response.statusCode();
        if (code != 202 && code != 200) {
            throw new AssertionError("POST /jobs answered " + code + ": " + response.asString());
        }
        return response.jsonPath().getString("id");
    }

    public static JobStatus status(String id) {
        Response response = given().get("/jobs/" + id);
        return response.statusCode() == 200 ? Json.read(response.asByteArray(), JobStatus.class) : null;
    }

    public static boolean allTerminal(List<String> ids) {
        return ids.stream().map(Jobs::status).allMatch(s -> s != null && s.isTerminal());
    }
}
