package dev.patchlane.worker.verify;

import dev.patchlane.codebase.AppliedPatch;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.codebase.workspace.Checkout;
import dev.patchlane.codebase.workspace.Workspaces;
import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import dev.patchlane.sandbox.BwrapDetection;
import dev.patchlane.sandbox.BwrapRunner;
import dev.patchlane.sandbox.CommandRunner;
import dev.patchlane.sandbox.Limits;
import dev.patchlane.sandbox.UnsandboxedRunner;
import dev.patchlane.sandbox.checks.CheckDeclaration;
import dev.patchlane.sandbox.checks.ChecksFileReader;
import dev.patchlane.sandbox.checks.ChecksResolver;
import dev.patchlane.sandbox.checks.ConfiguredChecks;
import dev.patchlane.sandbox.checks.DeclaredChecks;
import dev.patchlane.sandbox.verify.BaselineCache;
import dev.patchlane.sandbox.verify.CheckRunner;
import dev.patchlane.sandbox.verify.CheckTampering;
import dev.patchlane.sandbox.verify.SandboxMode;
import dev.patchlane.sandbox.verify.Verifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** A lane's verification step: which checks a repository declares, and running them on a checkout of a patch. */
public final class PatchVerification {

    private static final Logger LOG = Logger.getLogger(PatchVerification.class);

    private final VerifyConfig config;
    private final Verifier verifier;
    private final Workspaces workspaces;
    private final Set<String> warnedUnsandboxed = ConcurrentHashMap.newKeySet();

    public PatchVerification(VerifyConfig config, Verifier verifier, Workspaces workspaces) {
        this.config = config;
        this.verifier = verifier;
        this.workspaces = workspaces;
    }

