package dev.patchlane.app.bench.kills;

import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the fleet really did for the submitted jobs, read from the broker, the repository and the patch directory:
 * every status record, every publication, every bot branch and every patch file.
 *
 * @param ends jobs by terminal state
 * @param unfinished submitted jobs with no terminal status, lost or still waiting
 * @param pending where each unfinished job's pending record stands: a backlog, or lost (committed or dead-lettered)
 * @param conflictingEnds jobs with two different terminal states
 * @param runningRewrites RUNNING status records beyond one per attempt: work redone after a kill
 * @param deadLetters records in the dead-letter topic (any stage, any job); by exception class in {@code pending}
 * @param reannounced jobs whose (same) publication was announced more than once: at least once, by design
 * @param branches bot branches in the repository
 * @param badBranches branches with more than one commit, of no submitted job, or whose tip is not the announced commit
 * @param patchFiles patch files in the shared directory
 * @param leftoverTemps temporary files a killed sink left beside them
 * @param doubleEffects jobs announced with more than one (branch, commit, patch file)
 * @param missingEffects published jobs without their branch or patch file
 * @param problems one line per finding, for the report
 */
public record EffectsAudit(Map<JobState, Integer> ends, int unfinished, PendingRecords pending, int conflictingEnds, int runningRewrites, int reannounced, long deadLetters, int branches, int badBranches,
        int patchFiles, int leftoverTemps, int doubleEffects, int missingEffects, List<String> problems) {

    private static final int SHOWN_PROBLEMS = 20;

    public static Map<String, List<JobStatus>> statuses(String bootstrap, Set<String> jobs) {
        Map<String, List<JobStatus>> byJob = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(bootstrap, Topics.STATUS)) {
            if (record.value() != null && jobs.contains(record.key())) {
                byJob.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(Json.read(record.value(), JobStatus.class));
            }
        }
        return byJob;
    }

    public static int terminal(Map<String, List<JobStatus>> statuses) {
        return (int) statuses.values().stream().filter(list -> list.stream().anyMatch(JobStatus::isTerminal)).count();
    }

    /**
     * @param beforeStop committed offsets when the processes' final stop began, {@link PendingRecords#committed}
     * @param afterStop the same once every process had exited
     */
    public static EffectsAudit of(String bootstrap, Set<String> jobs, Path repository, Path patchDir, Map<String, Map<TopicPartition, Long>> beforeStop,
            Map<String, Map<TopicPartition, Long>> afterStop) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, List<JobStatus>> statuses = statuses(bootstrap, jobs);
        Map<JobState, Integer> ends = new EnumMap<>(JobState.class);
        Map<String, JobKind> published = new HashMap<>();
        Set<String> open = new HashSet<>();
        int conflicting = 0;
        int rewrites = 0;
        for (String job : jobs) {
            List<JobStatus> records = statuses.getOrDefault(job, List.of());
            Set<JobState> terminal = new HashSet<>();
            records.stream().filter(JobStatus::isTerminal).forEach(s -> terminal.add(s.state()));
            if (terminal.isEmpty()) {
                open.add(job);
                problems.add("unfinished: " + job + " last seen " + (records.isEmpty() ? "nowhere" : records.get(records.size() - 1).state()));
                continue;
            }
            if (terminal.size() > 1) {
                conflicting++;
                problems.add("conflicting ends: " + job + " " + terminal);
            }
            JobStatus end = records.stream().filter(JobStatus::isTerminal).findFirst().orElseThrow();
            ends.merge(end.state(), 1, Integer::sum);
            if (end.state() == JobState.PUBLISHED) {
                published.put(job, end.kind());
            }
            long attempts = end.history().stream().filter(t -> t.state() == JobState.RUNNING).count();
            long running = records.stream().filter(s -> s.state() == JobState.RUNNING).count();
            rewrites += (int) Math.max(0, running - attempts);
        }

        Map<String, Set<String>> announced = new HashMap<>();
        Map<String, String> announcedCommit = new HashMap<>();
        Map<String, Integer> announcements = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(bootstrap, Topics.PUBLISHED)) {
            if (jobs.contains(record.key())) {
                Publication publication = Json.read(record.value(), Publication.class);
                announced.computeIfAbsent(record.key(), k -> new HashSet<>())
                        // Sinks name the shared patch directory through their own data directories: the file name is the effect.
                        .add(publication.branch() + " " + publication.commit() + " " + Path.of(publication.patchFile()).getFileName());
                announcements.merge(record.key(), 1, Integer::sum);
                announcedCommit.put(record.key(), publication.commit());
            }
        }
        int doubles = 0;
        for (Map.Entry<String, Set<String>> effects : announced.entrySet()) {
            if (effects.getValue().size() > 1) {
                doubles++;
                problems.add("announced twice, differently: " + effects.getKey() + " " + effects.getValue());
            }
        }

        String main = Git.run(repository, "rev-parse", "main").strip();
        Map<String, String> branchTips = new TreeMap<>();
        int bad = 0;
        for (String line : Git.run(repository, "for-each-ref", "--format=%(refname:short) %(objectname) %(parent)", "refs/heads/patchlane/")
                .lines().toList()) {
            String[] parts = line.split(" ");
            branchTips.put(parts[0], parts[1]);
            if (parts.length != 3 || !parts[2].equals(main)) {
                bad++;
                problems.add("branch " + parts[0] + " is not one commit on main: " + line);
            }
        }
        Set<String> expectedBranches = new HashSet<>();
        int missing = 0;
        for (Map.Entry<String, JobKind> job : published.entrySet()) {
            String branch = JobIds.branchName(job.getValue(), job.getKey());
            expectedBranches.add(branch);
            String tip = branchTips.get(branch);
            if (tip == null) {
                missing++;
                problems.add("published without its branch: " + job.getKey());
            } else if (!tip.equals(announcedCommit.get(job.getKey()))) {
                bad++;
                problems.add("branch " + branch + " at " + tip + " but announced " + announcedCommit.get(job.getKey()));
            }
            if (!Files.isRegularFile(patchDir.resolve(job.getKey() + ".patch"))) {
                missing++;
                problems.add("published without its patch file: " + job.getKey());
            }
        }
        for (String branch : branchTips.keySet()) {
            if (!expectedBranches.contains(branch)) {
                bad++;
                problems.add("branch of no published job: " + branch);
            }
        }

        int patches = 0;
        int temps = 0;
        if (Files.isDirectory(patchDir)) {
            try (Stream<Path> files = Files.list(patchDir)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".patch")) {
                        patches++;
                    } else if (name.endsWith(".tmp")) {
                        temps++;
                    }
                }
            }
        }
        if (patches != published.size()) {
            problems.add(patches + " patch files for " + published.size() + " published jobs");
        }
        PendingRecords pending = PendingRecords.of(bootstrap, open, beforeStop, afterStop);
        // The lost ones first: they are the findings; the unfinished lines above them only say which jobs.
        problems.addAll(0, pending.examples());
        long deadLetters = TopicReader.count(bootstrap, Topics.DEAD_LETTER);
        if (deadLetters > 0) {
            problems.add(deadLetters + " records in " + Topics.DEAD_LETTER + " " + pending.deadLetterClasses());
        }
        List<String> shown = problems.size() > SHOWN_PROBLEMS
                ? Stream.concat(problems.stream().limit(SHOWN_PROBLEMS), Stream.of("... " + (problems.size() - SHOWN_PROBLEMS) + " more")).toList()
                : problems;
        int reannounced = (int) announcements.values().stream().filter(n -> n > 1).count();
        return new EffectsAudit(ends, open.size(), pending, conflicting, rewrites, reannounced, deadLetters, branchTips.size(), bad, patches, temps, doubles, missing,
                List.copyOf(shown));
    }

    /** Nothing lost, nothing doubled, nothing published without its effects; a backlog left unfinished is reported, not failed. */
    public boolean clean() {
        return pending.lost() == 0 && deadLetters == 0 && conflictingEnds == 0 && badBranches == 0 && doubleEffects == 0 && missingEffects == 0;
    }
}
