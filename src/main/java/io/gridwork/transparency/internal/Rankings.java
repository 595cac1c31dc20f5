package io.gridwork.transparency.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.Party;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.lists.ListsApi;
import io.gridwork.measures.Freshness;
import io.gridwork.measures.Measures;
import io.gridwork.measures.MeasuresApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.Fields;
import io.gridwork.shared.web.ProblemException;

/**
 * The red/black list (红黑榜) of the property companies serving the compounds of a street (or of a district), per
 * quarter. A company is scored on five measured indicators over the compounds its contract covers in the quarter:
 * <ul>
 * <li>ON_TIME (按时办结率): of the demands assigned to the property company whose resolution limit fell in the quarter,
 * those resolved within it (the measures rollup, party PROPERTY);</li>
 * <li>SATISFACTION (满意率): satisfied ratings (4–5 stars) / ratings of those demands in the quarter (same rollup);</li>
 * <li>DISCLOSURE (双晒按时公开): of the two quarterly reports of each compound, those first published by the street's
 * deadline ({@code disclosureDays} after the quarter's last day);</li>
 * <li>RECTIFICATION (整改率): problems on the rectification list (整治清单) assigned to the property company, found in the
 * quarter, rectified by its end (the lists module);</li>
 * <li>COMPLAINTS (投诉): dissatisfied ratings (1–3 stars) of the property company's demands as a share of its demands
 * found in the quarter; the score is 100 × (1 − share).</li>
 * </ul>
 * Each indicator scores 0–100 (its rate); one with nothing to measure is left out and the total is the weighted mean
 * of the others (weights set by the street, summing to 100). A total at or above the red threshold is on the red list,
 * one below the black threshold on the black list. The computation reads rollups only (one grouped read per source),
 * never demands. A list is a draft until published; a published one never changes, and a recomputation is the next
 * version with its reason, both staying visible.
 */
@Service
public class Rankings {

    public enum Indicator { ON_TIME, SATISFACTION, DISCLOSURE, RECTIFICATION, COMPLAINTS }

    public enum Status { DRAFT, PUBLISHED }

    public enum Band { RED, BLACK, NONE }

    /** The street's weights (summing to 100), the bands' thresholds (points) and the disclosure deadline (days). */
    public record Settings(long gridId, int weightOnTime, int weightSatisfaction, int weightDisclosure, int weightRectification,
            int weightComplaints, int redMin, int blackBelow, int disclosureDays, String updatedByName, Instant updatedAt) {

        public int weight(Indicator i) {
            return switch (i) {
                case ON_TIME -> weightOnTime;
                case SATISFACTION -> weightSatisfaction;
                case DISCLOSURE -> weightDisclosure;
                case RECTIFICATION -> weightRectification;
                case COMPLAINTS -> weightComplaints;
            };
        }

        static Settings defaults(long gridId) {
            return new Settings(gridId, 30, 25, 20, 15, 10, 85, 60, 15, null, null);
        }
    }

    public record SettingsIn(Integer weightOnTime, Integer weightSatisfaction, Integer weightDisclosure, Integer weightRectification,
            Integer weightComplaints, Integer redMin, Integer blackBelow, Integer disclosureDays) {
    }

    public record Compute(Long gridId, Integer year, Integer quarter, String reason) {
    }

    /** A compound's figures, as read from the rollups when the list was computed. */
    public record CompoundFigures(long compoundId, String compoundName, long resolveDue, long resolveOnTime, long ratings,
            long satisfied, long demandsFound, Instant servicePublishedAt, Instant financePublishedAt, long problemsFound,
            long problemsRectified) {
    }

