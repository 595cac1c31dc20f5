package io.gridwork.demand.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.Grade;
import io.gridwork.shared.persistence.DatabaseKind;
import io.gridwork.shared.web.ProblemException;

/** Loads and stores the demand aggregate with its timeline steps; optimistic locking on {@code version}. */
@Repository
class DemandRepository {

    private static final String[] COLUMNS = {"ref_no", "community_id", "compound_id", "micro_grid_id", "grid_path",
        "building_id", "unit_id", "household_id", "lat", "lon", "location_text", "category_code", "grade", "description",
        "channel", "reporter_account_id", "reporter_person_id", "reporter_name", "contact_phone_enc", "contact_phone_mask",
        "anonymous", "entered_by", "status", "held_from_status", "hold_reason", "hold_started_at", "clock", "submitted_at",
        "respond_yellow_at", "respond_due_at", "responded_at", "resolve_yellow_at", "resolve_due_at", "deadline_binding",
        "measures", "resolved_at", "handled_on_spot", "closed_at", "rating", "rating_comment", "rated_at", "reopen_count",
        "merged_into_id", "escalation_level", "escalated_grid_id", "supervised_count", "reminder_sent_at",
        "reporter_unverified", "next_due_kind", "next_due_at", "escalate_at", "idempotency_key"};

    private static final String INSERT = "insert into demand (" + String.join(", ", COLUMNS)
            + ", last_step_at, last_note) values ("
            + String.join(", ", java.util.Collections.nCopies(COLUMNS.length, "?")) + ", ?, ?)";

    /** The update of every column (optimistic: by id and version), less its where clause. */
    private static final String UPDATE = "update demand set " + String.join(" = ?, ", COLUMNS) + " = ?, version = version + 1";

    /**
     * The latest step's time and handler's note moving on (the time twice, then the note; a null note keeps the one
     * there): never back, as a step written beside the aggregate (a photo's, a device's) may be newer.
     */
    private static final String MOVE_LAST = "last_step_at = greatest(coalesce(last_step_at, ?), ?), last_note = coalesce(?, last_note)";

    /** The update with new steps. */
    private static final String UPDATE_LAST = UPDATE + ", " + MOVE_LAST;
    private static final String STEP_COLUMNS = "demand_id, at, actor_id, actor_name, action, from_status, to_status, note";

    private final JdbcClient jdbc;
    private final DatabaseKind database;

    DemandRepository(JdbcClient jdbc, DatabaseKind database) {
        this.jdbc = jdbc;
        this.database = database;
    }

    Optional<Demand> find(long id) {
        return jdbc.sql("select * from demand where id = ?").param(id).query(DemandRepository::map).optional();
    }

    Demand require(long id) {
        return find(id).orElseThrow(() -> ProblemException.notFound("demand", id));
    }

