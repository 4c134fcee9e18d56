package dev.patchlane.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds a program on the worker's PATH, then in /usr/bin and /bin. */
final class Executables {

    private Executables() {
    }

    static Optional<Path> find(String name) {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.add("/usr/bin");
        directories.add("/bin");
        return directories.stream()
                .filter(directory -> !directory.isEmpty() && directory.startsWith("/"))
                .map(directory -> Path.of(directory, name))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }
}
