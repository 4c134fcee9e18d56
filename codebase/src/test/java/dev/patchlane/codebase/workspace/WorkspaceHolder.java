package dev.patchlane.codebase.workspace;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM: {@code hold <root>} opens a workspace, prints its directory and waits to be killed; {@code clean
 * <root>} prints what {@link Workspaces#cleanStale()} removed.
 */
public final class WorkspaceHolder {

    private WorkspaceHolder() {
    }

    public static void main(String[] args) throws Exception {
        Workspaces workspaces = new Workspaces(Path.of(args[1]));
        if (args[0].equals("hold")) {
            Workspace workspace = workspaces.create("child");
            Files.writeString(workspace.directory().resolve("file.txt"), "held\n");
            System.out.println(workspace.directory());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        } else {
            System.out.println(workspaces.cleanStale());
        }
    }
}
