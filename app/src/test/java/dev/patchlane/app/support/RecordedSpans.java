package dev.patchlane.app.support;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;

/**
 * The test application's span exporter (Quarkus exports to every {@link SpanExporter} bean): it keeps spans only while a
 * test records, so the many pipeline tests sharing one application do not fill the heap with spans nobody reads.
 */
@Singleton
public class RecordedSpans implements SpanExporter {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private volatile boolean recording;

    /** Forgets every span so far and keeps those exported from now on. */
    public void record() {
        spans.reset();
        recording = true;
    }

    public void stop() {
        recording = false;
        spans.reset();
    }

    public List<SpanData> finished() {
        return spans.getFinishedSpanItems();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        return recording ? spans.export(batch) : CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
