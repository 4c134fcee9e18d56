package dev.patchlane.app.demo;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.decoding.emulator.ScriptedContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * A small Java repository with real defects — lint findings, described bugs, untested functions, files to migrate —
 * and the batch of jobs that fixes them, with the emulator script that answers the jobs no deterministic fixer can.
 */
public final class SampleRepository {

    private static final JobSource SOURCE = new JobSource("demo", "patchlane demo", null);

    private final List<JobRequest> jobs = new ArrayList<>();
    private final List<ScriptedContent.Entry> script = new ArrayList<>();
    private final Map<String, String> files = new java.util.TreeMap<>();
    private final String runId;

    private SampleRepository(String runId) {
        this.runId = runId;
    }

    /** Writes the repository at {@code dir}, commits it on {@code main}, and returns its jobs and script. */
    public static DemoPlan create(Path dir, String runId) throws IOException, GitAPIException {
        SampleRepository sample = new SampleRepository(runId);
        sample.lintJobs();
        sample.bugJobs();
        sample.testJobs();
        sample.migrationJobs();
        sample.structuredJobs();
        sample.checks();
        sample.write(dir);
        return new DemoPlan(dir, List.copyOf(sample.jobs), List.copyOf(sample.script));
    }

    private void lintJobs() {
        for (int i = 1; i <= 20; i++) {
            String path = "src/main/java/demo/lint/Widget" + i + ".java";
            files.put(path, lintyClass("demo.lint", "Widget" + i));
            job(JobKind.LINT_FIX, List.of(path), "Fix the lint findings: trailing whitespace, unused imports, missing final newline.", null);
        }
        for (int group = 1; group <= 3; group++) {
            List<String> paths = new ArrayList<>();
            for (int k = 1; k <= 4; k++) {
                String path = "src/main/java/demo/report/Report" + group + k + ".java";
                files.put(path, lintyClass("demo.report", "Report" + group + k));
                paths.add(path);
            }
            job(JobKind.LINT_FIX, paths, "Fix the lint findings across the report package.", null);
        }
        for (String name : List.of("TokenStore", "PasswordPolicy")) {
            String path = "src/main/java/demo/auth/" + name + ".java";
            files.put(path, lintyClass("demo.auth", name));
            job(JobKind.LINT_FIX, List.of(path), "Fix the lint findings.", null);
        }
        for (int i = 1; i <= 2; i++) {
            String path = "src/main/java/demo/clean/Clean" + i + ".java";
            files.put(path, "package demo.clean;\n\npublic class Clean" + i + " {\n    public int one() {\n        return 1;\n    }\n}\n");
            job(JobKind.LINT_FIX, List.of(path), "Fix the lint findings, if any.", null);
        }
    }

    private void bugJobs() {
        bug("Stats", "public static double average(int[] values) {\n        int sum = 0;\n        for (int v : values) {\n            sum += v;\n        }\n        return (double) sum / (values.length - 1);\n    }",
                "average() divides by one less than the number of values: average({2, 4}) returns 6.0 instead of 3.0.",
                "(double) sum / (values.length - 1)", "(double) sum / values.length", null);
        bug("Range", "public static boolean contains(int low, int high, int value) {\n        return value >= low && value < high;\n    }",
                "contains() is documented as inclusive of both ends but contains(1, 5, 5) returns false.",
                "value < high", "value <= high", null);
        bug("Pager", "public static int pages(int items, int pageSize) {\n        return items / pageSize;\n    }",
                "pages(11, 5) returns 2; the last, partial page is missing.",
                "return items / pageSize;", "return (items + pageSize - 1) / pageSize;", null);
        bug("Initials", "public static String initials(String first, String last) {\n        return first.substring(0, 1) + last.substring(0, 0);\n    }",
                "initials(\"Ada\", \"Lovelace\") returns \"A\" instead of \"AL\".",
                "last.substring(0, 0)", "last.substring(0, 1)", null);
        bug("Celsius", "public static double toFahrenheit(double celsius) {\n        return celsius * 9 / 5 - 32;\n    }",
                "toFahrenheit(100) returns 148 instead of 212.",
                "celsius * 9 / 5 - 32", "celsius * 9 / 5 + 32", null);
        bug("Clamp", "public static int clamp(int value, int min, int max) {\n        return Math.max(max, Math.min(min, value));\n    }",
                "clamp(5, 0, 10) returns 10; min and max are swapped.",
                "Math.max(max, Math.min(min, value))", "Math.max(min, Math.min(max, value))", Lane.FAST);
        bug("Percent", "public static int percent(int part, int whole) {\n        return part / whole * 100;\n    }",
                "percent(1, 4) returns 0 instead of 25: integer division happens first.",
                "part / whole * 100", "part * 100 / whole", Lane.FAST);
        bug("Last", "public static int last(int[] values) {\n        return values[values.length];\n    }",
                "last() always throws ArrayIndexOutOfBoundsException.",
                "values[values.length]", "values[values.length - 1]", Lane.FAST);
        String slow = "src/main/java/demo/bugs/Slow.java";
        files.put(slow, "package demo.bugs;\n\npublic class Slow {\n    public static long fib(int n) {\n        return n < 2 ? n : fib(n - 1) + fib(n - 2);\n    }\n}\n");
        job(JobKind.ISSUE, List.of(slow), "fib(50) never finishes; make it fast without changing its results.", null);
    }

