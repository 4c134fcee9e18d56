package dev.patchlane.decoding.emulator;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.emulator.timing.Profiles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import java.util.List;

/**
 * The embedded default decoder: an emulated deployment with a fixed number of slots that streams real answers from
 * its content sources, token by token ({@code o200k_base}), at the speed the timing model gives its model and
 * hardware, and misbehaves at the configured fault rates. Cancelling a stream frees its slot.
 *
 * <p>A request's content is picked and tokenized on the subscribing thread; the device's one thread only delivers.
 */
public final class EmulatedDecoder implements Decoder, AutoCloseable {

    private final EmulatorSettings settings;
    private final DeviceTiming timing;
    private final StreamPlanner planner;
    private final EmulatedDevice device;

    EmulatedDecoder(EmulatorSettings settings, List<ContentSource> sources, Profiles profiles, DeviceScheduler scheduler) {
        this.settings = settings;
        profiles.hardware(settings.hardware());
        this.timing = DeviceTiming.of(settings, profiles);
        this.planner = new StreamPlanner(settings.lane(), settings.model(), profiles.model(settings.model()).contextWindow(),
                new ContentPicker(settings.lane(), sources), new FaultInjector(settings.faults(), settings.seed()));
        this.device = new EmulatedDevice(timing, settings.concurrentStreams(), settings.queueLimit(), settings.chunkInterval(),
                scheduler);
    }

    /** An emulated deployment with its own device thread; unknown model or hardware names fail here. */
    public static EmulatedDecoder create(EmulatorSettings settings, List<ContentSource> sources, Profiles profiles) {
        return new EmulatedDecoder(settings, sources, profiles, new ThreadScheduler("emulator-" + settings.lane()));
    }

    @Override
    public DecoderInfo describe() {
        return new DecoderInfo("emulator", settings.model(), true, "emulator", "in-process", settings.profile());
    }

    @Override
    public Multi<DecodeEvent> stream(DecodeRequest request) {
        return Multi.createFrom().emitter(emitter -> {
            StreamPlan plan;
            try {
                plan = planner.plan(request);
            } catch (RuntimeException e) {
                emitter.fail(e);
                return;
            }
            EmulatedStream stream = new EmulatedStream(plan, timing.hiddenTokens(), emitter);
            emitter.onTermination(() -> device.cancel(stream));
            device.submit(stream);
        }, BackPressureStrategy.BUFFER);
    }

    public EmulatorSettings settings() {
        return settings;
    }

    /** The timing this deployment follows; {@link DeviceTiming#target} gives a request's expected TTFT and tokens/s. */
    public DeviceTiming timing() {
        return timing;
    }

    /** Stops the device thread; streams still running never end. */
    @Override
    public void close() {
        device.close();
    }
}