    /** One sandbox probe, one baseline cache, and workspaces under {@code workspaceRoot}, cleaned of stale ones first. */
    public static PatchVerification create(VerifyConfig config, Path workspaceRoot) {
        Workspaces workspaces = new Workspaces(workspaceRoot);
        int stale = workspaces.cleanStale();
        if (stale > 0) {
            LOG.infof("removed %d workspaces left behind by stopped processes", stale);
        }
        List<Path> extra = config.extraReadOnlyPaths().orElse(List.of()).stream().map(Path::of).toList();
        BwrapDetection detection = BwrapRunner.probe(extra);
        Optional<BwrapRunner> bwrap = detection.runner();
        String unavailable = detection.unavailableReason();
        if (bwrap.isEmpty() && config.enabled()) {
            LOG.warnf("no sandbox: %s; repository checks will be refused unless a repository is configured with sandbox: none", unavailable);
        }
        VerifyConfig.Limits l = config.limits();
        Limits limits = new Limits(l.wallTime(), l.cpuTime(), l.memoryBytes(), l.processes(), l.outputBytes(), l.tailBytes());
        int concurrent = config.maxConcurrentChecks() > 0 ? config.maxConcurrentChecks() : Runtime.getRuntime().availableProcessors();
        CheckRunner runner = new CheckRunner(bwrap.map(CommandRunner.class::cast), unavailable, new UnsandboxedRunner(), limits, concurrent);
        return new PatchVerification(config, new Verifier(runner, new BaselineCache(config.baselineCacheSize())), workspaces);
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * The checks for a repository at a commit: configured ones first, then its {@code .patchlane.yml}'s.
     *
     * @throws dev.patchlane.sandbox.checks.ChecksFileException when the repository's file breaks the format
     */
    public DeclaredChecks checksFor(Snapshot snapshot, String repository) {
        Optional<String> file = readsRepositoryFile(repository) ? snapshot.readText(ChecksFileReader.FILE_NAME) : Optional.empty();
        return ChecksResolver.resolve(configured(repository), file, snapshot.commitId(), config.maxCheckTimeout());
    }

    /**
     * Whether a repository's own {@code .patchlane.yml} is read: in the sandbox, when reading is on; unsandboxed, only
     * where the operator says the repository's commands may run on the host, since a pull request can change that file.
     */
    private boolean readsRepositoryFile(String repository) {
        if (!config.readRepositoryFile()) {
            return false;
        }
        if (modeFor(repository) == SandboxMode.BWRAP) {
            return true;
        }
        return Optional.ofNullable(config.repositories().get(repository)).flatMap(VerifyConfig.RepositoryVerify::trustRepositoryChecks)
                .orElse(false);
    }

    public SandboxMode modeFor(String repository) {
        String mode = Optional.ofNullable(config.repositories().get(repository)).flatMap(VerifyConfig.RepositoryVerify::sandbox)
                .orElse(config.sandbox());
        SandboxMode parsed = SandboxMode.parse(mode);
        if (parsed == SandboxMode.NONE && warnedUnsandboxed.add(repository)) {
            LOG.warnf("checks of %s run WITHOUT a sandbox (sandbox: none): its commands see this host, its network and its files",
                    repository);
        }
        return parsed;
    }

    /** A fresh checkout of the base commit, for the agent to work in. */
    public Checkout checkout(Snapshot snapshot, String label) {
        return Checkout.of(snapshot, workspaces.create(label));
    }

    /** Checks a patch applied in memory: its tree is written to a fresh workspace, which is deleted afterwards. */
    public Verification verify(AppliedPatch patch, Snapshot base, String repository, DeclaredChecks checks, String label) {
        if (checks.isEmpty()) {
            return Verifier.nothingDeclared(checks);
        }
        List<CheckResult> tampered = CheckTampering.find(checks, patch.paths());
        if (!tampered.isEmpty()) {
            return new Verification(VerificationVerdict.FAILED, verifier.runner().sandboxLabel(modeFor(repository)), tampered,
                    "broken by the patch: it changes what " + String.join(", ", tampered.stream().map(CheckResult::name).toList()) + " runs");
        }
        long start = System.nanoTime();
        try (Checkout patched = Checkout.of(patch, workspaces.create(label))) {
            return verify(patched.directory(), base, repository, checks, label).took((System.nanoTime() - start) / 1_000_000);
        }
    }

    private Verification verify(Path patched, Snapshot base, String repository, DeclaredChecks checks, String label) {
        return verifier.verify(patched, checks, modeFor(repository), repository + "@" + base.commitId(), () -> {
            Checkout baseCheckout = Checkout.of(base, workspaces.create(label + "-base"));
            return new Verifier.BaseWorkspace() {
                @Override
                public Path directory() {
                    return baseCheckout.directory();
                }

                @Override
                public void close() {
                    baseCheckout.close();
                }
            };
        });
    }

    /**
     * One named check on the agent's changes so far, for its {@code run_check} tool: on a fresh checkout of the patch,
     * so that what a check writes (build outputs) never becomes part of the agent's diff.
     */
    public CheckResult runOne(CheckDeclaration declared, Snapshot base, Optional<AppliedPatch> changes, String repository, String label,
            Duration atMost) {
        Duration own = declared.timeout() == null ? config.limits().wallTime() : declared.timeout();
        Duration bounded = own.compareTo(atMost) <= 0 ? own : atMost.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : atMost;
        CheckDeclaration check = new CheckDeclaration(declared.name(), declared.argv(), declared.shell(), bounded);
        try (Checkout scratch = changes.map(patch -> Checkout.of(patch, workspaces.create(label)))
                .orElseGet(() -> Checkout.of(base, workspaces.create(label)))) {
            return verifier.runner().run(check, scratch.directory(), modeFor(repository), null);
        }
    }

    private DeclaredChecks configured(String repository) {
        VerifyConfig.RepositoryVerify own = config.repositories().get(repository);
        if (own == null) {
            return DeclaredChecks.none();
        }
        List<CheckDeclaration> checks = new ArrayList<>();
        for (Map.Entry<String, VerifyConfig.CheckConfig> entry : own.checks().entrySet()) {
            VerifyConfig.CheckConfig check = entry.getValue();
            if (check.run().isPresent() == check.shell().isPresent()) {
                throw new IllegalStateException("patchlane.verify.repositories.\"" + repository + "\".checks." + entry.getKey()
                        + ": give exactly one of run or shell");
            }
            checks.add(check.run().isPresent()
                    ? ConfiguredChecks.argv(entry.getKey(), check.run().get(), check.timeout().orElse(null))
                    : ConfiguredChecks.shell(entry.getKey(), check.shell().get(), check.timeout().orElse(null)));
        }
        return ConfiguredChecks.of(checks);
    }
}
