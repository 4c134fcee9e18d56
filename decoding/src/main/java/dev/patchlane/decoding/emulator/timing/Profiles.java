package dev.patchlane.decoding.emulator.timing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchlane.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The hardware and model profiles, by name: the built-ins of {@code emulator/profiles.json}, with a user's own file
 * merged over them (an entry of the same name replaces the built-in one).
 *
 * @param hardware hardware profiles by name
 * @param models model profiles by name
 */
public record Profiles(Map<String, HardwareProfile> hardware, Map<String, ModelProfile> models) {

    public static final String BUILT_IN = "/emulator/profiles.json";

    // An absent number reads as 0, which the profiles' own checks then accept as "not used" or refuse by name.
    private static final ObjectMapper MAPPER = Json.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public Profiles {
        hardware = Collections.unmodifiableMap(new LinkedHashMap<>(hardware));
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }

    public static Profiles builtIn() {
        try (InputStream in = Profiles.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN + " is missing from the classpath");
            }
            return parse(in.readAllBytes(), BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-ins with the profiles of {@code userFile} (same JSON shape) merged over them. */
    public static Profiles withUserFile(Path userFile) {
        try {
            return builtIn().mergedWith(parse(Files.readAllBytes(userFile), userFile.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Profiles parse(byte[] json, String origin) {
        File file;
        try {
            file = MAPPER.readValue(json, new TypeReference<File>() { });
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read profiles from " + origin + ": " + e.getMessage(), e);
        }
        Map<String, HardwareProfile> hardware = new LinkedHashMap<>();
        for (HardwareProfile profile : file.hardware()) {
            if (hardware.put(profile.name(), profile) != null) {
                throw new IllegalArgumentException(origin + " names hardware " + profile.name() + " twice");
            }
        }
        Map<String, ModelProfile> models = new LinkedHashMap<>();
        for (ModelProfile profile : file.models()) {
            if (models.put(profile.name(), profile) != null) {
                throw new IllegalArgumentException(origin + " names model " + profile.name() + " twice");
            }
        }
        return new Profiles(hardware, models);
    }

    public Profiles mergedWith(Profiles over) {
        Map<String, HardwareProfile> mergedHardware = new LinkedHashMap<>(hardware);
        mergedHardware.putAll(over.hardware());
        Map<String, ModelProfile> mergedModels = new LinkedHashMap<>(models);
        mergedModels.putAll(over.models());
        return new Profiles(mergedHardware, mergedModels);
    }

    public HardwareProfile hardware(String name) {
        HardwareProfile profile = hardware.get(name);
        if (profile == null) {
            throw new NoSuchElementException("no hardware profile " + name + "; known: " + hardware.keySet());
        }
        return profile;
    }

    public ModelProfile model(String name) {
        ModelProfile profile = models.get(name);
        if (profile == null) {
            throw new NoSuchElementException("no model profile " + name + "; known: " + models.keySet());
        }
        return profile;
    }

    public TimingEstimate estimate(String model, String hardware, Workload workload) {
        return TimingModel.estimate(model(model), hardware(hardware), workload);
    }

    /** The JSON shape of a profiles file. */
    record File(List<HardwareProfile> hardware, List<ModelProfile> models) {
        File {
            hardware = hardware == null ? List.of() : new ArrayList<>(hardware);
            models = models == null ? List.of() : new ArrayList<>(models);
        }
    }
}