    private void bug(String name, String method, String issue, String find, String replace, Lane hint) {
        String path = "src/main/java/demo/bugs/" + name + ".java";
        files.put(path, "package demo.bugs;\n\npublic class " + name + " {\n    " + method + "\n}\n");
        // A fast-lane hint on a bug only the deep model solves exercises the cascade.
        List<String> lanes = hint == Lane.FAST ? List.of("deep") : null;
        script.add(new ScriptedContent.Entry("fix-" + name.toLowerCase(java.util.Locale.ROOT), JobKind.ISSUE, path, null, lanes,
                "Fixed the bug described in the issue.", List.of(new ScriptedContent.Edit(path, find, replace, null))));
        job(JobKind.ISSUE, List.of(path), "Bug report: " + issue, hint);
    }

    private void testJobs() {
        String[][] functions = {
            {"Slugs", "slug", "String", "text.toLowerCase().trim().replaceAll(\"[^a-z0-9]+\", \"-\")", "\"Hello World\"", "\"hello-world\""},
            {"Vowels", "count", "int", "(int) text.chars().filter(c -> \"aeiou\".indexOf(c) >= 0).count()", "\"banana\"", "3"},
            {"Reverse", "reverse", "String", "new StringBuilder(text).reverse().toString()", "\"abc\"", "\"cba\""},
            {"Words", "count", "int", "text.isBlank() ? 0 : text.trim().split(\"\\\\s+\").length", "\"one two  three\"", "3"},
            {"Capitalize", "capitalize", "String", "text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1)", "\"patch\"", "\"Patch\""},
        };
        for (String[] f : functions) {
            String path = "src/main/java/demo/text/" + f[0] + ".java";
            String test = "src/test/java/demo/text/" + f[0] + "Test.java";
            files.put(path, "package demo.text;\n\npublic final class " + f[0] + " {\n\n    private " + f[0] + "() {\n    }\n\n    public static " + f[2] + " "
                    + f[1] + "(String text) {\n        return " + f[3] + ";\n    }\n}\n");
            String testContent = "package demo.text;\n\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n\nimport org.junit.jupiter.api.Test;\n\n"
                    + "class " + f[0] + "Test {\n\n    @Test\n    void " + f[1] + "Works() {\n        assertEquals(" + f[5] + ", " + f[0] + "." + f[1] + "(" + f[4]
                    + "));\n    }\n}\n";
            script.add(new ScriptedContent.Entry("test-" + f[0].toLowerCase(java.util.Locale.ROOT), JobKind.TEST_GENERATION, path, null, null,
                    "Added a unit test for " + f[0] + "." + f[1] + ".", List.of(new ScriptedContent.Edit(test, null, null, testContent))));
            job(JobKind.TEST_GENERATION, List.of(path), "Write unit tests for the untested function " + f[0] + "." + f[1] + ".", null);
        }
    }

    private void migrationJobs() {
        // The annotations the legacy classes use, before and after the migration, so that the build check compiles them.
        for (String pkg : List.of("javax.annotation", "jakarta.annotation")) {
            for (String name : List.of("Nonnull", "Nullable")) {
                files.put("src/main/java/" + pkg.replace('.', '/') + "/" + name + ".java", "package " + pkg + ";\n\npublic @interface " + name + " {\n}\n");
            }
        }
        for (int i = 1; i <= 10; i++) {
            String path = "src/main/java/demo/legacy/Legacy" + i + ".java";
            files.put(path, "package demo.legacy;\n\nimport javax.annotation.Nonnull;\nimport javax.annotation.Nullable;\n\npublic class Legacy" + i
                    + " {\n    @Nullable\n    private String value;\n\n    public @Nonnull String valueOr(@Nonnull String fallback) {\n        return value == null ? fallback : value;\n    }\n}\n");
            job(JobKind.MIGRATION, List.of(path), "Migrate from javax.annotation to jakarta.annotation.\nrewrite: javax.annotation. -> jakarta.annotation.", null);
        }
    }