    /** Inserts or updates; writes pending timeline steps with the actor, and the latest step's time and note on the row. */
    void save(Demand d, Long actorId, String actorName) {
        Object[] values = values(d).values().toArray();
        Timestamp lastAt = d.steps.stream().map(Demand.Step::at).max(Instant::compareTo).map(DemandRepository::ts).orElse(null);
        String lastNote = lastNote(d.steps);
        if (d.id == null) {
            Object[] params = java.util.Arrays.copyOf(values, COLUMNS.length + 2);
            params[COLUMNS.length] = lastAt;
            params[COLUMNS.length + 1] = lastNote;
            if (database.postgres()) {
                insertAtOnce(d, params, actorId, actorName);
                return;
            }
            // a new demand waits to be announced (DemandAnnouncer), in batches after this transaction
            var keys = new GeneratedKeyHolder();
            jdbc.sql(INSERT).params(params).update(keys, "id");
            d.id = Objects.requireNonNull(keys.getKey()).longValue();
            jdbc.sql("insert into demand_unannounced (demand_id) values (?)").param(d.id).update();
            insertReach(d);
        } else {
            List<Object> params = new java.util.ArrayList<>(java.util.Arrays.asList(values));
            if (lastAt != null) {
                params.add(lastAt);
                params.add(lastAt);
                params.add(lastNote);
            }
            params.add(d.id);
            params.add(d.version);
            int n = jdbc.sql((lastAt == null ? UPDATE : UPDATE_LAST) + " where id = ? and version = ?").params(params).update();
            if (n == 0) {
                throw new ProblemException(HttpStatus.CONFLICT, "concurrent-change",
                        "the demand was changed by someone else at the same time; reload and try again");
            }
            d.version++;
        }
        for (Demand.Step s : d.steps) {
            jdbc.sql("insert into demand_event_log (" + STEP_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(d.id, ts(s.at()), actorId, actorName, s.action(), s.from() == null ? null : s.from().name(),
                            s.to() == null ? null : s.to().name(), s.note())
                    .update();
        }
        d.steps.clear();
    }

    /**
     * PostgreSQL: a new demand with its rows of {@code demand_unannounced} (it waits to be announced by DemandAnnouncer,
     * in batches after this transaction) and {@code demand_reach}, and its first timeline steps, in one statement: one
     * round trip instead of four (issue 17: 967 against 916 intakes/s side by side, the same execution time in the
     * database; docs/benchmarks.md). The steps go in their order (the timeline's ids follow it).
     */
    private void insertAtOnce(Demand d, Object[] demandParams, Long actorId, String actorName) {
        List<Object> params = new java.util.ArrayList<>(java.util.Arrays.asList(demandParams));
        params.add(ts(d.submittedAt));
        params.add(gridsOf(d.gridPath).toArray(Long[]::new));
        List<String> rows = new java.util.ArrayList<>();
        for (Demand.Step s : d.steps) {
            rows.add("(" + (rows.size() + 1) + ", cast(? as timestamp with time zone), cast(? as bigint), cast(? as varchar), "
                    + "cast(? as varchar), cast(? as varchar), cast(? as varchar), cast(? as varchar))");
            params.addAll(java.util.Arrays.asList(ts(s.at()), actorId, actorName, s.action(),
                    s.from() == null ? null : s.from().name(), s.to() == null ? null : s.to().name(), s.note()));
        }
        String sql = "with d as (" + INSERT + " returning id),"
                + " u as (insert into demand_unannounced (demand_id) select id from d),"
                + " r as (insert into demand_reach (grid_id, submitted_at, demand_id)"
                + " select g, cast(? as timestamp with time zone), d.id from d cross join unnest(cast(? as bigint[])) g)"
                + (rows.isEmpty() ? "" : ", e as (insert into demand_event_log (" + STEP_COLUMNS + ")"
                        + " select d.id, s.at, s.actor_id, s.actor_name, s.action, s.from_status, s.to_status, s.note"
                        + " from d cross join (values " + String.join(", ", rows) + ") s (n, at, actor_id, actor_name, action, from_status,"
                        + " to_status, note) order by s.n)")
                + " select id from d";
        d.id = jdbc.sql(sql).params(params).query(Long.class).single();
        d.steps.clear();
    }

    /**
     * Steps whose notes are not a handler's: the resident's words of a rating or reopening, and the system's records of
     * a deadline or of photos added. The row's {@code last_note} (Open311's {@code status_notes}) leaves them out (V197).
     */
    static final Set<String> NOT_A_HANDLERS_NOTE = Set.of("RATED", "REOPENED", "OVERDUE", "DUE_SOON", "PHOTO_ADDED");

    /** The newest handler's note of {@code steps} (null: none). */
    static String lastNote(List<Demand.Step> steps) {
        String note = null;
        for (Demand.Step s : steps) {
            if (s.note() != null && !NOT_A_HANDLERS_NOTE.contains(s.action())) {
                note = s.note();
            }
        }
        return note;
    }

    /**
     * The latest step's time and handler's note (null: as it was) of a demand after a step written without the
     * aggregate (a photo, a device's event): false when there is no such demand.
     */
    boolean stepped(long id, Timestamp at, String note) {
        return jdbc.sql("update demand set " + MOVE_LAST + " where id = ?").params(at, at, note, id).update() > 0;
    }

    /**
     * The demand's rows of {@code demand_reach} (V144): one per grid of its path, its own included, with its
     * submission time, in one statement. The lists under any grid read them in order (issue 19).
     */
    private void insertReach(Demand d) {
        List<Long> grids = gridsOf(d.gridPath);
        if (grids.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("insert into demand_reach (grid_id, submitted_at, demand_id) values ");
        List<Object> params = new java.util.ArrayList<>();
        for (int i = 0; i < grids.size(); i++) {
            sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
            params.add(grids.get(i));
            params.add(ts(d.submittedAt));
            params.add(d.id);
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    /** The ids of a grid path, outermost first ("/1/4/9/" is 1, 4, 9). */
    static List<Long> gridsOf(String path) {
        List<Long> out = new java.util.ArrayList<>();
        if (path != null) {
            for (String s : path.split("/")) {
                if (!s.isEmpty()) {
                    out.add(Long.parseLong(s));
                }
            }
        }
        return out;
    }

    private static Map<String, Object> values(Demand d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("ref_no", d.refNo);
        v.put("community_id", d.communityId);
        v.put("compound_id", d.compoundId);
        v.put("micro_grid_id", d.microGridId);
        v.put("grid_path", d.gridPath);
        v.put("building_id", d.buildingId);
        v.put("unit_id", d.unitId);
        v.put("household_id", d.householdId);
        v.put("lat", d.lat);
        v.put("lon", d.lon);
        v.put("location_text", d.locationText);
        v.put("category_code", d.categoryCode);
        v.put("grade", d.grade == null ? null : d.grade.name());
        v.put("description", d.description);
        v.put("channel", d.channel.name());
        v.put("reporter_account_id", d.reporterAccountId);
        v.put("reporter_person_id", d.reporterPersonId);
        v.put("reporter_name", d.reporterName);
        v.put("contact_phone_enc", d.contactPhoneEnc);
        v.put("contact_phone_mask", d.contactPhoneMask);
        v.put("anonymous", d.anonymous);
        v.put("entered_by", d.enteredBy);
        v.put("status", d.status.name());
        v.put("held_from_status", d.heldFromStatus == null ? null : d.heldFromStatus.name());
        v.put("hold_reason", d.holdReason);
        v.put("hold_started_at", ts(d.holdStartedAt));
        v.put("clock", d.clock);
        v.put("submitted_at", ts(d.submittedAt));
        v.put("respond_yellow_at", ts(d.respondYellowAt));
        v.put("respond_due_at", ts(d.respondDueAt));
        v.put("responded_at", ts(d.respondedAt));
        v.put("resolve_yellow_at", ts(d.resolveYellowAt));
        v.put("resolve_due_at", ts(d.resolveDueAt));
        v.put("deadline_binding", d.deadlineBinding);
        v.put("measures", d.measures);
        v.put("resolved_at", ts(d.resolvedAt));
        v.put("handled_on_spot", d.handledOnSpot);
        v.put("closed_at", ts(d.closedAt));
        v.put("rating", d.rating);
        v.put("rating_comment", d.ratingComment);
        v.put("rated_at", ts(d.ratedAt));
        v.put("reopen_count", d.reopenCount);
        v.put("merged_into_id", d.mergedIntoId);
        v.put("escalation_level", d.escalationLevel);
        v.put("escalated_grid_id", d.escalatedGridId);
        v.put("supervised_count", d.supervisedCount);
        v.put("reminder_sent_at", ts(d.reminderSentAt));
        v.put("reporter_unverified", d.reporterUnverified);
        v.put("next_due_kind", d.nextDueKind == null ? null : d.nextDueKind.name());
        v.put("next_due_at", ts(d.nextDueAt));
        v.put("escalate_at", ts(d.escalateAt));
        v.put("idempotency_key", d.idempotencyKey);
        return v;
    }

    static Demand map(ResultSet rs, int row) throws SQLException {
        Demand d = new Demand();
        d.id = rs.getLong("id");
        d.refNo = rs.getString("ref_no");
        d.communityId = rs.getLong("community_id");
        d.compoundId = rs.getObject("compound_id", Long.class);
        d.microGridId = rs.getObject("micro_grid_id", Long.class);
        d.gridPath = rs.getString("grid_path");
        d.buildingId = rs.getObject("building_id", Long.class);
        d.unitId = rs.getObject("unit_id", Long.class);
        d.householdId = rs.getObject("household_id", Long.class);
        d.lat = rs.getObject("lat", Double.class);
        d.lon = rs.getObject("lon", Double.class);
        d.locationText = rs.getString("location_text");
        d.categoryCode = rs.getString("category_code");
        String grade = rs.getString("grade");
        d.grade = grade == null ? null : Grade.valueOf(grade);
        d.description = rs.getString("description");
        d.channel = Channel.valueOf(rs.getString("channel"));
        d.reporterAccountId = rs.getObject("reporter_account_id", Long.class);
        d.reporterPersonId = rs.getObject("reporter_person_id", Long.class);
        d.reporterName = rs.getString("reporter_name");
        d.contactPhoneEnc = rs.getString("contact_phone_enc");
        d.contactPhoneMask = rs.getString("contact_phone_mask");
        d.anonymous = rs.getBoolean("anonymous");
        d.enteredBy = rs.getObject("entered_by", Long.class);
        d.status = DemandStatus.valueOf(rs.getString("status"));
        String held = rs.getString("held_from_status");
        d.heldFromStatus = held == null ? null : DemandStatus.valueOf(held);
        d.holdReason = rs.getString("hold_reason");
        d.holdStartedAt = inst(rs, "hold_started_at");
        d.clock = rs.getString("clock");
        d.submittedAt = inst(rs, "submitted_at");
        d.respondYellowAt = inst(rs, "respond_yellow_at");
        d.respondDueAt = inst(rs, "respond_due_at");
        d.respondedAt = inst(rs, "responded_at");
        d.resolveYellowAt = inst(rs, "resolve_yellow_at");
        d.resolveDueAt = inst(rs, "resolve_due_at");
        d.deadlineBinding = rs.getBoolean("deadline_binding");
        d.measures = rs.getString("measures");
        d.resolvedAt = inst(rs, "resolved_at");
        d.handledOnSpot = rs.getBoolean("handled_on_spot");
        d.closedAt = inst(rs, "closed_at");
        d.rating = rs.getObject("rating", Integer.class);
        d.ratingComment = rs.getString("rating_comment");
        d.ratedAt = inst(rs, "rated_at");
        d.reopenCount = rs.getInt("reopen_count");
        d.mergedIntoId = rs.getObject("merged_into_id", Long.class);
        d.escalationLevel = rs.getInt("escalation_level");
        d.escalatedGridId = rs.getObject("escalated_grid_id", Long.class);
        d.supervisedCount = rs.getInt("supervised_count");
        d.reminderSentAt = inst(rs, "reminder_sent_at");
        d.reporterUnverified = rs.getBoolean("reporter_unverified");
        String due = rs.getString("next_due_kind");
        d.nextDueKind = due == null ? null : Demand.DeadlineKind.valueOf(due);
        d.nextDueAt = inst(rs, "next_due_at");
        d.escalateAt = inst(rs, "escalate_at");
        d.idempotencyKey = rs.getString("idempotency_key");
        d.version = rs.getInt("version");
        return d;
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant inst(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Instant inst(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
