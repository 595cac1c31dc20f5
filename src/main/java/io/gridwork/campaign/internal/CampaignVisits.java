package io.gridwork.campaign.internal;

import static io.gridwork.campaign.internal.Campaign.ts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.campaign.CampaignEvents;
import io.gridwork.shared.persistence.DatabaseKind;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import tools.jackson.core.type.TypeReference;

/**
 * Recording visits. A visit carries the phone's own id ({@code clientId}): a visit sent twice (after a
 * dropped connection) finds the first and changes nothing. In the same transaction the household's
 * current outcome moves (the latest visit by the time it happened wins, so a queue flushed out of
 * order still ends right) and the micro-grid's coverage counters move by the difference.
 */
@Service
public class CampaignVisits {

    public enum Outcome { DONE, NOT_HOME, REFUSED, VACANT }

    public record VisitRequest(String clientId, Long householdId, String outcome, Map<String, Object> answers,
            String note, Instant visitedAt) {
    }

    public record Visit(long id, long campaignId, long householdId, String clientId, Outcome outcome,
            Map<String, Object> answers, String note, int formVersion, int hazards, String recordedBy,
            Instant visitedAt, Instant receivedAt) {
    }

    public record Recorded(Visit visit, boolean duplicate) {
    }

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final TypeReference<Map<String, Object>> ANSWERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final CampaignService campaigns;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbcTemplate;
    private final DatabaseKind database;

    /** Batches written at once on this instance ({@code gridwork.campaign.visit-writers}, default 4). */
    private final java.util.concurrent.Semaphore writers;

    CampaignVisits(JdbcClient jdbc, JdbcTemplate jdbcTemplate, CampaignService campaigns, ApplicationEventPublisher events,
            TransactionTemplate tx, DatabaseKind database,
            @org.springframework.beans.factory.annotation.Value("${gridwork.campaign.visit-writers:4}") int writers) {
        this.database = database;
        this.writers = new java.util.concurrent.Semaphore(Math.max(1, writers), true);
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.campaigns = campaigns;
        this.events = events;
        this.tx = tx;
    }

    /** At most this many visits in one batch. */
    public static final int MAX_BATCH = 100;

    public enum Status { CREATED, DUPLICATE, REFUSED }

    /** Why a visit of a batch was refused: the problem the single-visit endpoint would have answered. */
    public record Problem(int status, String code, String detail, Map<String, Object> details) {
        static Problem of(ProblemException e) {
            return new Problem(e.status().value(), e.code(), e.getMessage(), e.details());
        }

        ProblemException exception() {
            return new ProblemException(HttpStatus.valueOf(status), code, detail, details);
        }
    }

    /** The outcome of one visit of a batch, in the order sent: the visit (created or found) or the problem. */
    public record ItemResult(int index, String clientId, Status status, Visit visit, Problem problem) {
    }

    public record BatchResult(int created, int duplicates, int refused, List<ItemResult> results) {
    }

    /** One visit: a batch of one, refusals thrown as problems (201 created, 200 found again). */
    public Recorded record(long campaignId, VisitRequest in, GridworkUser user) {
        campaigns.requireSee(campaignId, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the visit as JSON");
        }
        ItemResult r = recordAll(campaignId, List.of(in), user).results().get(0);
        if (r.status() == Status.REFUSED) {
            throw r.problem().exception();
        }
        return new Recorded(r.visit(), r.status() == Status.DUPLICATE);
    }

    /**
     * Records up to {@link #MAX_BATCH} visits in one transaction (a phone's offline queue, a team's burst).
     * Each visit is judged on its own: a refused visit writes nothing and does not stop the others; a visit
     * whose client id was recorded before (in an earlier batch, or earlier in this one) counts once and
     * answers the visit found. All checks run before anything is written; then one multi-row insert, one
     * update per household and one counter update per micro-grid, households locked in id order and
     * counters moved in grid order so that concurrent batches cannot deadlock.
     */
    public BatchResult recordBatch(long campaignId, List<VisitRequest> in, GridworkUser user) {
        campaigns.requireSee(campaignId, user);
        if (in == null || in.isEmpty()) {
            throw ProblemException.badRequest("visits-required", "send {\"visits\": [...]} with at least one visit",
                    Map.of("field", "visits"));
        }
        if (in.size() > MAX_BATCH) {
            throw ProblemException.badRequest("batch-too-large", "at most " + MAX_BATCH + " visits in one batch",
                    Map.of("field", "visits"));
        }
        return recordAll(campaignId, in, user);
    }

