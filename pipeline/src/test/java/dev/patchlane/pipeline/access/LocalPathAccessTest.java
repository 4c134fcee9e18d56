package dev.patchlane.pipeline.access;

import static dev.patchlane.pipeline.access.AccessDecision.Rule.LOCAL_PATH_NOT_ALLOWED;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.PATH_TRAVERSAL;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.SYMLINK_ESCAPE;
import static dev.patchlane.pipeline.access.Decisions.assertAllowed;
import static dev.patchlane.pipeline.access.Decisions.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.patchlane.pipeline.access.AccessDecision.Refused;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPathAccessTest {

    @TempDir
    Path tmp;

    private Path root;
    private Path outside;
    private final FakeResolver resolver = new FakeResolver();

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(tmp.resolve("repos"));
        Files.createDirectories(root.resolve("app/.git"));
        outside = Files.createDirectories(tmp.resolve("outside/secret"));
        Files.createDirectories(tmp.resolve("repos-evil/app"));
    }

    private AccessDecision check(Path allowed, String repository) {
        return new RepositoryAccessPolicy(Rules.of(RuleSet.none().withAllowLocal(allowed)), resolver).check(repository, "acme", "cli");
    }

    private String real(Path path) throws IOException {
        return path.toRealPath().toString();
    }

    @Test
    void aPathUnderAnAllowedRootIsAllowedAsItsRealPath() throws IOException {
        assertEquals(real(root.resolve("app")), assertAllowed(check(root, root.resolve("app").toString())));
        assertEquals(real(root.resolve("app")), assertAllowed(check(root, root.resolve("app") + "/")));
        assertEquals(real(root.resolve("app")), assertAllowed(check(root, root + "/./app")));
        assertEquals(real(root), assertAllowed(check(root, root.toString())));
        assertEquals(List.of(), resolver.lookups);
    }

    @Test
    void aPathThatDoesNotExistYetIsCheckedThroughItsNearestParent() throws IOException {
        assertEquals(real(root) + "/new/repo", assertAllowed(check(root, root.resolve("new/repo").toString())));
        Files.createSymbolicLink(root.resolve("link"), outside);
        assertRefused(SYMLINK_ESCAPE, check(root, root.resolve("link/new/repo").toString()), "under a symlink out");
    }

    @Test
    void aPathOutsideEveryRootIsRefused() {
        assertRefused(LOCAL_PATH_NOT_ALLOWED, check(root, outside.toString()), "outside");
        assertRefused(LOCAL_PATH_NOT_ALLOWED, check(root, tmp.resolve("repos-evil/app").toString()), "a sibling sharing a prefix");
        assertRefused(LOCAL_PATH_NOT_ALLOWED, check(root, tmp.toString()), "the parent");
        assertRefused(PATH_TRAVERSAL, check(root, root + "/../outside/secret"), "traversal");
    }

    @Test
    void aSymlinkOutOfTheRootIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("app/escape-file"), outside.resolve("secret"));
        Refused refused = assertRefused(SYMLINK_ESCAPE, check(root, root.resolve("escape").toString()), "dir link");
        assertFalse(refused.detail().contains(outside.toString()), "where the link points is not disclosed: " + refused.detail());
        assertRefused(SYMLINK_ESCAPE, check(root, root.resolve("escape/secret").toString()), "below a link");
        assertRefused(SYMLINK_ESCAPE, check(root, root.resolve("app/escape-file").toString()), "nested link");
    }

    @Test
    void aRelativeSymlinkOutIsRefusedAndOneThatStaysInsideIsAllowed() throws IOException {
        Files.createSymbolicLink(root.resolve("up"), Path.of("../outside"));
        Files.createSymbolicLink(root.resolve("alias"), Path.of("app"));
        assertRefused(SYMLINK_ESCAPE, check(root, root.resolve("up").toString()), "relative link out");
        assertEquals(real(root.resolve("app")), assertAllowed(check(root, root.resolve("alias").toString())));
    }

    @Test
    void aDanglingSymlinkIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("dangling"), tmp.resolve("nowhere"));
        assertRefused(SYMLINK_ESCAPE, check(root, root.resolve("dangling").toString()), "dangling");
        assertRefused(SYMLINK_ESCAPE, check(root, root.resolve("dangling/x").toString()), "below a dangling link");
    }

    @Test
    void aRootThatIsItselfASymlinkAllowsNothing() throws IOException {
        Path linkedRoot = Files.createSymbolicLink(tmp.resolve("linked-root"), outside);
        assertRefused(SYMLINK_ESCAPE, check(linkedRoot, linkedRoot.resolve("secret").toString()), "root is a link");
        assertRefused(SYMLINK_ESCAPE, check(linkedRoot, linkedRoot.toString()), "the root itself");
    }

    @Test
    void aRootBelowASymlinkedParentIsComparedByRealPath() throws IOException {
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), tmp);
        Path viaAlias = alias.resolve("repos");
        assertEquals(real(root.resolve("app")), assertAllowed(check(viaAlias, viaAlias.resolve("app").toString())));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        assertRefused(SYMLINK_ESCAPE, check(viaAlias, viaAlias.resolve("escape").toString()), "escape via an aliased root");
    }

    @Test
    void aRootThatDoesNotExistAllowsNothing() {
        Path missing = tmp.resolve("missing");
        assertRefused(LOCAL_PATH_NOT_ALLOWED, check(missing, missing.resolve("app").toString()), "missing root");
    }

    @Test
    void aTenantsRootDoesNotGrantAnotherTenant() throws IOException {
        RepositoryAccessPolicy policy = new RepositoryAccessPolicy(
                Rules.none().withTenant("acme", RuleSet.none().withAllowLocal(root)), resolver);
        assertEquals(real(root.resolve("app")), assertAllowed(policy.check(root.resolve("app").toString(), "acme", "cli")));
        assertRefused(LOCAL_PATH_NOT_ALLOWED, policy.check(root.resolve("app").toString(), "globex", "cli"), "other tenant");
    }

    @Test
    void aSourceRootAppliesToThatSourceOnly() throws IOException {
        RepositoryAccessPolicy policy = new RepositoryAccessPolicy(
                Rules.none().withSource("demo", RuleSet.none().withAllowLocal(root)), resolver);
        assertEquals(real(root.resolve("app")), assertAllowed(policy.check(root.resolve("app").toString(), null, "demo")));
        assertRefused(LOCAL_PATH_NOT_ALLOWED, policy.check(root.resolve("app").toString(), null, "api"), "other source");
    }

    @Test
    void aSymlinkIsJudgedByTheRootItWasNamedUnder() throws IOException {
        Files.createSymbolicLink(root.resolve("to-outside"), outside);
        RepositoryAccessPolicy policy = new RepositoryAccessPolicy(
                Rules.of(RuleSet.none().withAllowLocal(root, tmp.resolve("outside"))), resolver);
        assertRefused(SYMLINK_ESCAPE, policy.check(root.resolve("to-outside").toString(), null, null), "named under repos");
        assertEquals(real(outside), assertAllowed(policy.check(outside.toString(), null, null)));
    }
}
