package dev.patchlane.codebase.safety;

import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/** Git-style diff sections for tests, written the way {@code git diff} writes them, index lines included. */
public final class Diffs {

    // Written by git 2.x with "git diff --binary --full-index" for the 21 bytes of LOGO.
    public static final byte[] LOGO = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 1, 2, 3, 'p', 'a', 't', 'c', 'h', 'l', 'a', 'n', 'e'};
    public static final String ADD_LOGO = "diff --git a/logo.png b/logo.png\nnew file mode 100644\n"
            + "index 0000000000000000000000000000000000000000..f8fa474205175f532bce369874f4920c0b025eb4\n"
            + "GIT binary patch\nliteral 21\nccmeAS@N?(olHy`uWMVEzEJ@DDNz6+H05ZD;U;qFB\n\nliteral 0\nHcmV?d00001\n\n";
    // 100,000 zero bytes deflate to a few hundred bytes of patch.
    public static final String ADD_ZEROS = "diff --git a/zeros.bin b/zeros.bin\nnew file mode 100644\n"
            + "index 0000000000000000000000000000000000000000..f18c9a678f421d5c52f6c5acc23670267d5f632f\n"
            + "GIT binary patch\nliteral 100000\n"
            + "zcmeIuF#!Mo0K%a4Pi+kkh(KY$fB^#r3>YwAz<>b*1`HT5V8DO@0|pEjFkrxd0RsjM\n"
            + "z7%*VKfB^#r3>YwAz<>b*1`HT5V8DO@0|pEjFkrxd0RsjM7%*VKfB^#r3>YwAz<>b*\n"
            + "z1`HT5V8DO@0|pEjFkrxd0RsjM7%*VKfB^#r3>YwAz<>b*1`HT5V8DO@0|pEjFkrxd\n"
            + "z0RsjM7%*VKfB^#r3>YwAz<>b*1`HT5V8DO@0|pEjFkrxd0RsjM7%*VKfB^#r3>YwA\n"
            + "zz<>b*1`HT5V8DO@0|pEjFkrxd0RsjM7%*VKfB^#r3>YwAz<>b*1`HT5V8DO@0|pEj\n"
            + "zFkrxd0RsjM7%*VKfB^#r3>YwAz<>b*1`HT5V8DO@0|pEjFkrxd0RsjM7%*VKfB^#r\n"
            + "z3>YwAz<>b*1`HT5V8DO@0|pEjFkrxd0RsjM7%*VKfB^#r3>YwAz<>b*1`HT5V8DO@\n"
            + "z0|pEjFkrxd0RsjM7%*VKfB^#r3>YwAz<>b*1`HT5V8DO@0|pEjFkrxd0RsjM7%*VK\n"
            + "rfB^#r3>YwAz<>b*1`HT5V8DO@0|pEjFkrxd0RsjM7%*VK!0W&OhOYnt\n\nliteral 0\nHcmV?d00001\n\n";
    // Two bytes changed in a 600-byte file: git sends a delta whose header says the result has 600 bytes.
    public static final String MODIFY_BLOB_BY_DELTA = "diff --git a/blob.bin b/blob.bin\n"
            + "index 40c11c06c49f9ddcf33648699a3323b5cb557afa..45fee8e3d53492adbf0d5e1d8c8d9f9771f632f0 100644\n"
            + "GIT binary patch\ndelta 27\njcmcb?a)X6C=#yING9IBzoe~TixfK~188_=PYBK@=gN+Bb\n\n"
            + "delta 27\njcmcb?a)X6C=#yING9IBzof5GdxfK~1uWZ(3)Mf+#jN1t3\n\n";

    private Diffs() {
    }

    /** A new file with mode 100644 holding the lines. */
    public static String addFile(String path, String... lines) {
        return addFileWithMode(path, "100644", lines);
    }

    public static String addFileWithMode(String path, String mode, String... lines) {
        String content = content(lines);
        return "diff --git a/" + path + " b/" + path + "\nnew file mode " + mode + "\nindex 0000000.." + abbreviated(content) + "\n"
                + "--- /dev/null\n+++ b/" + path + "\n@@ -0,0 +1," + lines.length + " @@\n" + prefixed('+', lines);
    }

    public static String deleteFile(String path, String... lines) {
        String content = content(lines);
        return "diff --git a/" + path + " b/" + path + "\ndeleted file mode 100644\nindex " + abbreviated(content) + "..0000000\n"
                + "--- a/" + path + "\n+++ /dev/null\n@@ -1," + lines.length + " +0,0 @@\n" + prefixed('-', lines);
    }

    /** A one-line file changed from one line to another. */
    public static String modify(String path, String before, String after) {
        return "diff --git a/" + path + " b/" + path + "\nindex " + abbreviated(before + "\n") + ".." + abbreviated(after + "\n") + " 100644\n"
                + "--- a/" + path + "\n+++ b/" + path + "\n@@ -1 +1 @@\n-" + before + "\n+" + after + "\n";
    }

    /** A new symlink, as git writes one: its target is the content, without a final newline. */
    public static String addSymlink(String path, String target) {
        return "diff --git a/" + path + " b/" + path + "\nnew file mode 120000\nindex 0000000.." + abbreviated(target) + "\n"
                + "--- /dev/null\n+++ b/" + path + "\n@@ -0,0 +1 @@\n+" + target + "\n\\ No newline at end of file\n";
    }

    public static String modeChange(String path, String from, String to) {
        return "diff --git a/" + path + " b/" + path + "\nold mode " + from + "\nnew mode " + to + "\n";
    }

    public static String rename(String from, String to) {
        return "diff --git a/" + from + " b/" + to + "\nsimilarity index 100%\nrename from " + from + "\nrename to " + to + "\n";
    }

    private static String content(String... lines) {
        return lines.length == 0 ? "" : String.join("\n", lines) + "\n";
    }

    private static String prefixed(char prefix, String... lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(prefix).append(line).append('\n');
        }
        return text.toString();
    }

    private static String abbreviated(String content) {
        ObjectId id = new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
        return id.abbreviate(7).name();
    }
}
