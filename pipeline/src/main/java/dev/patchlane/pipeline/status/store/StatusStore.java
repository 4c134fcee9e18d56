package dev.patchlane.pipeline.status.store;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * Every job's latest status on disk (RocksDB), so a process's heap does not grow with the number of jobs: values are the
 * status JSON by job id; a second column family indexes jobs by state and time of last update, most recent first; the
 * counts per state are kept in memory. The store is a cache of the compacted status topic, rebuilt at every start, so it
 * opens a fresh directory, writes without a write-ahead log, and deletes its directory when closed.
 *
 * <p>Writes of one job are serialised (striped locks), so the value and its index entries always agree.
 */
public final class StatusStore implements AutoCloseable {

    public static final long DEFAULT_BLOCK_CACHE_BYTES = 8L << 20;
    public static final long DEFAULT_WRITE_BUFFER_BYTES = 8L << 20;

    private static final int STRIPES = 256;
    // Only a directory holding this file (or an empty one) is deleted: a mistyped store-dir must not wipe anything else.
    private static final String MARKER = ".patchlane-status-store";
    private static final byte[] INDEX_FAMILY = "by-update".getBytes(StandardCharsets.US_ASCII);

    static {
        RocksDB.loadLibrary();
    }

    /** A stored value that a write replaced: previous null for a new job, current null for a removal. */
    public record Change(JobStatus previous, JobStatus current) {
    }

    private final Path directory;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle values;
    private final ColumnFamilyHandle index;
    private final WriteOptions writeOptions;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final Map<JobState, AtomicLong> counts = new EnumMap<>(JobState.class);
    // Native handles must not be used once closed (that is a crash, not an exception): every call holds the read lock.
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean open;