    /** A company's figures (the sums over its compounds), its scores in hundredths of a point (null: nothing to score). */
    public record Entry(int rank, long companyId, String companyName, int compounds, long resolveDue, long resolveOnTime,
            long ratings, long satisfied, long demandsFound, int reportsDue, int reportsOnTime, long problemsFound,
            long problemsRectified, Integer scoreOnTime, Integer scoreSatisfaction, Integer scoreDisclosure,
            Integer scoreRectification, Integer scoreComplaints, Integer total, Band band, List<CompoundFigures> compoundFigures) {

        /** Dissatisfied ratings (1–3 stars): the complaints counted. */
        public long complaints() {
            return ratings - satisfied;
        }

        public Integer score(Indicator i) {
            return switch (i) {
                case ON_TIME -> scoreOnTime;
                case SATISFACTION -> scoreSatisfaction;
                case DISCLOSURE -> scoreDisclosure;
                case RECTIFICATION -> scoreRectification;
                case COMPLAINTS -> scoreComplaints;
            };
        }
    }

    public record RankList(long id, long gridId, String gridName, int year, int quarter, int version, Status status,
            Settings settings, Long supersedesId, Long supersededById, String reason, Instant measuresAsOf, String computedByName,
            Instant computedAt, long computeMillis, String publishedByName, Instant publishedAt, List<Entry> entries) {

        public List<Entry> red() {
            return entries.stream().filter(e -> e.band() == Band.RED).toList();
        }

        public List<Entry> black() {
            return entries.stream().filter(e -> e.band() == Band.BLACK).toList();
        }
    }

    /** What a computation found, before it is stored. */
    public record Computed(List<Entry> entries, Instant measuresAsOf, long millis) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final Compounds compounds;
    private final MeasuresApi measures;
    private final ListsApi lists;