    private BatchResult recordAll(long campaignId, List<VisitRequest> in, GridworkUser user) {
        // at most a few batches at once on this instance: the rest wait here, not in the connection pool,
        // so that reads (the live coverage above all) still find a connection and a core
        try {
            writers.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted", "the server is stopping");
        }
        try {
            return recordAllNow(campaignId, in, user);
        } finally {
            writers.release();
        }
    }

    private BatchResult recordAllNow(long campaignId, List<VisitRequest> in, GridworkUser user) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(s -> recordOnce(campaignId, in, user));
            } catch (DuplicateKeyException raced) {
                // a client id was recorded at the same time by another request (for another household, since
                // resends to the same household wait for its lock): once more, and the check below sees it
                if (attempt == 3) {
                    throw raced;
                }
            }
        }
    }

    private record Place(long buildingId, long gridId, String gridPath, String outcome, int hazards, Instant at) {
    }

    /** A visit that passed every check, waiting to be written. */
    private static final class Accepted {
        final int index;
        final VisitRequest in;
        final Outcome outcome;
        final Map<String, Object> answers;
        final String note;
        final Instant at;
        final List<CampaignForm.Hazard> hazards;
        final Place place;
        long id;

        Accepted(int index, VisitRequest in, Outcome outcome, Map<String, Object> answers, String note, Instant at,
                List<CampaignForm.Hazard> hazards, Place place) {
            this.index = index;
            this.in = in;
            this.outcome = outcome;
            this.answers = answers;
            this.note = note;
            this.at = at;
            this.hazards = hazards;
            this.place = place;
        }
    }

    private BatchResult recordOnce(long campaignId, List<VisitRequest> in, GridworkUser user) {
        planEachStatement();
        int n = in.size();
        ItemResult[] out = new ItemResult[n];
        int[] sameAs = new int[n];
        Arrays.fill(sameAs, -1);
        Map<String, Integer> firstOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            VisitRequest v = in.get(i);
            if (v == null) {
                out[i] = refused(i, null, ProblemException.badRequest("body-required", "send the visit as JSON"));
            } else if (v.clientId() == null || !CLIENT_ID.matcher(v.clientId()).matches()) {
                out[i] = refused(i, v.clientId(), ProblemException.badRequest("client-id-required",
                        "each visit carries the id the phone made for it: 8-64 letters, digits, '-' or '_'",
                        Map.of("field", "clientId")));
            } else {
                Integer first = firstOf.putIfAbsent(v.clientId(), i);
                if (first != null) {
                    sameAs[i] = first;
                }
            }
        }
        // the households' rows are the locks, taken in id order: visits to one household count one after
        // the other, and a resend waits for the first to commit and then finds it below
        TreeSet<Long> households = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            if (out[i] == null && sameAs[i] < 0 && in.get(i).householdId() != null) {
                households.add(in.get(i).householdId());
            }
        }
        Map<Long, Place> places = new HashMap<>();
        if (!households.isEmpty()) {
            jdbc.sql("""
                    select household_id, building_id, grid_id, grid_path, outcome, hazards, visited_at from campaign_household
                     where campaign_id = :c and household_id in (:ids) order by household_id for update""")
                    .param("c", campaignId).param("ids", households)
                    .query(rs -> {
                        places.put(rs.getLong(1), new Place(rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                                rs.getInt(6), Campaign.inst(rs, "visited_at")));
                    });
        }
        Map<String, Visit> known = new HashMap<>();
        if (!firstOf.isEmpty()) {
            jdbc.sql(SELECT + " where campaign_id = :c and client_id in (:ids)").param("c", campaignId)
                    .param("ids", firstOf.keySet()).query(CampaignVisits::map).list()
                    .forEach(v -> known.put(v.clientId(), v));
        }
        // the campaign's status and form version are read fresh; the rest may come from the short cache
        Campaign c = campaigns.cached(campaignId);
        record Fresh(String status, int formVersion) {
        }
        Fresh fresh = jdbc.sql("select status, form_version from campaign where id = ?").param(campaignId)
                .query((rs, k) -> new Fresh(rs.getString(1), rs.getInt(2))).single();
        if (!fresh.status().equals(c.status()) || fresh.formVersion() != c.formVersion()) {
            campaigns.forget(campaignId);
            c = campaigns.require(campaignId);
        }
        Instant now = Instant.now();
        Map<String, Boolean> mayVisit = new HashMap<>();
        Set<Long> photos = null;
        List<Accepted> accepted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (out[i] != null || sameAs[i] >= 0) {
                continue;
            }
            VisitRequest v = in.get(i);
            Visit before = known.get(v.clientId());
            if (before != null) {
                // a resend of a visit already recorded is absorbed, even when it would be refused now
                out[i] = v.householdId() != null && before.householdId() != v.householdId()
                        ? refused(i, v.clientId(), reused(v.clientId()))
                        : new ItemResult(i, v.clientId(), Status.DUPLICATE, before, null);
                continue;
            }
            try {
                if (photos == null && answersNamePhotos(v.answers())) {
                    photos = photosOf(campaignId, user);
                }
                accepted.add(check(c, i, v, places, mayVisit, photos == null ? Set.of() : photos, user, now));
            } catch (ProblemException refusal) {
                out[i] = refused(i, v.clientId(), refusal);
            }
        }
        if (!accepted.isEmpty()) {
            write(c, accepted, user, now);
            for (Accepted a : accepted) {
                out[a.index] = new ItemResult(a.index, a.in.clientId(), Status.CREATED, new Visit(a.id, campaignId,
                        a.in.householdId(), a.in.clientId(), a.outcome, a.answers, a.note, c.formVersion(), a.hazards.size(),
                        user.displayName(), a.at, now), null);
            }
        }
        // the same client id again in this batch: the first one's outcome, counted once
        for (int i = 0; i < n; i++) {
            if (sameAs[i] >= 0) {
                ItemResult first = out[sameAs[i]];
                VisitRequest v = in.get(i);
                VisitRequest f = in.get(sameAs[i]);
                if (!java.util.Objects.equals(v.householdId(), f.householdId()) && v.householdId() != null) {
                    out[i] = refused(i, v.clientId(), reused(v.clientId()));
                } else if (first.status() == Status.REFUSED) {
                    out[i] = new ItemResult(i, v.clientId(), Status.REFUSED, null, first.problem());
                } else {
                    out[i] = new ItemResult(i, v.clientId(), Status.DUPLICATE, first.visit(), null);
                }
            }
        }
        int created = 0;
        int duplicates = 0;
        for (ItemResult r : out) {
            if (r.status() == Status.CREATED) {
                created++;
            } else if (r.status() == Status.DUPLICATE) {
                duplicates++;
            }
        }
        return new BatchResult(created, duplicates, n - created - duplicates, List.of(out));
    }

    /**
     * On PostgreSQL, plans this transaction's statements with their parameters each time ({@code plan_cache_mode =
     * force_custom_plan}, for this transaction only). The driver prepares a statement on the server after five
     * executions, and PostgreSQL then keeps one generic plan per pooled connection, costed against the table as it was
     * at that moment and never re-planned until the table is analyzed. When a campaign starts on an empty or small
     * {@code campaign_visit}, the lookups of a batch's client ids ({@code campaign_id = ? and client_id in (...)})
     * were cached as a sequential scan, or a full scan of the household index, cheapest over a few rows; as the visits
     * grew each lookup read every visit of the table (150 ms at 200,000 visits, twice per batch, under the writers'
     * limit), and a batch of 25 ran at a tenth of the raw SQL's rate (issue 17: 149-674 against 1,738-5,610 visits/s)
     * until the application was restarted with the table already large. Custom plans always take the client-id key;
     * planning every statement of the batch again costs some of the rate where the cached plans
     * were good (3,234 against 3,993 visits/s on a restarted application, 2026-12-04). Elsewhere a no-op.
     */
    private void planEachStatement() {
        if (database.postgres()) {
            jdbc.sql("select set_config('plan_cache_mode', 'force_custom_plan', true)").query(String.class).single();
        }
    }

    private static ProblemException reused(String clientId) {
        return ProblemException.conflict("client-id-reused", "visit id " + clientId + " was already used for another household");
    }

    private static ItemResult refused(int index, String clientId, ProblemException e) {
        return new ItemResult(index, clientId, Status.REFUSED, null, Problem.of(e));
    }

    /** Every check of one visit, in the order the single endpoint has always made them; writes nothing. */
    private Accepted check(Campaign c, int index, VisitRequest in, Map<Long, Place> places, Map<String, Boolean> mayVisit,
            Set<Long> photos, GridworkUser user, Instant now) {
        if (in.householdId() == null) {
            throw ProblemException.badRequest("household-required", "say which household was visited",
                    Map.of("field", "householdId"));
        }
        Outcome outcome;
        try {
            outcome = Outcome.valueOf(String.valueOf(in.outcome()).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-outcome", "outcome is DONE, NOT_HOME, REFUSED or VACANT",
                    Map.of("field", "outcome"));
        }
        Place place = places.get(in.householdId());
        // a household of the campaign outside the caller's part is answered like one that is not in it
        if (place == null || !mayVisit.computeIfAbsent(place.gridPath(), path -> campaigns.mayVisit(c, path, user))) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "household-not-in-campaign",
                    "household " + in.householdId() + " is not among the households of campaign " + c.id(),
                    Map.of("field", "householdId"));
        }
        if (!c.running()) {
            throw ProblemException.conflict("campaign-not-running", "campaign " + c.id() + " is " + c.status()
                    + "; visits are recorded while it runs");
        }
        Map<String, Object> answers = Map.of();
        if (outcome == Outcome.DONE) {
            answers = c.form().check(in.answers(), photos);
        } else if (in.answers() != null && !in.answers().isEmpty()) {
            throw ProblemException.badRequest("answers-not-expected", "only a DONE visit carries answers",
                    Map.of("field", "answers"));
        }
        String note = in.note() == null ? null : in.note().strip();
        if (note != null && note.length() > 1000) {
            throw ProblemException.badRequest("note-too-long", "a note has at most 1000 characters", Map.of("field", "note"));
        }
        Instant at = in.visitedAt() == null || in.visitedAt().isAfter(now.plus(Duration.ofMinutes(5))) ? now : in.visitedAt();
        return new Accepted(index, in, outcome, answers, note, at, c.form().hazards(answers), place);
    }

    /** Writes the accepted visits: one insert, the households that move, one counter update per micro-grid. */
    private void write(Campaign c, List<Accepted> accepted, GridworkUser user, Instant now) {
        long campaignId = c.id();
        StringBuilder sql = new StringBuilder("""
                insert into campaign_visit (campaign_id, household_id, client_id, outcome, answers_json, note, form_version,
                    hazards, recorded_by, recorded_by_name, visited_at, received_at) values """);
        List<Object> params = new ArrayList<>(accepted.size() * 12);
        for (int i = 0; i < accepted.size(); i++) {
            Accepted a = accepted.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            params.addAll(Arrays.asList(campaignId, a.in.householdId(), a.in.clientId(), a.outcome.name(),
                    a.answers.isEmpty() ? null : CampaignForm.JSON.writeValueAsString(a.answers), a.note, c.formVersion(),
                    a.hazards.size(), user.accountId(), user.displayName(), ts(a.at), ts(now)));
        }
        jdbc.sql(sql.toString()).params(params).update();
        Map<String, Long> ids = new HashMap<>();
        jdbc.sql("select client_id, id from campaign_visit where campaign_id = :c and client_id in (:ids)")
                .param("c", campaignId).param("ids", accepted.stream().map(a -> a.in.clientId()).toList())
                .query(rs -> {
                    ids.put(rs.getString(1), rs.getLong(2));
                });
        accepted.forEach(a -> a.id = ids.get(a.in.clientId()));

        // per household, in the order the visits happened: the latest wins (a queue flushed out of order still
        // ends right), and the micro-grid's counters move by the difference between before and after
        Map<Long, List<Accepted>> byHousehold = new TreeMap<>();
        accepted.forEach(a -> byHousehold.computeIfAbsent(a.in.householdId(), k -> new ArrayList<>()).add(a));
        Map<Long, int[]> deltas = new TreeMap<>();
        List<Object[]> moves = new ArrayList<>();
        byHousehold.forEach((household, visits) -> {
            visits.sort(java.util.Comparator.comparing((Accepted a) -> a.at).thenComparingInt(a -> a.index));
            Place p = visits.get(0).place;
            Accepted last = null;
            Instant cur = p.at();
            for (Accepted a : visits) {
                if (cur == null || !cur.isAfter(a.at)) {
                    last = a;
                    cur = a.at;
                }
            }
            if (last == null) {
                return;
            }
            moves.add(new Object[] {last.outcome.name(), last.hazards.size(), last.id, ts(last.at), campaignId, household});
            int[] d = deltas.computeIfAbsent(p.gridId(), g -> new int[5]);
            if (p.outcome() != null) {
                d[Outcome.valueOf(p.outcome()).ordinal()]--;
            }
            d[last.outcome.ordinal()]++;
            d[4] += last.hazards.size() - p.hazards();
        });
        if (!moves.isEmpty()) {
            jdbcTemplate.batchUpdate("""
                    update campaign_household set outcome = ?, hazards = ?, visit_id = ?, visited_at = ?
                     where campaign_id = ? and household_id = ?""", moves);
        }
        List<Object[]> counters = new ArrayList<>();
        deltas.forEach((grid, d) -> {
            if (d[0] != 0 || d[1] != 0 || d[2] != 0 || d[3] != 0 || d[4] != 0) {
                counters.add(new Object[] {d[0], d[1], d[2], d[3], d[4], campaignId, grid});
            }
        });
        if (!counters.isEmpty()) {
            jdbcTemplate.batchUpdate("""
                    update campaign_coverage set done = done + ?, not_home = not_home + ?, refused = refused + ?,
                        vacant = vacant + ?, hazards = hazards + ? where campaign_id = ? and grid_id = ?""", counters);
        }
        for (Accepted a : accepted) {
            List<Long> photoIds = c.form().photoIds(a.answers);
            if (!photoIds.isEmpty()) {
                jdbc.sql("update campaign_photo set visit_id = :visit where campaign_id = :c and id in (:ids) and visit_id is null")
                        .param("visit", a.id).param("c", campaignId).param("ids", photoIds).update();
            }
            for (CampaignForm.Hazard h : a.hazards) {
                events.publishEvent(new CampaignEvents.HazardFound("campaign:" + campaignId + ":visit:" + a.id + ":" + h.fieldKey(),
                        campaignId, a.id, c.communityId(), a.in.householdId(), a.place.buildingId(), a.place.gridId(),
                        a.place.gridPath(), h.label() + ": " + h.answer(),
                        c.title() + (a.note == null || a.note.isEmpty() ? "" : " — " + a.note), photoIds, user.accountId(), a.at));
            }
        }
    }

    private static boolean answersNamePhotos(Map<String, Object> answers) {
        return answers != null && answers.values().stream().anyMatch(v -> v instanceof List<?> l && !l.isEmpty()
                && l.get(0) instanceof Number);
    }

    /** The ids of photos this user uploaded to the campaign. */
    private Set<Long> photosOf(long campaignId, GridworkUser user) {
        return new HashSet<>(jdbc.sql("select id from campaign_photo where campaign_id = ? and uploaded_by = ?")
                .params(campaignId, user.accountId()).query(Long.class).list());
    }

    static final String SELECT = """
            select id, campaign_id, household_id, client_id, outcome, answers_json, note, form_version, hazards,
                   recorded_by_name, visited_at, received_at from campaign_visit""";

    static Visit map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        String json = rs.getString("answers_json");
        return new Visit(rs.getLong("id"), rs.getLong("campaign_id"), rs.getLong("household_id"), rs.getString("client_id"),
                Outcome.valueOf(rs.getString("outcome")), json == null ? Map.of() : CampaignForm.JSON.readValue(json, ANSWERS),
                rs.getString("note"), rs.getInt("form_version"), rs.getInt("hazards"), rs.getString("recorded_by_name"),
                Campaign.inst(rs, "visited_at"), Campaign.inst(rs, "received_at"));
    }

    public java.util.Optional<Visit> find(long campaignId, String clientId) {
        return jdbc.sql(SELECT + " where campaign_id = ? and client_id = ?").params(campaignId, clientId)
                .query(CampaignVisits::map).optional();
    }

    /** The visits to one household, newest first. */
    public List<Visit> ofHousehold(long campaignId, long householdId) {
        return jdbc.sql(SELECT + " where campaign_id = ? and household_id = ? order by visited_at desc, id desc")
                .params(campaignId, householdId).query(CampaignVisits::map).list();
    }
}