    private StatusStore(Path directory, long blockCacheBytes, long writeBufferBytes) throws RocksDBException {
        this.directory = directory;
        try {
            // Half the cache is kept for index and filter blocks, so data blocks cannot evict them (Kafka Streams'
            // bounded-memory recipe): with whole index blocks in a small cache a get took 200 us instead of 10.
            Cache cache = keep(new LRUCache(blockCacheBytes, -1, false, 0.5));
            // Memtables of both column families are charged to the block cache, so one bound covers reads and writes.
            WriteBufferManager writeBuffers = keep(new WriteBufferManager(writeBufferBytes, cache));
            BlockBasedTableConfig table = new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setCacheIndexAndFilterBlocks(true)
                    .setCacheIndexAndFilterBlocksWithHighPriority(true)
                    .setPinTopLevelIndexAndFilter(true)
                    .setPinL0FilterAndIndexBlocksInCache(true)
                    .setIndexType(IndexType.kTwoLevelIndexSearch)
                    .setPartitionFilters(true)
                    .setMetadataBlockSize(4096)
                    .setFilterPolicy(keep(new BloomFilter(10, false)));
            ColumnFamilyOptions family = keep(new ColumnFamilyOptions()
                    .setTableFormatConfig(table)
                    .setWriteBufferSize(Math.max(1L << 20, writeBufferBytes / 4))
                    .setMaxWriteBufferNumber(2)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION));
            DBOptions options = keep(new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setWriteBufferManager(writeBuffers)
                    .setMaxBackgroundJobs(2)
                    .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                    .setKeepLogFileNum(1)
                    .setStatsDumpPeriodSec(0));
            writeOptions = keep(new WriteOptions().setDisableWAL(true));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            db = RocksDB.open(options, directory.toString(),
                    List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, family), new ColumnFamilyDescriptor(INDEX_FAMILY, family)),
                    handles);
            values = handles.get(0);
            index = handles.get(1);
            for (int i = 0; i < STRIPES; i++) {
                stripes[i] = new ReentrantLock();
            }
            for (JobState state : JobState.values()) {
                counts.put(state, new AtomicLong());
            }
            open = true;
        } catch (RocksDBException | RuntimeException e) {
            closeResources();
            throw e;
        }
    }

    /** A store in {@code directory}, emptied first: whatever a previous store left there is deleted. */
    public static StatusStore open(Path directory) {
        return open(directory, DEFAULT_BLOCK_CACHE_BYTES, DEFAULT_WRITE_BUFFER_BYTES);
    }

    /**
     * The same, with the block cache and the memtables bounded to the given sizes (native memory, not heap).
     *
     * @param directory where the store lives; deleted first, created, and deleted again by {@link #close()}
     * @param blockCacheBytes the block cache shared by both column families
     * @param writeBufferBytes the memtables of both column families together, charged to the block cache
     */
    public static StatusStore open(Path directory, long blockCacheBytes, long writeBufferBytes) {
        if (blockCacheBytes < 1 << 20 || writeBufferBytes < 1 << 20) {
            throw new IllegalArgumentException("status store block cache and write buffer must be at least 1 MiB, got "
                    + blockCacheBytes + " and " + writeBufferBytes + " bytes");
        }
        try {
            if (Files.isDirectory(directory) && !isEmpty(directory) && !Files.exists(directory.resolve(MARKER))) {
                throw new IllegalStateException("refusing to use " + directory + " for the status store: it is not empty and was not"
                        + " made by a status store (no " + MARKER + ")");
            }
            deleteRecursively(directory);
            Files.createDirectories(directory);
            Files.createFile(directory.resolve(MARKER));
            return new StatusStore(directory, blockCacheBytes, writeBufferBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the status store in " + directory, e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot open the status store in " + directory + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return directory;
    }

    public Optional<JobStatus> get(String jobId) {
        return read(() -> {
            byte[] json = db.get(values, id(jobId));
            return Optional.ofNullable(json == null ? null : decode(json));
        });
    }

    /** Stores {@code status} as its job's value, whatever was there. */
    public void put(JobStatus status) {
        merge(status, (current, incoming) -> incoming, (previous, current) -> {
        });
    }

    /**
     * Stores what {@code choose} picks of the job's current value (null when none) and {@code incoming}, atomically for
     * the job; {@code onChange} is called, still holding the job's lock so a job's changes are seen in order, only when
     * the stored value changed.
     *
     * @return the change, or empty when the stored value stayed as it was
     */
    public Optional<Change> merge(JobStatus incoming, BinaryOperator<JobStatus> choose, BiConsumer<JobStatus, JobStatus> onChange) {
        return write(incoming.jobId(), () -> {
            byte[] key = id(incoming.jobId());
            byte[] stored = db.get(values, key);
            JobStatus previous = stored == null ? null : decode(stored);
            JobStatus chosen = choose.apply(previous, incoming);
            if (chosen == null) {
                throw new IllegalArgumentException("the merge of job " + incoming.jobId() + " chose no status");
            }
            if (!chosen.jobId().equals(incoming.jobId())) {
                throw new IllegalArgumentException("the merge of job " + incoming.jobId() + " chose job " + chosen.jobId());
            }
            if (chosen == previous) {
                return Optional.empty();
            }
            byte[] json = Json.write(chosen);
            if (Arrays.equals(json, stored)) {
                return Optional.empty();
            }
            try (WriteBatch batch = new WriteBatch()) {
                if (previous != null) {
                    unindex(batch, previous);
                }
                batch.put(values, key, json);
                batch.put(index, IndexKeys.key(chosen.state(), chosen.updatedAt(), chosen.jobId()), key);
                batch.put(index, IndexKeys.keyInAll(chosen.updatedAt(), chosen.jobId()), key);
                db.write(writeOptions, batch);
            }
            if (previous != null) {
                counts.get(previous.state()).decrementAndGet();
            }
            counts.get(chosen.state()).incrementAndGet();
            onChange.accept(previous, chosen);
            return Optional.of(new Change(previous, chosen));
        });
    }

    /** Removes the job; returns what was stored, or null. */
    public JobStatus delete(String jobId) {
        return deleteIf(jobId, status -> true, removed -> {
        });
    }

    /**
     * Removes the job if its stored value passes {@code condition}, atomically for the job; {@code onRemoved} is called
     * with the removed value still holding the job's lock, as {@link #merge}'s {@code onChange} is.
     *
     * @return what was removed, or null
     */
    public JobStatus deleteIf(String jobId, Predicate<JobStatus> condition, Consumer<JobStatus> onRemoved) {
        return write(jobId, () -> {
            byte[] key = id(jobId);
            byte[] stored = db.get(values, key);
            if (stored == null) {
                return null;
            }
            JobStatus previous = decode(stored);
            if (!condition.test(previous)) {
                return null;
            }
            try (WriteBatch batch = new WriteBatch()) {
                unindex(batch, previous);
                batch.delete(values, key);
                db.write(writeOptions, batch);
            }
            counts.get(previous.state()).decrementAndGet();
            onRemoved.accept(previous);
            return previous;
        });
    }

    /** Jobs in {@code state} (every job when null), most recently updated first, at most {@code limit}. */
    public List<JobStatus> list(JobState state, int limit) {
        List<JobStatus> found = new ArrayList<>();
        walk(IndexKeys.start(state), state, limit, jobKey -> {
            byte[] json = db.get(values, jobKey);
            // A job removed since the iterator's snapshot was taken is skipped; one rewritten since shows its latest value.
            if (json != null) {
                found.add(decode(json));
            }
        });
        return found;
    }

    /** Ids of jobs in {@code state} last updated strictly before {@code cutoff}, oldest last, at most {@code limit}. */
    public List<String> updatedBefore(JobState state, Instant cutoff, int limit) {
        if (state == null) {
            throw new IllegalArgumentException("updatedBefore needs a state");
        }
        List<String> ids = new ArrayList<>();
        walk(IndexKeys.startBefore(state, cutoff), state, limit, jobKey -> ids.add(new String(jobKey, StandardCharsets.UTF_8)));
        return ids;
    }

    /** Every stored status, in job-id order; for the rare caller that has to look at every job. */
    public void forEach(Consumer<JobStatus> each) {
        read(() -> {
            try (ReadOptions options = new ReadOptions(); RocksIterator it = db.newIterator(values, options)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    each.accept(decode(it.value()));
                }
                it.status();
            }
            return null;
        });
    }

    /** Jobs per state, every state present. */
    public Map<JobState, Long> counts() {
        Map<JobState, Long> copy = new EnumMap<>(JobState.class);
        counts.forEach((state, count) -> copy.put(state, count.get()));
        return copy;
    }

    public long count(JobState state) {
        return counts.get(state).get();
    }

    public long size() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Native memory the store uses: its block cache (memtables included) and its table readers; none of it is heap. */
    public long nativeMemoryBytes() {
        return read(() -> db.getLongProperty(values, "rocksdb.block-cache-usage")
                + db.getAggregatedLongProperty("rocksdb.estimate-table-readers-mem"));
    }

    public boolean isOpen() {
        lifecycle.readLock().lock();
        try {
            return open;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Closes the database and deletes its directory; later calls fail with IllegalStateException. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!open) {
                return;
            }
            open = false;
            values.close();
            index.close();
            db.close();
            closeResources();
            deleteRecursively(directory);
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the status store in " + directory + ": " + e.getMessage(), e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void walk(byte[] from, JobState state, int limit, KeyVisitor eachJobKey) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        read(() -> {
            try (Slice upper = new Slice(IndexKeys.end(state));
                    ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
                    RocksIterator it = db.newIterator(index, options)) {
                int taken = 0;
                for (it.seek(from); it.isValid() && taken < limit; it.next()) {
                    eachJobKey.visit(it.value());
                    taken++;
                }
                it.status();
            }
            return null;
        });
    }

    private void unindex(WriteBatch batch, JobStatus stored) throws RocksDBException {
        batch.delete(index, IndexKeys.key(stored.state(), stored.updatedAt(), stored.jobId()));
        batch.delete(index, IndexKeys.keyInAll(stored.updatedAt(), stored.jobId()));
    }

    private interface KeyVisitor {
        void visit(byte[] jobKey) throws RocksDBException;
    }

    private interface StoreCall<T> {
        T call() throws RocksDBException;
    }

    private <T> T read(StoreCall<T> call) {
        lifecycle.readLock().lock();
        try {
            if (!open) {
                throw new IllegalStateException("the status store in " + directory + " is closed");
            }
            return call.call();
        } catch (RocksDBException e) {
            throw new IllegalStateException("status store in " + directory + " failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private <T> T write(String jobId, StoreCall<T> call) {
        ReentrantLock stripe = stripes[Math.floorMod(jobId.hashCode(), STRIPES)];
        stripe.lock();
        try {
            return read(call);
        } finally {
            stripe.unlock();
        }
    }

    private void closeResources() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release the status store's native resources", e);
            }
        }
        resources.clear();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private static byte[] id(String jobId) {
        if (jobId == null || jobId.isEmpty()) {
            throw new IllegalArgumentException("a job id must not be empty");
        }
        return jobId.getBytes(StandardCharsets.UTF_8);
    }

    private static JobStatus decode(byte[] json) {
        return Json.read(json, JobStatus.class);
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the status store directory " + directory, e);
        }
    }
}
