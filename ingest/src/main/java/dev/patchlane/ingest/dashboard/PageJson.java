package dev.patchlane.ingest.dashboard;

import dev.patchlane.contracts.Json;
import java.nio.charset.StandardCharsets;

/** JSON to embed in a page's {@code <script type="application/json">}: no character of it can end the element or open markup. */
final class PageJson {

    private PageJson() {
    }

    static String embed(Object value) {
        String json = new String(Json.write(value), StandardCharsets.UTF_8);
        // These characters only occur inside JSON strings, where the \\u escapes mean the same.
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
