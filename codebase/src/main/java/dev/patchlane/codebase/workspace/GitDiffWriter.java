package dev.patchlane.codebase.workspace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.util.QuotedString;
import org.eclipse.jgit.util.io.BinaryHunkOutputStream;

/**
 * Writes changes the way {@code git diff --binary} does: a {@code diff --git} section per file with its mode lines, index
 * line and hunks; a file that is not UTF-8 text on either side gets a literal {@code GIT binary patch}, since a diff is a
 * string and could not carry its bytes otherwise.
 */
final class GitDiffWriter {

    private static final int ABBREVIATED = 7;

    private GitDiffWriter() {
    }

    static String write(List<WorkspaceChanges.Change> changes, ObjectReader reader) throws IOException {
        StringBuilder diff = new StringBuilder();
        for (WorkspaceChanges.Change change : changes) {
            diff.append(section(change, reader));
        }
        return diff.toString();
    }

    private static String section(WorkspaceChanges.Change change, ObjectReader reader) throws IOException {
        boolean added = change.oldMode() == FileMode.MISSING;
        boolean deleted = change.newMode() == FileMode.MISSING;
        byte[] before = added ? new byte[0] : reader.open(change.oldId(), Constants.OBJ_BLOB).getBytes();
        byte[] after = deleted ? new byte[0] : readWithoutFollowing(change.file());
        boolean binary = !isText(before) || !isText(after);
        String a = quoted("a/" + change.path());
        String b = quoted("b/" + change.path());
        StringBuilder section = new StringBuilder("diff --git ").append(a).append(' ').append(b).append('\n');
        if (added) {
            section.append("new file mode ").append(mode(change.newMode())).append('\n');
        } else if (deleted) {
            section.append("deleted file mode ").append(mode(change.oldMode())).append('\n');
        } else if (change.oldMode() != change.newMode()) {
            section.append("old mode ").append(mode(change.oldMode())).append('\n')
                    .append("new mode ").append(mode(change.newMode())).append('\n');
        }
        if (!change.contentChanged()) {
            return section.toString();
        }
        int length = binary ? Constants.OBJECT_ID_STRING_LENGTH : ABBREVIATED;
        section.append("index ").append(change.oldId().abbreviate(length).name()).append("..")
                .append(change.newId().abbreviate(length).name());
        if (!added && !deleted && change.oldMode() == change.newMode()) {
            section.append(' ').append(mode(change.oldMode()));
        }
        section.append('\n');
        if (binary) {
            return section.append("GIT binary patch\n").append(literal(after)).append('\n').append(literal(before)).append('\n')
                    .toString();
        }
        if (before.length == 0 && after.length == 0) {
            return section.toString();
        }
        section.append("--- ").append(added ? "/dev/null" : a).append('\n');
        section.append("+++ ").append(deleted ? "/dev/null" : b).append('\n');
        return section.append(hunks(before, after)).toString();
    }

    private static String hunks(byte[] before, byte[] after) throws IOException {
        RawText a = new RawText(before);
        RawText b = new RawText(after);
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM).diff(RawTextComparator.DEFAULT, a, b);
        ByteArrayOutputStream hunks = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(hunks)) {
            formatter.format(edits, a, b);
        }
        return hunks.toString(StandardCharsets.UTF_8);
    }

    // As git writes it, at zlib's default level: "literal <size>", then the deflated bytes in base85 lines.
    private static String literal(byte[] content) throws IOException {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try (OutputStream out = new DeflaterOutputStream(new BinaryHunkOutputStream(encoded), deflater)) {
            out.write(content);
        } finally {
            deflater.end();
        }
        return "literal " + content.length + "\n" + encoded.toString(StandardCharsets.US_ASCII);
    }

    static byte[] readWithoutFollowing(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readAllBytes();
        }
    }

    private static boolean isText(byte[] content) {
        if (RawText.isBinary(content)) {
            return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String quoted(String path) {
        return QuotedString.GIT_PATH_MINIMAL.quote(path);
    }

    private static String mode(FileMode mode) {
        return mode == FileMode.EXECUTABLE_FILE ? "100755" : "100644";
    }
}
