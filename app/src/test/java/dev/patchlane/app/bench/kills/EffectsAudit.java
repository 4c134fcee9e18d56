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
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the fleet really did for the submitted jobs, read from the broker, the repository and the patch directory:
 * every status record, every publication, every bot branch and every patch file.
 *
 * @param ends jobs by terminal state
 * @param lost submitted jobs with no terminal status
 * @param unfinished per consumer group, the records of unfinished jobs it has and has not committed: committed ones
 *     were acknowledged without the job moving on (lost), uncommitted ones were still waiting (a backlog)
 * @param conflictingEnds jobs with two different terminal states
 * @param runningRewrites RUNNING status records beyond one per attempt: work redone after a kill
 * @param deadLetters records in the dead-letter topic (any stage, any job)
 * @param reannounced jobs whose (same) publication was announced more than once: at least once, by design
 * @param branches bot branches in the repository
 * @param badBranches branches with more than one commit, of no submitted job, or whose tip is not the announced commit
 * @param patchFiles patch files in the shared directory
 * @param leftoverTemps temporary files a killed sink left beside them
 * @param doubleEffects jobs announced with more than one (branch, commit, patch file)
 * @param missingEffects published jobs without their branch or patch file
 * @param problems one line per finding, for the report
 */
public record EffectsAudit(Map<JobState, Integer> ends, int lost, Map<String, String> unfinished, int conflictingEnds, int runningRewrites, int reannounced, long deadLetters, int branches, int badBranches,
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

    public static EffectsAudit of(String bootstrap, Set<String> jobs, Path repository, Path patchDir) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, List<JobStatus>> statuses = statuses(bootstrap, jobs);
        Map<JobState, Integer> ends = new EnumMap<>(JobState.class);
        Map<String, JobKind> published = new HashMap<>();
        int lost = 0;
        int conflicting = 0;
        int rewrites = 0;
        for (String job : jobs) {
            List<JobStatus> records = statuses.getOrDefault(job, List.of());
            Set<JobState> terminal = new HashSet<>();
            records.stream().filter(JobStatus::isTerminal).forEach(s -> terminal.add(s.state()));
            if (terminal.isEmpty()) {
                lost++;
                problems.add("lost: " + job + " last seen " + (records.isEmpty() ? "nowhere" : records.get(records.size() - 1).state()));
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
        List<String> shown = problems.size() > SHOWN_PROBLEMS
                ? Stream.concat(problems.stream().limit(SHOWN_PROBLEMS), Stream.of("... " + (problems.size() - SHOWN_PROBLEMS) + " more")).toList()
                : problems;
        int reannounced = (int) announcements.values().stream().filter(n -> n > 1).count();
        long deadLetters = TopicReader.count(bootstrap, Topics.DEAD_LETTER);
        if (deadLetters > 0) {
            problems.add(deadLetters + " records in " + Topics.DEAD_LETTER);
        }
        Map<String, String> unfinished = unfinished(bootstrap, jobs, statuses);
        return new EffectsAudit(ends, lost, unfinished, conflicting, rewrites, reannounced, deadLetters, branchTips.size(), bad, patches, temps, doubles, missing,
                List.copyOf(shown));
    }

    private static final Map<String, String> STAGE_GROUPS = new TreeMap<>(Map.of(
            "patchlane-router", Topics.SUBMITTED, "patchlane-fast-worker", Topics.FAST, "patchlane-deep-worker", Topics.DEEP,
            "patchlane-sink", Topics.OUTCOMES, "patchlane-router-escalation", Topics.OUTCOMES));

    private static Map<String, String> unfinished(String bootstrap, Set<String> jobs, Map<String, List<JobStatus>> statuses) {
        Set<String> open = new HashSet<>();
        for (String job : jobs) {
            if (statuses.getOrDefault(job, List.of()).stream().noneMatch(JobStatus::isTerminal)) {
                open.add(job);
            }
        }
        Map<String, String> byGroup = new TreeMap<>();
        if (open.isEmpty()) {
            return byGroup;
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            for (Map.Entry<String, String> group : STAGE_GROUPS.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                int acked = 0;
                int waiting = 0;
                for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(bootstrap, group.getValue())) {
                    if (open.contains(record.key())) {
                        OffsetAndMetadata offset = committed.get(new TopicPartition(record.topic(), record.partition()));
                        if (offset != null && record.offset() < offset.offset()) {
                            acked++;
                        } else {
                            waiting++;
                        }
                    }
                }
                byGroup.put(group.getKey(), acked + " committed, " + waiting + " not");
            }
        } catch (ExecutionException | TimeoutException e) {
            byGroup.put("error", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return byGroup;
    }

    /** Nothing lost, nothing doubled, nothing published without its effects. */
    public boolean clean() {
        return lost == 0 && deadLetters == 0 && conflictingEnds == 0 && badBranches == 0 && doubleEffects == 0 && missingEffects == 0;
    }
}