    // Checks that run in well under a second each: the whole build with javac, and the whitespace rule the lint jobs fix.
    private void checks() {
        files.put(".patchlane.yml", """
                version: 1
                checks:
                  - name: build
                    run: ["sh", "checks/build.sh"]
                    timeout: 60s
                  - name: lint
                    run: ["sh", "checks/lint.sh"]
                    timeout: 30s
                """);
        files.put("checks/build.sh", """
                #!/bin/sh
                # Compiles every main source file; the classes go to a temporary directory, never into the repository.
                javac=$(command -v javac || ls /usr/lib/jvm/*/bin/javac 2>/dev/null | head -n 1)
                if [ -z "$javac" ]; then echo "no javac on this machine"; exit 127; fi
                out=$(mktemp -d)
                "$javac" -proc:none -implicit:none -J-Xmx256m -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -d "$out" $(find src/main/java -name '*.java')
                status=$?
                rm -rf "$out"
                exit $status
                """);
        files.put("checks/lint.sh", """
                #!/bin/sh
                # Fails on trailing whitespace in main sources, naming each line.
                if grep -rnE '[[:space:]]+$' src/main/java; then echo "trailing whitespace found"; exit 1; fi
                echo "no trailing whitespace"
                """);
    }

    // Jobs that ask for a JSON document instead of a diff: a triage, a review and a migration plan.
    private void structuredJobs() {
        structured(JobKind.ISSUE, "src/main/java/demo/bugs/Stats.java",
                "Triage this bug report: average() divides by one less than the number of values.", """
                {"type": "object", "additionalProperties": false, "required": ["severity", "summary", "files", "needsDeepLane"],
                 "properties": {"severity": {"enum": ["low", "medium", "high"]}, "summary": {"type": "string", "minLength": 10},
                   "files": {"type": "array", "minItems": 1, "items": {"type": "string"}}, "needsDeepLane": {"type": "boolean"}}}
                """);
        structured(JobKind.ISSUE, "src/main/java/demo/auth/TokenStore.java",
                "Review TokenStore for security risks and list the findings.", """
                {"type": "object", "required": ["summary", "findings"],
                 "properties": {"summary": {"type": "string", "minLength": 10},
                   "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}}},
                 "$defs": {"finding": {"type": "object", "required": ["file", "risk", "description"],
                   "properties": {"file": {"type": "string"}, "risk": {"enum": ["low", "medium", "high"]},
                     "description": {"type": "string"}}}}}
                """);
        structured(JobKind.MIGRATION, "src/main/java/demo/legacy/Legacy1.java",
                "Plan the migration from javax.annotation to jakarta.annotation.", """
                {"type": "object", "required": ["steps", "files", "risk"],
                 "properties": {"steps": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                   "files": {"type": "array", "items": {"type": "string"}}, "risk": {"enum": ["low", "medium", "high"]}}}
                """);
    }

    private void structured(JobKind kind, String path, String instructions, String schema) {
        try {
            jobs.add(new JobRequest(kind, null, "main", List.of(path), instructions, Json.mapper().readTree(schema), null, SOURCE,
                    "demo-" + runId + "-" + (jobs.size() + 1)));
        } catch (IOException e) {
            throw new IllegalStateException("a demo schema is not JSON", e);
        }
    }

    private static String lintyClass(String pkg, String name) {
        return "package " + pkg + ";\n\nimport java.util.ArrayList;\nimport java.util.List;\nimport java.util.Map;   \n\npublic class " + name
                + " {\n    private final List<String> names = new ArrayList<>();  \n\n    public void add(String name) {\n        names.add(name);\t\n    }\n\n"
                + "    public int count() {\n        return names.size();\n    }\n}";
    }

    private void job(JobKind kind, List<String> paths, String instructions, Lane hint) {
        jobs.add(new JobRequest(kind, null, "main", paths, instructions, null, hint, SOURCE, "demo-" + runId + "-" + (jobs.size() + 1)));
    }

    private void write(Path dir) throws IOException, GitAPIException {
        Files.createDirectories(dir);
        files.put("README.md", "# sample\n\nA small repository with defects for the patchlane demo.\n");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Sample repository with defects").setAuthor("patchlane demo", "demo@patchlane.invalid")
                    .setCommitter("patchlane demo", "demo@patchlane.invalid").setSign(false).call();
        }
    }
}
