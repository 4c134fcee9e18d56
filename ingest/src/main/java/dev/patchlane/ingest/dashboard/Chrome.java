package dev.patchlane.ingest.dashboard;

import io.quarkus.qute.TemplateData;

/**
 * What every dashboard page's frame shows.
 *
 * @param title the page's title
 * @param nav which navigation entry is current: {@code overview}, {@code migrations}, {@code routing}, {@code job}
 * @param tenant who is signed in (the tenant), shown in the header
 * @param authEnabled false when the API is open ({@code patchlane.auth.enabled=false}): no sign-out then
 */
@TemplateData
public record Chrome(String title, String nav, String tenant, boolean authEnabled) {
}
