package io.gridwork.people.importing;

import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.people.CareTag;
import io.gridwork.people.IdCardNumber;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.Masking;
import io.gridwork.shared.persistence.DatabaseKind;

/**
 * Imports a resident sheet in chunks of a few thousand rows, each chunk one transaction: a reading
 * thread parses, checks and hashes the next chunk while this thread writes the current one with
 * set-based SQL (look-ups by IN-list, multi-row inserts, JDBC batches). Keys: persons by the HMAC of
 * their ID card number, households by unit and room. Importing the same file again changes nothing.
 */
@Component
public class ResidentImporter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ResidentImporter.class);
    static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Shanghai");
    static final int MAX_STORED_ERRORS = 50_000;
    /**
     * A chunk of rows as the reading thread hands it over, with the persons their ID card numbers already name, being
     * looked up on a thread and connection of their own while the writer writes the chunks before (in the writer's
     * transaction that look-up was a sixth of its time) and the reader reads the next.
     */
    private record Chunk(List<ImportRow> rows, Future<Map<String, Existing>> persons) {
    }

    private static final Chunk END = new Chunk(List.of(), null);
    /** Inserted rows after which PostgreSQL's statistics are refreshed. */
    static final int ANALYZE_EVERY = 250_000;

    private final JdbcTemplate jdbc;
    private final Sql sql;
    private final TransactionTemplate tx;
    private final PersonalDataCipher cipher;
    private final ImportJobs jobs;
    private final ForkJoinPool crypto;
    private final int chunkSize;
    private final DatabaseKind database;
    private final io.gridwork.grid.GridApi grid;

    private final io.gridwork.people.internal.GridRollup rollup;

    ResidentImporter(JdbcTemplate jdbc, TransactionTemplate tx, PersonalDataCipher cipher, ImportJobs jobs, io.gridwork.grid.GridApi grid,
            io.gridwork.people.internal.GridRollup rollup, DatabaseKind database,
            @Value("${gridwork.import.chunk-rows:5000}") int chunkSize,
            @Value("${gridwork.import.crypto-threads:0}") int cryptoThreads) {
        this.jdbc = jdbc;
        this.sql = new Sql(jdbc);
        this.tx = tx;
        this.cipher = cipher;
        this.jobs = jobs;
        this.grid = grid;
        this.rollup = rollup;
        this.chunkSize = chunkSize;
        int threads = cryptoThreads > 0 ? cryptoThreads : Math.min(4, Runtime.getRuntime().availableProcessors());
        this.crypto = new ForkJoinPool(threads);
        this.database = database;
    }

    @Override
    public void destroy() {
        crypto.shutdownNow();
    }

    /** Row counts of a finished import. */
    public record Tally(int processed, int inserted, int updated, int unchanged, int households, int refused) {
    }

    /** Existing person found for a row, with their current membership and tags. */
    private static final class Existing {
        long id;
        String name;
        String idCardMask;
        String phoneHash;
        String phoneMask;
        Long memberId;
        Long householdId;
        String relation;
        Set<CareTag> tags = EnumSet.noneOf(CareTag.class);
    }

    /** What the writer keeps from chunk to chunk. */
    private final class Run {
        final long jobId;
        final AddressBook book;
        final ResidentSheet sheet;
        final LongIntMap seenPersons = new LongIntMap(1 << 14);
        int storedErrors;
        int insertedAtAnalyze;
        int processed, inserted, updated, unchanged, households, refused;
        final Phases writer = new Phases();
        final Phases reader = new Phases();

        Run(long jobId, AddressBook book, ResidentSheet sheet) {
            this.jobId = jobId;
            this.book = book;
            this.sheet = sheet;
        }
    }

    /**
     * Refreshes PostgreSQL's statistics of the tables an import grows. A planner that still believes
     * person or household_member to be small picks sequential scans for the look-ups, which turns a
     * one-minute import into a twenty-minute one; autovacuum may not have caught up yet.
     */
    private void analyze() {
        if (database.postgres()) {
            jdbc.execute("analyze person, household_member, person_tag");
        }
        grid.refreshHouseholdStatistics();
    }

    /** Imports a file for a job; the scope paths bound which buildings it may touch. */
    public Tally run(long jobId, Path file, SheetFormat format, List<String> scopePaths) throws Exception {
        jobs.setTotal(jobId, Math.max(0, RawRows.count(file, format) - 1));
        analyze();
        try (ResidentSheet sheet = ResidentSheet.open(file, format)) {
            jobs.setHeader(jobId, sheet.headerRow().line(), ImportJobs.json(List.of(sheet.headerRow().cells())));
            Run run = new Run(jobId, new AddressBook(jdbc, scopePaths), sheet);
            BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(2);
            ExecutorService lookups = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("import-lookup-" + jobId)
                    .daemon().factory());
            FutureTask<Void> reader = new FutureTask<>(() -> {
                read(run, queue, lookups);
                return null;
            });
            Thread thread = Thread.ofPlatform().name("import-reader-" + jobId).daemon().start(reader);
            try {
                run.writer.start();
                while (true) {
                    Chunk chunk = queue.poll(1, TimeUnit.SECONDS);
                    run.writer.lap("wait for reader");
                    if (chunk == null) {
                        if (reader.isDone()) {
                            reader.get(); // the reader failed: rethrow its error
                            if (queue.isEmpty()) {
                                throw new IllegalStateException("the reader stopped without finishing");
                            }
                        }
                        continue;
                    }
                    if (chunk == END) {
                        break;
                    }
                    Map<String, Existing> persons = chunk.persons().get();
                    run.writer.lap("wait for look-up");
                    write(run, chunk.rows(), persons);
                    if (run.inserted - run.insertedAtAnalyze > ANALYZE_EVERY) {
                        analyze();
                        run.insertedAtAnalyze = run.inserted;
                        run.writer.lap("analyze");
                    }
                }
                reader.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            } finally {
                reader.cancel(true);
                thread.interrupt();
                lookups.shutdownNow();
            }
            log.info("import {}: {} rows; writer: {}; reader: {}", jobId, run.processed, run.writer, run.reader);
            return new Tally(run.processed, run.inserted, run.updated, run.unchanged, run.households, run.refused);
        }
    }

    /** The reading thread: parse, check, de-duplicate, resolve addresses, hash; hand over in chunks. */
    private void read(Run run, BlockingQueue<Chunk> queue, ExecutorService lookups) throws Exception {
        LongIntMap seenIds = new LongIntMap(1 << 16);
        String idHeader = run.sheet.header(Column.ID_CARD);
        List<ImportRow> chunk = new ArrayList<>(chunkSize);
        ImportRow r;
        Phases t = run.reader;
        t.start();
        while ((r = run.sheet.next()) != null) {
            t.lap("parse");
            run.book.resolve(r, run.sheet);
            t.lap("resolve");
            if (!r.refused() && r.idCard != null) {
                int first = seenIds.putIfAbsent(LongIntMap.idKey(r.idCard), r.line);
                if (first >= 0) {
                    r.refuse(idHeader, "duplicate-id-card", "the same ID card number is already on line " + first, first);
                }
            }
            chunk.add(r);
            if (chunk.size() == chunkSize) {
                t.lap("resolve");
                hash(chunk);
                t.lap("hash and encrypt");
                List<ImportRow> rows = chunk;
                queue.put(new Chunk(rows, lookups.submit(() -> persons(rows))));
                t.lap("wait for writer");
                chunk = new ArrayList<>(chunkSize);
            }
        }
        hash(chunk);
        if (!chunk.isEmpty()) {
            List<ImportRow> rows = chunk;
            queue.put(new Chunk(rows, lookups.submit(() -> persons(rows))));
        }
        queue.put(END);
    }

    private void hash(List<ImportRow> chunk) throws Exception {
        crypto.submit(() -> chunk.parallelStream().filter(x -> !x.refused()).forEach(x -> {
            if (x.idCard != null) {
                x.idHash = cipher.hash(x.idCard);
            }
            if (x.phone != null) {
                x.phoneHash = cipher.hash(x.phone);
            }
            // Encrypted here, ahead of the look-up that tells whether they are needed: this thread
            // works while the writer waits on the database. Unneeded ones (known persons) are dropped.
            if (x.idCard != null) {
                x.idCardEnc = cipher.encrypt(x.idCard);
            }
            if (x.phone != null) {
                x.phoneEnc = cipher.encrypt(x.phone);
            }
        })).get();
    }

    /**
     * The persons the chunk's ID card numbers name, with their current household membership. They are looked up before
     * the chunks ahead are written: none of those can add one of them, as the reader refuses an
     * ID card number a second time in a file. A person changed on another page in the seconds between is written as
     * the look-up found them, as a change between the look-up and the write of one transaction would be.
     */
    private Map<String, Existing> persons(List<ImportRow> chunk) {
        Map<String, Existing> byHash = new HashMap<>();
        List<String> hashes = chunk.stream().filter(r -> !r.refused() && r.idHash != null).map(r -> r.idHash).toList();
        sql.queryAny("""
                select p.id, p.id_card_hash, p.name, p.id_card_mask, p.phone_hash, p.phone_mask, m.id, m.household_id, m.relation
                  from person p left join household_member m on m.person_id = p.id and m.until is null
                 where p.id_card_hash = any(?)""", "varchar", hashes, rs -> {
            byHash.put(rs.getString(2), existing(rs));
        });
        return byHash;
    }

    private void write(Run run, List<ImportRow> chunk, Map<String, Existing> persons) {
        for (int attempt = 1;; attempt++) {
            // a retry looks the persons up again, in its own transaction: the collision says they changed
            Map<String, Existing> known = attempt == 1 ? persons : null;
            try {
                Outcome o = tx.execute(s -> writeChunk(run, chunk, known));
                run.writer.lap("commit");
                o.commit(run);
                return;
            } catch (DuplicateKeyException e) {
                // another instance wrote the same person or household at the same moment: look again
                if (attempt == 3) {
                    throw e;
                }
                log.info("import {}: chunk at line {} collided with a concurrent import, retrying", run.jobId,
                        chunk.get(0).line);
                run.book.reload(chunk.stream().filter(r -> r.unitId > 0).map(r -> r.unitId).distinct().toList());
            }
        }
    }

    /** The effects of a chunk that reach the in-memory state only once its transaction committed. */
    private final class Outcome {
        final Map<AddressBook.HouseholdKey, AddressBook.Household> newHouseholds = new HashMap<>();
        final Map<AddressBook.Household, String> statusChanges = new java.util.IdentityHashMap<>();
        final Map<Long, Integer> persons = new HashMap<>();
        int inserted, updated, unchanged, households, refused, processed, storedErrors;

        void commit(Run run) {
            newHouseholds.forEach((k, h) -> run.book.remember(k.unitId(), k.room(), h));
            statusChanges.forEach((h, status) -> h.status = status);
            run.storedErrors += storedErrors;
            persons.forEach(run.seenPersons::putIfAbsent);
            run.processed += processed;
            run.inserted += inserted;
            run.updated += updated;
            run.unchanged += unchanged;
            run.households += households;
            run.refused += refused;
        }
    }

    private Outcome writeChunk(Run run, List<ImportRow> chunk, Map<String, Existing> persons) {
        Outcome out = new Outcome();
        Phases t = run.writer;
        Map<ImportRow, List<ImportRow.Problem>> late = new LinkedHashMap<>();
        Timestamp now = Timestamp.from(Instant.now());
        Date today = Date.valueOf(LocalDate.now(BUSINESS_ZONE));
        String idHeader = run.sheet.header(Column.ID_CARD);
        String phoneHeader = run.sheet.header(Column.PHONE);
        boolean tagColumn = run.sheet.has(Column.TAGS);

        List<ImportRow> valid = new ArrayList<>(chunk.size());
        for (ImportRow r : chunk) {
            r.householdId = 0;
            r.personId = 0;
            if (!r.refused()) {
                valid.add(r);
            }
        }

        // 1. persons by the hash of their ID card number (looked up by the reading thread, or now on a retry)
        Map<String, Existing> byHash = persons != null ? persons : persons(chunk);
        t.lap("look up persons");

        // 2. households that exist already
        for (ImportRow r : valid) {
            AddressBook.Household h = run.book.household(r.unitId, r.room);
            if (h != null) {
                r.householdId = h.id;
            }
        }

        // 3. rows with a masked ID card number: the person must already live at that address
        List<ImportRow> masked = valid.stream().filter(r -> r.idCardMask != null).toList();
        Map<String, List<Existing>> byAddressAndMask = new HashMap<>();
        List<Long> maskedHouseholds = masked.stream().filter(r -> r.householdId > 0).map(r -> r.householdId).distinct().toList();
        sql.queryIn("""
                select p.id, p.id_card_hash, p.name, p.id_card_mask, p.phone_hash, p.phone_mask, m.id, m.household_id, m.relation
                  from household_member m join person p on p.id = m.person_id
                 where m.until is null and m.household_id in (:in)""", maskedHouseholds, rs -> {
            Existing e = existing(rs);
            byAddressAndMask.computeIfAbsent(e.householdId + "|" + e.name + "|" + e.idCardMask, k -> new ArrayList<>()).add(e);
        });
        t.lap("look up masked");

        Map<ImportRow, Existing> found = new HashMap<>();
        for (ImportRow r : valid) {
            if (r.householdOnly) {
                continue;
            }
            Existing e;
            if (r.idCardMask != null) {
                List<Existing> candidates = r.householdId == 0 ? List.of()
                        : byAddressAndMask.getOrDefault(r.householdId + "|" + r.name + "|" + r.idCardMask, List.of());
                if (candidates.size() != 1) {
                    if (candidates.isEmpty()) {
                        refuse(late, r, idHeader, "id-card-mask-no-match",
                                "masked number: no resident of this name with this masked number lives at this address; enter the full number");
                    } else {
                        refuse(late, r, idHeader, "id-card-mask-ambiguous", "masked number: several residents match; enter the full number");
                    }
                    continue;
                }
                e = candidates.get(0);
            } else {
                e = byHash.get(r.idHash);
            }
            if (e != null) {
                int first = run.seenPersons.get(e.id);
                Integer inChunk = out.persons.get(e.id);
                if ((first >= 0 && first != r.line) || (inChunk != null && inChunk != r.line)) {
                    int other = first >= 0 ? first : inChunk;
                    refuse(late, r, idHeader, "duplicate-resident", "the same resident is already on line " + other, other);
                    continue;
                }
                out.persons.put(e.id, r.line);
                found.put(r, e);
            }
            if (r.phoneMask != null && (e == null || !r.phoneMask.equals(e.phoneMask))) {
                if (e == null) {
                    refuse(late, r, phoneHeader, "phone-mask-new-resident", "masked number: a new resident needs the full phone number");
                } else {
                    refuse(late, r, phoneHeader, "phone-mask-mismatch",
                            "masked number does not match the stored phone number; enter the full number or leave it unchanged");
                }
            }
        }
        valid.removeIf(late::containsKey);

        // the households this chunk adds, with the last status its rows give
        Map<AddressBook.HouseholdKey, String> toCreate = new LinkedHashMap<>();
        for (ImportRow r : valid) {
            if (r.householdId == 0) {
                var key = new AddressBook.HouseholdKey(r.unitId, r.room);
                String previous = toCreate.get(key);
                toCreate.put(key, r.status != null ? r.status : previous != null ? previous : "OCCUPIED");
            }
        }

        // 4. care tags of known persons, when the sheet has the column
        if (tagColumn && !found.isEmpty()) {
            Map<Long, Existing> byId = new HashMap<>();
            found.values().forEach(e -> byId.put(e.id, e));
            sql.queryAny("select person_id, tag from person_tag where person_id = any(?)", "bigint", new ArrayList<>(byId.keySet()),
                    rs -> byId.get(rs.getLong(1)).tags.add(CareTag.valueOf(rs.getString(2))));
        }
        t.lap("match and look up tags");

        // 6. write: households (the grid's, through its facade, in this transaction), then persons, memberships and tags
        List<io.gridwork.grid.GridApi.NewHousehold> householdRows = new ArrayList<>();
        toCreate.forEach((k, status) -> householdRows.add(new io.gridwork.grid.GridApi.NewHousehold(k.unitId(), k.room(), status)));
        Map<AddressBook.HouseholdKey, Long> createdIds = new HashMap<>();
        for (var k : grid.createHouseholds(householdRows, now.toInstant())) {
            var key = new AddressBook.HouseholdKey(k.unitId(), k.room());
            createdIds.put(key, k.id());
            out.newHouseholds.put(key, new AddressBook.Household(k.id(), toCreate.get(key)));
        }
        out.households = createdIds.size();
        t.lap("insert households");

        Map<AddressBook.Household, String> statusNow = new java.util.IdentityHashMap<>();
        List<ImportRow> newPersons = new ArrayList<>();
        List<Object[]> nameUpdates = new ArrayList<>();
        List<Object[]> phoneUpdates = new ArrayList<>();
        List<Object[]> closeMembers = new ArrayList<>();
        List<ImportRow> newMembers = new ArrayList<>();
        List<Object[]> relationUpdates = new ArrayList<>();
        List<Object[]> tagResets = new ArrayList<>();
        List<ImportRow> tagWrites = new ArrayList<>();
        Set<AddressBook.HouseholdKey> counted = new java.util.HashSet<>();
        // the grid tree's rollup: what this chunk adds to a micro-grid (households, vacant ones, members) moves its
        // row by that much; the micro-grids of households that change otherwise (status, a member leaving) are recounted
        Set<Long> rollupHouseholds = new java.util.HashSet<>();
        Map<Long, long[]> ownDeltas = new HashMap<>();
        for (ImportRow r : valid) {
            var key = new AddressBook.HouseholdKey(r.unitId, r.room);
            boolean createdHere = false;
            boolean changed = false;
            if (r.householdId == 0) {
                r.householdId = createdIds.get(key);
                createdHere = counted.add(key);
                if (createdHere) {
                    long[] d = ownDelta(ownDeltas, run.book, r.unitId);
                    d[0]++;
                    d[1] += "VACANT".equals(toCreate.get(key)) ? 1 : 0;
                }
            } else if (r.status != null) {
                AddressBook.Household h = run.book.household(r.unitId, r.room);
                String current = statusNow.getOrDefault(h, h.status);
                if (!r.status.equals(current)) {
                    statusNow.put(h, r.status);
                    rollupHouseholds.add(h.id);
                    changed = true;
                }
            }
            if (r.householdOnly) {
                if (createdHere) {
                    out.inserted++;
                } else if (changed) {
                    out.updated++;
                } else {
                    out.unchanged++;
                }
                continue;
            }
            Existing e = found.get(r);
            if (e == null) {
                newPersons.add(r);
                newMembers.add(r);
                ownDelta(ownDeltas, run.book, r.unitId)[2]++;
                if (tagColumn && !r.tagsOrEmpty().isEmpty()) {
                    tagWrites.add(r);
                }
                out.inserted++;
                continue;
            }
            r.personId = e.id;
            if (!r.name.equals(e.name)) {
                nameUpdates.add(new Object[] {r.name, now, e.id});
                changed = true;
            }
            if (r.phoneHash != null && !r.phoneHash.equals(e.phoneHash)) {
                phoneUpdates.add(new Object[] {r.phoneEnc, r.phoneHash, Masking.phone(r.phone), now, e.id});
                changed = true;
            }
            if (e.memberId == null || e.householdId != r.householdId) {
                if (e.memberId != null) {
                    closeMembers.add(new Object[] {today, e.memberId});
                    rollupHouseholds.add(e.householdId);
                }
                newMembers.add(r);
                ownDelta(ownDeltas, run.book, r.unitId)[2]++;
                changed = true;
            } else if (!r.relation.equals(e.relation)) {
                relationUpdates.add(new Object[] {r.relation, e.memberId});
                changed = true;
            }
            if (tagColumn && !r.tagsOrEmpty().equals(e.tags)) {
                if (!e.tags.isEmpty()) {
                    tagResets.add(new Object[] {e.id});
                }
                tagWrites.add(r);
                changed = true;
            }
            if (changed || createdHere) {
                out.updated++;
            } else {
                out.unchanged++;
            }
        }

        // the household is the grid module's: its status changes through the grid's facade (set-based, in this transaction)
        Map<Long, String> statusRows = new java.util.HashMap<>();
        statusNow.forEach((h, status) -> statusRows.put(h.id, status));
        grid.setHouseholdStatuses(statusRows, now.toInstant());
        out.statusChanges.putAll(statusNow);
        t.lap("compare and set statuses");

        List<Object[]> personRows = new ArrayList<>(newPersons.size());
        for (ImportRow r : newPersons) {
            personRows.add(new Object[] {r.name, IdCardNumber.gender(r.idCard), Date.valueOf(IdCardNumber.birthDate(r.idCard)),
                r.idCardEnc, r.idHash, Masking.idCard(r.idCard), r.phoneEnc, r.phoneHash, r.phone == null ? null : Masking.phone(r.phone),
                now, now});
        }
        Map<String, Long> newIds = new HashMap<>();
        for (Object[] k : sql.insert("person", new String[] {"name", "gender", "birth_date", "id_card_enc", "id_card_hash",
            "id_card_mask", "phone_enc", "phone_hash", "phone_mask", "created_at", "updated_at"}, personRows, "id", "id_card_hash")) {
            newIds.put((String) k[1], ((Number) k[0]).longValue());
        }
        for (ImportRow r : newPersons) {
            r.personId = newIds.get(r.idHash);
            out.persons.put(r.personId, r.line);
        }
        t.lap("insert persons");
        sql.batch("update person set name = ?, updated_at = ? where id = ?", nameUpdates);
        sql.batch("update person set phone_enc = ?, phone_hash = ?, phone_mask = ?, updated_at = ? where id = ?", phoneUpdates);
        sql.batch("update household_member set until = ? where id = ?", closeMembers);
        List<Object[]> memberRows = new ArrayList<>(newMembers.size());
        for (ImportRow r : newMembers) {
            memberRows.add(new Object[] {r.householdId, r.personId, r.relation, today});
        }
        sql.insert("household_member", new String[] {"household_id", "person_id", "relation", "since"}, memberRows);
        sql.batch("update household_member set relation = ? where id = ?", relationUpdates);
        sql.batch("delete from person_tag where person_id = ?", tagResets);
        List<Object[]> tagRows = new ArrayList<>();
        for (ImportRow r : tagWrites) {
            for (CareTag tag : r.tagsOrEmpty()) {
                tagRows.add(new Object[] {r.personId, tag.name()});
            }
        }
        sql.insert("person_tag", new String[] {"person_id", "tag"}, tagRows);
        t.lap("update and insert members, tags");
        ownDeltas.remove(0L); // units whose building lies in no micro-grid count nowhere
        rollup.addToOwn(ownDeltas, rollupHouseholds);
        t.lap("grid rollup");

        // 7. the refusals, and the job's progress, in the same transaction
        List<Object[]> errorRows = new ArrayList<>();
        List<Object[]> cellRows = new ArrayList<>();
        Set<ImportRow> refusedRows = new LinkedHashSet<>();
        for (ImportRow r : chunk) {
            List<ImportRow.Problem> problems = r.refused() ? r.problems() : late.getOrDefault(r, List.of());
            if (!problems.isEmpty()) {
                refusedRows.add(r);
            }
            int before = errorRows.size();
            for (ImportRow.Problem p : problems) {
                if (run.storedErrors + errorRows.size() < MAX_STORED_ERRORS) {
                    errorRows.add(new Object[] {run.jobId, p.line(), truncate(p.column(), 64), truncate(p.reason(), 500),
                        p.code(), truncate(ImportJobs.json(p.args()), 1000)});
                }
            }
            if (errorRows.size() > before && r.cells != null) {
                // the row as read, for the copy with an error column; encrypted, it holds personal numbers
                cellRows.add(new Object[] {run.jobId, r.line, cipher.encrypt(ImportJobs.json(List.of(r.cells)))});
            }
        }
        sql.insert("import_error", new String[] {"job_id", "line", "field", "reason", "code", "args"}, errorRows);
        sql.insert("import_error_row", new String[] {"job_id", "line", "cells"}, cellRows);
        out.refused = refusedRows.size();
        out.processed = chunk.size();
        jobs.progress(run.jobId, out.processed, out.inserted, out.updated, out.unchanged, out.households, out.refused);
        out.storedErrors = errorRows.size();
        t.lap("errors and progress");
        return out;
    }

    /** The counts this chunk adds to the micro-grid of a unit: households, vacant households, members. */
    private static long[] ownDelta(Map<Long, long[]> deltas, AddressBook book, long unitId) {
        return deltas.computeIfAbsent(book.microGridOf(unitId), k -> new long[3]);
    }

    private static Existing existing(java.sql.ResultSet rs) throws java.sql.SQLException {
        Existing e = new Existing();
        e.id = rs.getLong(1);
        e.name = rs.getString(3);
        e.idCardMask = rs.getString(4);
        e.phoneHash = rs.getString(5);
        e.phoneMask = rs.getString(6);
        long mid = rs.getLong(7);
        if (!rs.wasNull()) {
            e.memberId = mid;
            e.householdId = rs.getLong(8);
            e.relation = rs.getString(9);
        }
        return e;
    }

    private static void refuse(Map<ImportRow, List<ImportRow.Problem>> late, ImportRow r, String column, String code, String reason,
            Object... args) {
        late.computeIfAbsent(r, k -> new ArrayList<>()).add(r.problem(column, code, reason, args));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