    Rankings(JdbcClient jdbc, GridApi grid, Compounds compounds, MeasuresApi measures, ListsApi lists) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.compounds = compounds;
        this.measures = measures;
        this.lists = lists;
    }

    // ---- who ------------------------------------------------------------------------------------

    /** Street staff of the street (and admins) configure, compute and publish. */
    public static boolean manages(GridworkUser user, GridNode area) {
        return user.isAdmin() || user.has(Role.STREET_STAFF) && user.covers(area.path());
    }

    /** Everyone signed in within the street: staff whose grids cover it or lie in it, residents living in it. */
    public boolean within(GridworkUser user, GridNode area) {
        if (user.covers(area.path()) || user.scopePaths().stream().anyMatch(p -> p.startsWith(area.path()))) {
            return true;
        }
        return compounds.homeCompound(user).flatMap(grid::node).map(c -> c.path().startsWith(area.path())).orElse(false);
    }

    /** A street or district the user is within, else 404 as if absent. */
    public GridNode area(Long gridId, GridworkUser user) {
        if (gridId == null) {
            throw ProblemException.badRequest("field-required", "gridId is required", Map.of("field", "gridId"));
        }
        GridNode area = grid.node(gridId).filter(n -> (n.level() == GridLevel.STREET || n.level() == GridLevel.DISTRICT) && !n.retired())
                .orElseThrow(() -> ProblemException.notFound("street", gridId));
        if (!within(user, area)) {
            throw ProblemException.outOfReach("street", gridId);
        }
        return area;
    }

    private GridNode managed(Long gridId, GridworkUser user) {
        GridNode area = area(gridId, user);
        if (!manages(user, area)) {
            throw ProblemException.forbidden("the street's staff set, compute and publish its red/black list");
        }
        return area;
    }

    /** The streets the user is within: those under their grids, the one above a grid inside a street, their home's. */
    public List<GridNode> areas(GridworkUser user) {
        Map<Long, GridNode> out = new LinkedHashMap<>();
        for (String scope : user.scopePaths()) {
            List<GridNode> streets = grid.nodesUnder(scope, GridLevel.STREET, null, Compounds.PICKER_LIMIT);
            if (streets.isEmpty()) {
                streetAbove(scope).ifPresent(s -> out.putIfAbsent(s.id(), s));
            }
            streets.forEach(s -> out.putIfAbsent(s.id(), s));
        }
        compounds.homeCompound(user).flatMap(grid::node).flatMap(c -> streetAbove(c.path())).ifPresent(s -> out.putIfAbsent(s.id(), s));
        return List.copyOf(out.values());
    }

    private Optional<GridNode> streetAbove(String path) {
        String[] parts = path.split("/");
        if (parts.length == 0) {
            return Optional.empty();
        }
        long last = Long.parseLong(parts[parts.length - 1]);
        return grid.lineage(last).stream().filter(n -> n.level() == GridLevel.STREET).findFirst();
    }

    // ---- settings -------------------------------------------------------------------------------

    public Settings settings(Long gridId, GridworkUser user) {
        return settingsOf(area(gridId, user).id());
    }

    private Settings settingsOf(long gridId) {
        return jdbc.sql("select * from transparency_rank_setting where grid_id = ?").param(gridId).query(Rankings::settings).optional()
                .orElseGet(() -> Settings.defaults(gridId));
    }

    /** The street sets its weights (each 0–100, summing to 100), thresholds (0–100, black ≤ red) and deadline (0–90 days). */
    @Transactional
    public Settings configure(Long gridId, SettingsIn in, GridworkUser user) {
        GridNode area = managed(gridId, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the settings as JSON");
        }
        int onTime = bounded(in.weightOnTime(), "weightOnTime", 0, 100);
        int satisfaction = bounded(in.weightSatisfaction(), "weightSatisfaction", 0, 100);
        int disclosure = bounded(in.weightDisclosure(), "weightDisclosure", 0, 100);
        int rectification = bounded(in.weightRectification(), "weightRectification", 0, 100);
        int complaints = bounded(in.weightComplaints(), "weightComplaints", 0, 100);
        int sum = onTime + satisfaction + disclosure + rectification + complaints;
        if (sum != 100) {
            throw ProblemException.badRequest("rank-weights-sum", "the weights add up to " + sum + ", not 100",
                    Map.of("field", "weightOnTime", "sum", sum));
        }
        int red = bounded(in.redMin(), "redMin", 0, 100);
        int black = bounded(in.blackBelow(), "blackBelow", 0, 100);
        if (black > red) {
            throw ProblemException.badRequest("rank-thresholds", "the black list's threshold is above the red list's",
                    Map.of("field", "blackBelow"));
        }
        int days = bounded(in.disclosureDays(), "disclosureDays", 0, 90);
        Timestamp now = Timestamp.from(Instant.now());
        int changed = jdbc.sql("""
                update transparency_rank_setting set weight_on_time = ?, weight_satisfaction = ?, weight_disclosure = ?,
                    weight_rectification = ?, weight_complaints = ?, red_min = ?, black_below = ?, disclosure_days = ?,
                    updated_by_name = ?, updated_at = ? where grid_id = ?""")
                .params(onTime, satisfaction, disclosure, rectification, complaints, red, black, days, user.displayName(), now, area.id())
                .update();
        if (changed == 0) {
            try {
                jdbc.sql("""
                        insert into transparency_rank_setting (grid_id, weight_on_time, weight_satisfaction, weight_disclosure,
                            weight_rectification, weight_complaints, red_min, black_below, disclosure_days, updated_by_name, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(area.id(), onTime, satisfaction, disclosure, rectification, complaints, red, black, days,
                                user.displayName(), now)
                        .update();
            } catch (DuplicateKeyException e) {
                throw ProblemException.conflict("rank-busy", "the settings were changed at the same moment; try again");
            }
        }
        return settingsOf(area.id());
    }

    private static int bounded(Integer value, String field, int min, int max) {
        if (value == null) {
            throw ProblemException.badRequest("field-required", field + " is required", Map.of("field", field));
        }
        if (value < min || value > max) {
            throw ProblemException.badRequest("rank-out-of-range", field + " is " + min + " to " + max, Map.of("field", field));
        }
        return value;
    }

    // ---- computing ------------------------------------------------------------------------------

    /**
     * Computes (or recomputes) the list of a finished quarter as a draft. When the quarter's latest version is a draft
     * it is computed again; when it is published, the new draft is the next version and needs a reason.
     */
    @Transactional
    public RankList compute(Compute in, GridworkUser user) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the quarter as JSON");
        }
        GridNode area = managed(in.gridId(), user);
        Quarter q = Quarter.of(require(in.year(), "year"), require(in.quarter(), "quarter"));
        if (q.end().isAfter(Instant.now())) {
            throw ProblemException.badRequest("quarter-not-ended", "a quarter's list is computed once the quarter has ended",
                    Map.of("field", "quarter"));
        }
        String reason = Fields.text(in.reason(), "reason", 500, false);
        Settings s = settingsOf(area.id());
        Optional<RankList> latest = jdbc.sql(SELECT + " where l.grid_id = ? and l.rank_year = ? and l.quarter = ? order by l.version desc")
                .params(area.id(), q.year(), q.quarter()).query(this::list).list().stream().findFirst();
        if (latest.isPresent() && latest.get().status() == Status.PUBLISHED && reason == null) {
            throw ProblemException.badRequest("reason-required", "the list of " + q + " is published; a recomputation is a new version "
                    + "and says why", Map.of("field", "reason"));
        }
        Computed c = compute(area, q, s);
        Timestamp now = Timestamp.from(Instant.now());
        long id;
        if (latest.isPresent() && latest.get().status() == Status.DRAFT) {
            id = latest.get().id();
            int changed = jdbc.sql("""
                    update transparency_rank_list set weight_on_time = ?, weight_satisfaction = ?, weight_disclosure = ?,
                        weight_rectification = ?, weight_complaints = ?, red_min = ?, black_below = ?, disclosure_days = ?,
                        reason = coalesce(?, reason), measures_as_of = ?, computed_by_name = ?, computed_at = ?, compute_millis = ?
                     where id = ? and status = 'DRAFT'""")
                    .params(s.weightOnTime(), s.weightSatisfaction(), s.weightDisclosure(), s.weightRectification(), s.weightComplaints(),
                            s.redMin(), s.blackBelow(), s.disclosureDays(), reason, Timestamp.from(c.measuresAsOf()), user.displayName(),
                            now, c.millis(), id)
                    .update();
            if (changed == 0) {
                throw ProblemException.conflict("rank-published", "the list was published meanwhile; a published list never changes");
            }
            jdbc.sql("delete from transparency_rank_compound where entry_id in (select id from transparency_rank_entry where list_id = ?)")
                    .param(id).update();
            jdbc.sql("delete from transparency_rank_entry where list_id = ?").param(id).update();
        } else {
            var keys = new GeneratedKeyHolder();
            try {
                jdbc.sql("""
                        insert into transparency_rank_list (grid_id, rank_year, quarter, version, status, weight_on_time,
                            weight_satisfaction, weight_disclosure, weight_rectification, weight_complaints, red_min, black_below,
                            disclosure_days, supersedes_id, reason, measures_as_of, computed_by_name, computed_at, compute_millis)
                        values (?, ?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(area.id(), q.year(), q.quarter(), latest.map(l -> l.version() + 1).orElse(1), s.weightOnTime(),
                                s.weightSatisfaction(), s.weightDisclosure(), s.weightRectification(), s.weightComplaints(), s.redMin(),
                                s.blackBelow(), s.disclosureDays(), latest.map(RankList::id).orElse(null), reason,
                                Timestamp.from(c.measuresAsOf()), user.displayName(), now, c.millis())
                        .update(keys, "id");
            } catch (DuplicateKeyException e) {
                throw ProblemException.conflict("rank-busy", "the list of " + q + " is being computed at the same moment; try again");
            }
            id = keys.getKey().longValue();
        }
        store(id, c.entries());
        return find(id).orElseThrow();
    }

    /** Publishes a draft: from now on it never changes. */
    @Transactional
    public RankList publish(long id, GridworkUser user) {
        RankList l = get(id, user);
        managed(l.gridId(), user);
        int changed = jdbc.sql("""
                update transparency_rank_list set status = 'PUBLISHED', published_by_name = ?, published_at = ?
                 where id = ? and status = 'DRAFT'""").params(user.displayName(), Timestamp.from(Instant.now()), id).update();
        if (changed == 0) {
            throw ProblemException.conflict("rank-published", "the list is published already; a published list never changes");
        }
        return find(id).orElseThrow();
    }

    /**
     * The quarter's figures and scores of the companies serving compounds under the area: one read of the compounds, one
     * of the contracts, one of the measures rollup, one of the reports, one of the rectification list.
     */
    public Computed compute(GridNode area, Quarter q, Settings s) {
        long started = System.nanoTime();
        Freshness fresh = measures.freshness();
        Map<Long, GridNode> byId = new HashMap<>();
        for (GridNode c : grid.nodesUnder(area.path(), GridLevel.COMPOUND, null, 100_000)) {
            byId.put(c.id(), c);
        }
        // each compound's contract in the quarter (the latest when two share it), with its company
        record Served(long compoundId, long companyId, String companyName) {
        }
        Map<Long, Served> served = new LinkedHashMap<>();
        List<Long> ids = List.copyOf(byId.keySet());
        for (int i = 0; i < ids.size(); i += 1000) {
            jdbc.sql("""
                    select c.compound_id, c.company_id, p.name from transparency_contract c join transparency_company p on p.id = c.company_id
                     where c.compound_id in (:ids) and c.starts_on <= :last and c.ends_on >= :first order by c.starts_on, c.id""")
                    .param("ids", ids.subList(i, Math.min(ids.size(), i + 1000))).param("first", Date.valueOf(q.first()))
                    .param("last", Date.valueOf(q.last()))
                    .query(rs -> {
                        served.put(rs.getLong(1), new Served(rs.getLong(1), rs.getLong(2), rs.getString(3)));
                    });
        }
        List<Long> servedIds = List.copyOf(served.keySet());
        Map<Long, Measures> m = servedIds.isEmpty() ? Map.of() : measures.ofGrids(servedIds, q.first(), q.last(), Party.PROPERTY);
        Map<Long, Instant[]> published = new HashMap<>();
        for (int i = 0; i < servedIds.size(); i += 1000) {
            jdbc.sql("""
                    select compound_id, kind, min(published_at) from transparency_report
                     where compound_id in (:ids) and report_year = :y and quarter = :q and status = 'PUBLISHED' group by compound_id, kind""")
                    .param("ids", servedIds.subList(i, Math.min(servedIds.size(), i + 1000))).param("y", q.year()).param("q", q.quarter())
                    .query(rs -> {
                        Instant[] at = published.computeIfAbsent(rs.getLong(1), k -> new Instant[2]);
                        at["SERVICE".equals(rs.getString(2)) ? 0 : 1] = rs.getTimestamp(3).toInstant();
                    });
        }
        Map<Long, long[]> problems = new HashMap<>();
        if (!servedIds.isEmpty()) {
            for (ListsApi.GridRectificationCount r : lists.rectificationCounts(area.path(), Party.PROPERTY.name(), q.first(), q.last())) {
                Long compound = compoundOf(r.gridPath(), served);
                if (compound != null) {
                    long[] p = problems.computeIfAbsent(compound, k -> new long[2]);
                    p[0] += r.found();
                    p[1] += r.rectified();
                }
            }
        }
        Instant deadline = q.last().plusDays(s.disclosureDays() + 1L).atStartOfDay(Quarter.ZONE).toInstant();
        Map<Long, List<CompoundFigures>> byCompany = new LinkedHashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (Served sv : served.values()) {
            Measures x = m.get(sv.compoundId());
            Instant[] at = published.getOrDefault(sv.compoundId(), new Instant[2]);
            long[] p = problems.getOrDefault(sv.compoundId(), new long[2]);
            names.put(sv.companyId(), sv.companyName());
            byCompany.computeIfAbsent(sv.companyId(), k -> new ArrayList<>()).add(new CompoundFigures(sv.compoundId(),
                    byId.get(sv.compoundId()).name(), x.resolveDue(), x.resolveOnTime(), x.ratings(), x.satisfied(), x.received(), at[0],
                    at[1], p[0], p[1]));
        }
        List<Entry> entries = new ArrayList<>();
        for (var e : byCompany.entrySet()) {
            entries.add(score(e.getKey(), names.get(e.getKey()), e.getValue(), s, deadline));
        }
        entries.sort(Comparator.comparing((Entry e) -> e.total() == null ? Integer.MIN_VALUE : e.total()).reversed()
                .thenComparing(Entry::companyName));
        List<Entry> ranked = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            int rank = i > 0 && java.util.Objects.equals(e.total(), entries.get(i - 1).total()) ? ranked.get(i - 1).rank() : i + 1;
            ranked.add(new Entry(rank, e.companyId(), e.companyName(), e.compounds(), e.resolveDue(), e.resolveOnTime(), e.ratings(),
                    e.satisfied(), e.demandsFound(), e.reportsDue(), e.reportsOnTime(), e.problemsFound(), e.problemsRectified(),
                    e.scoreOnTime(), e.scoreSatisfaction(), e.scoreDisclosure(), e.scoreRectification(), e.scoreComplaints(), e.total(),
                    e.band(), e.compoundFigures()));
        }
        return new Computed(List.copyOf(ranked), fresh.asOf(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The compound a grid path lies in (its own path or one below), among the served ones. */
    private static Long compoundOf(String path, Map<Long, ?> served) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty()) {
                long id = Long.parseLong(parts[i]);
                if (served.containsKey(id)) {
                    return id;
                }
            }
        }
        return null;
    }

    /** A company's entry from its compounds' figures: the rule of the class comment, in hundredths of a point. */
    static Entry score(long companyId, String name, List<CompoundFigures> figures, Settings s, Instant deadline) {
        long resolveDue = 0, resolveOnTime = 0, ratings = 0, satisfied = 0, found = 0, problems = 0, rectified = 0;
        int due = 0, onTime = 0;
        for (CompoundFigures f : figures) {
            resolveDue += f.resolveDue();
            resolveOnTime += f.resolveOnTime();
            ratings += f.ratings();
            satisfied += f.satisfied();
            found += f.demandsFound();
            problems += f.problemsFound();
            rectified += f.problemsRectified();
            due += 2;
            onTime += (f.servicePublishedAt() != null && f.servicePublishedAt().isBefore(deadline) ? 1 : 0)
                    + (f.financePublishedAt() != null && f.financePublishedAt().isBefore(deadline) ? 1 : 0);
        }
        long complaints = ratings - satisfied;
        Integer sOnTime = rate(resolveOnTime, resolveDue);
        Integer sSatisfaction = rate(satisfied, ratings);
        Integer sDisclosure = rate(onTime, due);
        Integer sRectification = rate(rectified, problems);
        long whole = Math.max(found, complaints);
        Integer sComplaints = rate(whole - complaints, whole);
        Map<Indicator, Integer> scores = new java.util.EnumMap<>(Indicator.class);
        scores.put(Indicator.ON_TIME, sOnTime);
        scores.put(Indicator.SATISFACTION, sSatisfaction);
        scores.put(Indicator.DISCLOSURE, sDisclosure);
        scores.put(Indicator.RECTIFICATION, sRectification);
        scores.put(Indicator.COMPLAINTS, sComplaints);
        long weighted = 0;
        long weights = 0;
        for (var e : scores.entrySet()) {
            if (e.getValue() != null) {
                weighted += (long) s.weight(e.getKey()) * e.getValue();
                weights += s.weight(e.getKey());
            }
        }
        Integer total = weights == 0 ? null : (int) Math.round((double) weighted / weights);
        Band band = total == null ? Band.NONE : total >= s.redMin() * 100 ? Band.RED : total < s.blackBelow() * 100 ? Band.BLACK : Band.NONE;
        return new Entry(0, companyId, name, figures.size(), resolveDue, resolveOnTime, ratings, satisfied, found, due, onTime, problems,
                rectified, sOnTime, sSatisfaction, sDisclosure, sRectification, sComplaints, total, band, List.copyOf(figures));
    }

    /** part / whole in hundredths of a point (0–10000), null when there is nothing to measure. */
    static Integer rate(long part, long whole) {
        return whole == 0 ? null : (int) Math.round(part * 10000.0 / whole);
    }

    private void store(long listId, List<Entry> entries) {
        for (Entry e : entries) {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("""
                    insert into transparency_rank_entry (list_id, rank_no, company_id, company_name, compounds, resolve_due,
                        resolve_on_time, ratings, satisfied, demands_found, reports_due, reports_on_time, problems_found,
                        problems_rectified, score_on_time, score_satisfaction, score_disclosure, score_rectification, score_complaints,
                        total, band) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(listId, e.rank(), e.companyId(), e.companyName(), e.compounds(), e.resolveDue(), e.resolveOnTime(),
                            e.ratings(), e.satisfied(), e.demandsFound(), e.reportsDue(), e.reportsOnTime(), e.problemsFound(),
                            e.problemsRectified(), e.scoreOnTime(), e.scoreSatisfaction(), e.scoreDisclosure(), e.scoreRectification(),
                            e.scoreComplaints(), e.total(), e.band().name())
                    .update(keys, "id");
            long entryId = keys.getKey().longValue();
            for (CompoundFigures f : e.compoundFigures()) {
                jdbc.sql("""
                        insert into transparency_rank_compound (entry_id, compound_id, compound_name, resolve_due, resolve_on_time,
                            ratings, satisfied, demands_found, service_published_at, finance_published_at, problems_found,
                            problems_rectified) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(entryId, f.compoundId(), f.compoundName(), f.resolveDue(), f.resolveOnTime(), f.ratings(), f.satisfied(),
                                f.demandsFound(), ts(f.servicePublishedAt()), ts(f.financePublishedAt()), f.problemsFound(),
                                f.problemsRectified())
                        .update();
            }
        }
    }

    // ---- reading --------------------------------------------------------------------------------

    /** A list the user sees (a published one within their street; a draft only its managers), else 404 as if absent. */
    public RankList get(long id, GridworkUser user) {
        RankList l = find(id).orElseThrow(() -> ProblemException.notFound("ranking", id));
        GridNode area = grid.node(l.gridId()).orElseThrow(() -> ProblemException.notFound("ranking", id));
        if (!within(user, area) || l.status() == Status.DRAFT && !manages(user, area)) {
            throw ProblemException.outOfReach("ranking", id);
        }
        return l;
    }

    /** The lists of a street the user sees, latest quarter and version first, without their entries. */
    public List<RankList> ofArea(Long gridId, GridworkUser user) {
        GridNode area = area(gridId, user);
        boolean manager = manages(user, area);
        return jdbc.sql(SELECT + " where l.grid_id = ? order by l.rank_year desc, l.quarter desc, l.version desc limit 200")
                .param(area.id()).query(this::list).list().stream().filter(l -> manager || l.status() == Status.PUBLISHED).toList();
    }

    public Optional<RankList> find(long id) {
        return jdbc.sql(SELECT + " where l.id = ?").param(id).query(this::list).optional().map(this::withEntries);
    }

    private RankList withEntries(RankList l) {
        Map<Long, List<CompoundFigures>> figures = new HashMap<>();
        jdbc.sql("""
                select c.* from transparency_rank_compound c join transparency_rank_entry e on e.id = c.entry_id
                 where e.list_id = ? order by c.compound_name, c.id""").param(l.id())
                .query(rs -> {
                    figures.computeIfAbsent(rs.getLong("entry_id"), k -> new ArrayList<>()).add(new CompoundFigures(rs.getLong("compound_id"),
                            rs.getString("compound_name"), rs.getLong("resolve_due"), rs.getLong("resolve_on_time"), rs.getLong("ratings"),
                            rs.getLong("satisfied"), rs.getLong("demands_found"), instant(rs.getTimestamp("service_published_at")),
                            instant(rs.getTimestamp("finance_published_at")), rs.getLong("problems_found"), rs.getLong("problems_rectified")));
                });
        List<Entry> entries = jdbc.sql("select * from transparency_rank_entry where list_id = ? order by rank_no, company_name, id")
                .param(l.id())
                .query((rs, i) -> new Entry(rs.getInt("rank_no"), rs.getLong("company_id"), rs.getString("company_name"), rs.getInt("compounds"),
                        rs.getLong("resolve_due"), rs.getLong("resolve_on_time"), rs.getLong("ratings"), rs.getLong("satisfied"),
                        rs.getLong("demands_found"), rs.getInt("reports_due"), rs.getInt("reports_on_time"), rs.getLong("problems_found"),
                        rs.getLong("problems_rectified"), rs.getObject("score_on_time", Integer.class),
                        rs.getObject("score_satisfaction", Integer.class), rs.getObject("score_disclosure", Integer.class),
                        rs.getObject("score_rectification", Integer.class), rs.getObject("score_complaints", Integer.class),
                        rs.getObject("total", Integer.class), Band.valueOf(rs.getString("band")),
                        List.copyOf(figures.getOrDefault(rs.getLong("id"), List.of()))))
                .list();
        return new RankList(l.id(), l.gridId(), l.gridName(), l.year(), l.quarter(), l.version(), l.status(), l.settings(), l.supersedesId(),
                l.supersededById(), l.reason(), l.measuresAsOf(), l.computedByName(), l.computedAt(), l.computeMillis(), l.publishedByName(),
                l.publishedAt(), entries);
    }

    /** True when no list has been computed yet (the demo computes one then). */
    public boolean none() {
        return jdbc.sql("select count(*) from transparency_rank_list").query(Long.class).single() == 0;
    }

    private static final String SELECT = """
            select l.*, (select min(n.id) from transparency_rank_list n where n.supersedes_id = l.id and n.status = 'PUBLISHED')
                   as superseded_by_id from transparency_rank_list l""";

    private RankList list(ResultSet rs, int i) throws SQLException {
        long gridId = rs.getLong("grid_id");
        Settings s = new Settings(gridId, rs.getInt("weight_on_time"), rs.getInt("weight_satisfaction"), rs.getInt("weight_disclosure"),
                rs.getInt("weight_rectification"), rs.getInt("weight_complaints"), rs.getInt("red_min"), rs.getInt("black_below"),
                rs.getInt("disclosure_days"), null, null);
        return new RankList(rs.getLong("id"), gridId, grid.node(gridId).map(GridNode::name).orElse(""), rs.getInt("rank_year"),
                rs.getInt("quarter"), rs.getInt("version"), Status.valueOf(rs.getString("status")), s, rs.getObject("supersedes_id", Long.class),
                rs.getObject("superseded_by_id", Long.class), rs.getString("reason"), instant(rs.getTimestamp("measures_as_of")),
                rs.getString("computed_by_name"), instant(rs.getTimestamp("computed_at")), rs.getLong("compute_millis"),
                rs.getString("published_by_name"), instant(rs.getTimestamp("published_at")), List.of());
    }

    private static Settings settings(ResultSet rs, int i) throws SQLException {
        return new Settings(rs.getLong("grid_id"), rs.getInt("weight_on_time"), rs.getInt("weight_satisfaction"),
                rs.getInt("weight_disclosure"), rs.getInt("weight_rectification"), rs.getInt("weight_complaints"), rs.getInt("red_min"),
                rs.getInt("black_below"), rs.getInt("disclosure_days"), rs.getString("updated_by_name"),
                instant(rs.getTimestamp("updated_at")));
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw ProblemException.badRequest("field-required", field + " is required", Map.of("field", field));
        }
        return value;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
