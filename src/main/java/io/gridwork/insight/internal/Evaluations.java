package io.gridwork.insight.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

import io.gridwork.access.AccountApi;
import io.gridwork.campaign.CampaignApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.lists.ListsApi;
import io.gridwork.measures.Measures;
import io.gridwork.measures.MeasuresApi;
import io.gridwork.notify.GroupsApi;
import io.gridwork.people.AssignmentView;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.StaffRole;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * 考核评价: the monthly evaluation of a community's grid workers. Every figure is read through the other modules'
 * facades — the demand loop's rates of the grids a worker serves from the measures rollup ({@link MeasuresApi#of}),
 * household visits and other routine work the worker logged from the routine-work ledger ({@link ListsApi#routineWorkBy}),
 * sweep visits the worker recorded from the campaign ledger ({@link CampaignApi#visitsRecordedBy}), campaign coverage of the
 * worker's grids from the campaign counters ({@link CampaignApi#coverageOfCampaignsStarted}) and the answers to the group
 * tasks from the notify module ({@link GroupsApi#taskAnswersByBuilding}). Workers are scored over the days they served in
 * the month (a position that ended or started during it). The running month and
 * any unpublished month are computed live; a published month is read from {@code eval_score} as it was frozen.
 * Adjustments are append-only rows added to the computed score.
 */
@Service
public class Evaluations {

    /** The indicators: rates score their percentage, counts their share of the target (capped at 100). */
    public enum Indicator {
        ON_TIME(true, 25, null), RESPONSE(true, 10, null), SATISFACTION(true, 15, null), VISITS(false, 20, 20),
        ROUTINE(false, 10, 10), CAMPAIGN_COVERAGE(true, 10, null), TASKS_ANSWERED(true, 10, null);

        public final boolean rate;
        public final int defaultWeight;
        public final Integer defaultTarget;

        Indicator(boolean rate, int defaultWeight, Integer defaultTarget) {
            this.rate = rate;
            this.defaultWeight = defaultWeight;
            this.defaultTarget = defaultTarget;
        }
    }

    /** Staff positions that are evaluated (the grid workers and leaders below the community). */
    static final Set<StaffRole> EVALUATED = Set.of(StaffRole.MICRO_GRID_LEADER, StaffRole.MICRO_GRID_WORKER,
            StaffRole.BUILDING_LEADER, StaffRole.UNIT_LEADER, StaffRole.COMPOUND_GRID_LEADER);

    /** A weight as it applies, and where it comes from: DEFAULT, STREET or COMMUNITY. */
    public record Weight(Indicator indicator, int weight, Integer target, String source) {
    }

    /**
     * The ledgers' figures behind a worker's score. Campaign coverage: the households of the worker's grids in the
     * campaigns started in their period, and of those the ones reached (visited, refused or vacant). Tasks answered: the
     * households of the worker's grids asked by the group tasks (任务, the notify module's tasks) published in their period,
     * and of those the ones that answered (by the task's due time).
     */
    public record Figures(long resolveDue, long resolveOnTime, long respondDue, long respondOnTime, long ratings,
            long satisfied, long householdVisits, long sweepVisits, long routineWork, long campaignHouseholds,
            long campaignReached, long tasksAsked, long tasksAnswered) {

        static Figures of(Measures m, long householdVisits, long sweepVisits, long routineWork, long campaignHouseholds,
                long campaignReached, long tasksAsked, long tasksAnswered) {
            return new Figures(m.resolveDue(), m.resolveOnTime(), m.respondDue(), m.respondOnTime(), m.ratings(), m.satisfied(),
                    householdVisits, sweepVisits, routineWork, campaignHouseholds, campaignReached, tasksAsked, tasksAnswered);
        }

        /** The indicator's value: a rate (0–1, null when nothing fell due) or a count. */
        public Double value(Indicator i) {
            return switch (i) {
                case ON_TIME -> resolveDue == 0 ? null : (double) resolveOnTime / resolveDue;
                case RESPONSE -> respondDue == 0 ? null : (double) respondOnTime / respondDue;
                case SATISFACTION -> ratings == 0 ? null : (double) satisfied / ratings;
                case VISITS -> (double) (householdVisits + sweepVisits);
                case ROUTINE -> (double) routineWork;
                case CAMPAIGN_COVERAGE -> campaignHouseholds == 0 ? null : (double) campaignReached / campaignHouseholds;
                case TASKS_ANSWERED -> tasksAsked == 0 ? null : (double) tasksAnswered / tasksAsked;
            };
        }
    }

    /** One indicator of a worker: its value, its score (0–100, null when it has no value) and the weight used. */
    public record Part(Indicator indicator, Double value, BigDecimal score, int weight, Integer target) {
    }

    /**
     * The days a worker served in the month (在岗): the first and last of them and how many (several positions may leave
     * gaps), against the days of the evaluated period; every indicator of a worker is computed over their own days.
     */
    public record Served(LocalDate from, LocalDate to, int days, int periodDays) {

        public boolean partial() {
            return days < periodDays;
        }
    }

    /** One campaign or task behind a worker's figure: its households in the worker's grids ({@code whole}) and done. */
    public record Behind(long id, String title, Instant at, long done, long whole) {
    }

    /**
     * A worker's evaluation in a month; {@code campaigns} and {@code tasks} list what the coverage and answer figures
     * count (while the month is live; a published month keeps its figures only).
     */
    public record WorkerScore(long accountId, String name, String grids, Served served, Figures figures, List<Part> parts,
            BigDecimal computed, BigDecimal adjustment, BigDecimal score, int rank, List<Behind> campaigns, List<Behind> tasks) {
    }

    /** An adjustment as recorded. */
    public record Adjustment(long id, long accountId, BigDecimal delta, BigDecimal before, BigDecimal after, String reason,
            String byName, Instant at) {
    }

    /** A community's evaluation of a month. */
    public record Evaluation(GridNode community, YearMonth month, LocalDate from, LocalDate to, boolean running,
            Instant publishedAt, String publishedBy, List<Weight> weights, List<WorkerScore> workers) {

        public boolean published() {
            return publishedAt != null;
        }

        public Optional<WorkerScore> worker(long accountId) {
            return workers.stream().filter(w -> w.accountId() == accountId).findFirst();
        }
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final PeopleApi people;
    private final AccountApi accounts;
    private final MeasuresApi measures;
    private final ListsApi lists;
    private final CampaignApi campaigns;
    private final GroupsApi groups;
    private final JsonMapper json;

    Evaluations(JdbcClient jdbc, GridApi grid, PeopleApi people, AccountApi accounts, MeasuresApi measures, ListsApi lists,
            CampaignApi campaigns, GroupsApi groups, JsonMapper json) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.people = people;
        this.accounts = accounts;
        this.measures = measures;
        this.lists = lists;
        this.campaigns = campaigns;
        this.groups = groups;
        this.json = json;
    }

    // ---- scope ------------------------------------------------------------------------------------

    /** Community staff, street staff and admins covering the community; others are refused (404 out of reach). */
    public GridNode communityForStaff(Long gridId, GridworkUser viewer) {
        if (!(viewer.has(Role.COMMUNITY_STAFF) || viewer.has(Role.STREET_STAFF) || viewer.isAdmin())) {
            throw ProblemException.forbidden("the evaluation is for community and street staff");
        }
        GridNode node;
        if (gridId == null) {
            node = (viewer.isAdmin() ? List.<String>of("/") : viewer.scopePaths()).stream()
                    .flatMap(p -> grid.nodesUnder(p, GridLevel.COMMUNITY, null, 1).stream()).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("community", "scope"));
        } else {
            node = grid.node(gridId).orElseThrow(() -> ProblemException.notFound("community", gridId));
            if (!viewer.covers(node.path())) {
                throw ProblemException.outOfReach("community", gridId);
            }
        }
        if (node.level() != GridLevel.COMMUNITY) {
            throw ProblemException.badRequest("eval-not-a-community", "the evaluation is made per community");
        }
        return node;
    }

    /** The community a grid worker serves in (the community above their first evaluated position), if any. */
    public Optional<GridNode> communityOfWorker(GridworkUser viewer) {
        if (viewer.personId() == null) {
            return Optional.empty();
        }
        for (AssignmentView a : people.activeAssignmentsOf(viewer.personId())) {
            if (!EVALUATED.contains(a.role())) {
                continue;
            }
            Long g = gridOf(a);
            if (g != null) {
                Optional<GridNode> c = grid.lineage(g).stream().filter(n -> n.level() == GridLevel.COMMUNITY).findFirst();
                if (c.isPresent()) {
                    return c;
                }
            }
        }
        return Optional.empty();
    }

    public static YearMonth parseMonth(String month) {
        if (month == null || month.isBlank()) {
            return YearMonth.now(Dashboards.ZONE);
        }
        try {
            YearMonth m = YearMonth.parse(month.strip());
            if (m.isAfter(YearMonth.now(Dashboards.ZONE)) || m.isBefore(YearMonth.of(2000, 1))) {
                throw ProblemException.badRequest("invalid-month", "the month lies in the future or too far back");
            }
            return m;
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-month", "a month is written yyyy-MM");
        }
    }

    // ---- weights ----------------------------------------------------------------------------------

    /** The weights that apply to a community: its own rows, else its street's, else the defaults. */
    public List<Weight> weights(GridNode community) {
        Map<Indicator, Weight> out = new EnumMap<>(Indicator.class);
        for (Indicator i : Indicator.values()) {
            out.put(i, new Weight(i, i.defaultWeight, i.defaultTarget, "DEFAULT"));
        }
        List<GridNode> levels = new ArrayList<>();
        if (community.parentId() != null) {
            grid.node(community.parentId()).filter(p -> p.level() == GridLevel.STREET).ifPresent(levels::add);
        }
        levels.add(community);
        for (GridNode level : levels) {
            jdbc.sql("select indicator, weight, target from eval_weight where grid_id = ?").param(level.id())
                    .query((rs, n) -> {
                        Indicator i = Indicator.valueOf(rs.getString(1));
                        int target = rs.getInt(3);
                        out.put(i, new Weight(i, rs.getInt(2), i.rate ? null : (rs.wasNull() ? i.defaultTarget : target),
                                level.level().name()));
                        return i;
                    }).list();
        }
        return List.copyOf(out.values());
    }

    /** The weights set on a street or community itself (what its settings page edits), with the defaults where unset. */
    public List<Weight> ownWeights(GridNode node) {
        if (node.level() == GridLevel.COMMUNITY) {
            return weights(node);
        }
        Map<Indicator, Weight> out = new EnumMap<>(Indicator.class);
        for (Indicator i : Indicator.values()) {
            out.put(i, new Weight(i, i.defaultWeight, i.defaultTarget, "DEFAULT"));
        }
        jdbc.sql("select indicator, weight, target from eval_weight where grid_id = ?").param(node.id()).query((rs, n) -> {
            Indicator i = Indicator.valueOf(rs.getString(1));
            int target = rs.getInt(3);
            out.put(i, new Weight(i, rs.getInt(2), i.rate ? null : (rs.wasNull() ? i.defaultTarget : target), node.level().name()));
            return i;
        }).list();
        return List.copyOf(out.values());
    }

    /** Street or community staff covering the grid; the grid must be a street or a community. */
    public GridNode weightGrid(long gridId, GridworkUser viewer) {
        GridNode node = grid.node(gridId).orElseThrow(() -> ProblemException.notFound("grid", gridId));
        if (!viewer.covers(node.path())) {
            throw ProblemException.outOfReach("grid", gridId);
        }
        if (node.level() != GridLevel.COMMUNITY && node.level() != GridLevel.STREET) {
            throw ProblemException.badRequest("eval-not-a-community", "weights are set for a street or a community");
        }
        if (!(viewer.isAdmin() || viewer.has(Role.STREET_STAFF) || (viewer.has(Role.COMMUNITY_STAFF)
                && node.level() == GridLevel.COMMUNITY))) {
            throw ProblemException.forbidden("weights are set by community and street staff");
        }
        return node;
    }

    /** The community's street when the viewer may set its defaults (street staff or admins covering it), else null. */
    public GridNode streetOf(GridNode community, GridworkUser viewer) {
        if (community.parentId() == null || !(viewer.isAdmin() || viewer.has(Role.STREET_STAFF))) {
            return null;
        }
        return grid.node(community.parentId()).filter(p -> p.level() == GridLevel.STREET && viewer.covers(p.path())).orElse(null);
    }

    /** Sets the weights (0–100, together above zero) and targets (1–10000) of a street or a community. */
    @Transactional
    public void setWeights(GridNode node, Map<Indicator, Integer> weightOf, Map<Indicator, Integer> targetOf, GridworkUser by) {
        int total = 0;
        for (Indicator i : Indicator.values()) {
            Integer w = weightOf.get(i);
            if (w == null || w < 0 || w > 100) {
                throw ProblemException.badRequest("eval-invalid-weight", "each weight is a whole number from 0 to 100");
            }
            total += w;
            Integer t = targetOf.get(i);
            if (!i.rate && (t == null || t < 1 || t > 10000)) {
                throw ProblemException.badRequest("eval-invalid-target", "each target is a whole number from 1 to 10000");
            }
        }
        if (total == 0) {
            throw ProblemException.badRequest("eval-invalid-weight", "at least one weight is above zero");
        }
        jdbc.sql("delete from eval_weight where grid_id = ?").param(node.id()).update();
        Timestamp now = Timestamp.from(Instant.now());
        for (Indicator i : Indicator.values()) {
            jdbc.sql("insert into eval_weight (grid_id, indicator, weight, target, updated_by, updated_at) values (?, ?, ?, ?, ?, ?)")
                    .params(node.id(), i.name(), weightOf.get(i), i.rate ? null : targetOf.get(i), by.displayName(), now)
                    .update();
        }
    }

    // ---- the evaluation ---------------------------------------------------------------------------

    /** The community's evaluation of a month: frozen once published, else computed now. */
    public Evaluation evaluate(GridNode community, YearMonth month) {
        LocalDate from = month.atDay(1);
        LocalDate today = Dashboards.today();
        LocalDate to = month.atEndOfMonth().isAfter(today) ? today : month.atEndOfMonth();
        boolean running = month.equals(YearMonth.from(today));
        Map<Long, BigDecimal> adjustments = adjustmentSums(community.id(), month);
        Optional<Map<String, Object>> pub = jdbc.sql("select published_at, published_by from eval_month where community_id = ? and period_month = ?")
                .params(community.id(), month.toString()).query((rs, n) -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("at", rs.getTimestamp(1).toInstant());
                    m.put("by", rs.getString(2));
                    return m;
                }).optional();
        List<Weight> weights = weights(community);
        List<WorkerScore> rows;
        if (pub.isPresent()) {
            rows = jdbc.sql("select account_id, worker_name, grids, figures_json from eval_score where community_id = ? and period_month = ?")
                    .params(community.id(), month.toString()).query((rs, n) -> {
                        Frozen f = frozen(rs.getString(4));
                        // months published before served days were recorded: the whole month
                        Served served = f.served() != null ? f.served() : new Served(from, to, days(from, to), days(from, to));
                        return score(rs.getLong(1), rs.getString(2), rs.getString(3), served, f.figures(), f.weights(),
                                adjustments.getOrDefault(rs.getLong(1), BigDecimal.ZERO), List.of(), List.of());
                    }).list();
            weights = rows.isEmpty() ? weights : frozenWeights(community.id(), month, weights);
        } else {
            rows = compute(community, from, to, weights, adjustments);
        }
        return new Evaluation(community, month, from, to, running, pub.map(p -> (Instant) p.get("at")).orElse(null),
                pub.map(p -> (String) p.get("by")).orElse(null), weights, ranked(rows));
    }

    /** The figures, weights and served days frozen with a score ({@code served} is null in months published before it). */
    record Frozen(Figures figures, List<Weight> weights, Served served) {
    }

    /** Reads a frozen score; figures added since (absent from older rows) read as zero. */
    Frozen frozen(String figuresJson) {
        return json.readerFor(Frozen.class).without(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .readValue(figuresJson);
    }

    static int days(LocalDate from, LocalDate to) {
        return (int) java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1;
    }

    private List<Weight> frozenWeights(long communityId, YearMonth month, List<Weight> fallback) {
        return jdbc.sql("select figures_json from eval_score where community_id = ? and period_month = ? fetch first 1 rows only")
                .params(communityId, month.toString()).query(String.class).optional()
                .map(s -> frozen(s).weights()).orElse(fallback);
    }

    /** Part of a position that falls in the period: the position's grid and its first and last day in the period. */
    record Stint(GridNode grid, LocalDate from, LocalDate to) {
    }

    /** A grid a worker answers for (the outermost of their positions' grids) and the days they did. */
    record Span(GridNode grid, LocalDate from, LocalDate to) {

        boolean holds(String path, LocalDate on) {
            return path.startsWith(grid.path()) && !on.isBefore(from) && !on.isAfter(to);
        }
    }

    private List<WorkerScore> compute(GridNode community, LocalDate from, LocalDate to, List<Weight> weights,
            Map<Long, BigDecimal> adjustments) {
        // the evaluated: persons with a position under the community on at least one day of the period, with an account;
        // each is scored over the days they served (a worker who left or started during the month)
        Map<Long, List<Stint>> stintsOf = new LinkedHashMap<>();
        Map<Long, String> nameOfPerson = new HashMap<>();
        for (AssignmentView a : people.assignmentsUnder(community.path(), from, to)) {
            if (!EVALUATED.contains(a.role())) {
                continue;
            }
            Long g = gridOf(a);
            GridNode node = g == null ? null : grid.node(g).orElse(null);
            LocalDate first = a.startDate().isAfter(from) ? a.startDate() : from;
            LocalDate last = a.endDate() == null || a.endDate().isAfter(to) ? to : a.endDate();
            if (node != null && node.path().startsWith(community.path()) && !first.isAfter(last)) {
                stintsOf.computeIfAbsent(a.personId(), k -> new ArrayList<>()).add(new Stint(node, first, last));
                nameOfPerson.put(a.personId(), a.personName());
            }
        }
        Map<Long, List<Long>> enabled = accounts.accountsOfPersons(stintsOf.keySet());
        Map<Long, List<Long>> any = accounts.allAccountsOfPersons(stintsOf.keySet());
        Map<Long, Long> personOfAccount = new LinkedHashMap<>();
        stintsOf.keySet().forEach(p -> enabled.getOrDefault(p, any.getOrDefault(p, List.of())).stream().min(Long::compare)
                .ifPresent(a -> personOfAccount.put(a, p)));

        // what the period holds, read once: campaigns started and tasks published in it, by grid and building
        Instant start = from.atStartOfDay(Dashboards.ZONE).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(Dashboards.ZONE).toInstant();
        List<CampaignApi.StartedCoverage> coverage = personOfAccount.isEmpty() ? List.of()
                : campaigns.coverageOfCampaignsStarted(community.path(), start, end);
        List<GroupsApi.TaskAnswers> tasks = personOfAccount.isEmpty() ? List.of()
                : groups.taskAnswersByBuilding(community.path(), start, end);
        Map<Long, String> pathOfBuilding = new HashMap<>();
        for (GroupsApi.TaskAnswers t : tasks) {
            pathOfBuilding.computeIfAbsent(t.buildingId(), b -> grid.building(b)
                    .map(v -> v.microGridId() != null ? v.microGridId() : v.compoundId()).flatMap(grid::node)
                    .map(GridNode::path).orElse(""));
        }

        // per-account ledgers, read once per distinct period (most workers served the whole month)
        Map<List<LocalDate>, List<Long>> accountsByPeriod = new LinkedHashMap<>();
        personOfAccount.forEach((accountId, personId) -> {
            List<Stint> st = stintsOf.get(personId);
            accountsByPeriod.computeIfAbsent(List.of(first(st), last(st)), k -> new ArrayList<>()).add(accountId);
        });
        Map<Long, Map<String, Long>> routine = new HashMap<>();
        Map<Long, Long> sweeps = new HashMap<>();
        accountsByPeriod.forEach((period, ids) -> {
            routine.putAll(lists.routineWorkBy(ids, period.get(0), period.get(1)));
            sweeps.putAll(campaigns.visitsRecordedBy(ids, period.get(0).atStartOfDay(Dashboards.ZONE).toInstant(),
                    period.get(1).plusDays(1).atStartOfDay(Dashboards.ZONE).toInstant()));
        });

        int periodDays = days(from, to);
        List<WorkerScore> rows = new ArrayList<>();
        personOfAccount.forEach((accountId, personId) -> {
            List<Stint> st = stintsOf.get(personId);
            List<Span> spans = spans(st);
            Measures m = sum(spans.stream().map(sp -> measures.of(sp.grid(), sp.from(), sp.to(), null, null)).toList());
            Map<String, Long> kinds = routine.getOrDefault(accountId, Map.of());
            long visits = kinds.getOrDefault("HOUSEHOLD_VISIT", 0L);
            long other = kinds.values().stream().mapToLong(Long::longValue).sum() - visits;
            Map<Long, Behind> byCampaign = new LinkedHashMap<>();
            for (CampaignApi.StartedCoverage c : coverage) {
                LocalDate on = c.startsAt().atZone(Dashboards.ZONE).toLocalDate();
                if (spans.stream().anyMatch(sp -> sp.holds(c.gridPath(), on))) {
                    byCampaign.merge(c.campaignId(), new Behind(c.campaignId(), c.title(), c.startsAt(), c.reached(), c.inScope()),
                            Evaluations::plus);
                }
            }
            Map<Long, Behind> byTask = new LinkedHashMap<>();
            for (GroupsApi.TaskAnswers t : tasks) {
                LocalDate on = t.publishedAt().atZone(Dashboards.ZONE).toLocalDate();
                String path = pathOfBuilding.get(t.buildingId());
                if (!path.isEmpty() && spans.stream().anyMatch(sp -> sp.holds(path, on))) {
                    byTask.merge(t.noticeId(), new Behind(t.noticeId(), t.title(), t.publishedAt(), t.answered(), t.asked()),
                            Evaluations::plus);
                }
            }
            Figures f = Figures.of(m, visits, sweeps.getOrDefault(accountId, 0L), other,
                    byCampaign.values().stream().mapToLong(Behind::whole).sum(), byCampaign.values().stream().mapToLong(Behind::done).sum(),
                    byTask.values().stream().mapToLong(Behind::whole).sum(), byTask.values().stream().mapToLong(Behind::done).sum());
            Served served = new Served(first(st), last(st), servedDays(st), periodDays);
            rows.add(score(accountId, nameOfPerson.get(personId), String.join("、", spans.stream().map(sp -> sp.grid().name()).toList()),
                    served, f, weights, adjustments.getOrDefault(accountId, BigDecimal.ZERO), List.copyOf(byCampaign.values()),
                    List.copyOf(byTask.values())));
        });
        return rows;
    }

    private static Behind plus(Behind a, Behind b) {
        return new Behind(a.id(), a.title(), a.at(), a.done() + b.done(), a.whole() + b.whole());
    }

    private static LocalDate first(List<Stint> stints) {
        return stints.stream().map(Stint::from).min(Comparator.naturalOrder()).orElseThrow();
    }

    private static LocalDate last(List<Stint> stints) {
        return stints.stream().map(Stint::to).max(Comparator.naturalOrder()).orElseThrow();
    }

    /** Days on which at least one of the positions ran. */
    static int servedDays(List<Stint> stints) {
        LocalDate base = first(stints);
        java.util.BitSet days = new java.util.BitSet();
        for (Stint s : stints) {
            days.set((int) java.time.temporal.ChronoUnit.DAYS.between(base, s.from()),
                    (int) java.time.temporal.ChronoUnit.DAYS.between(base, s.to()) + 1);
        }
        return days.cardinality();
    }

    /** The outermost grids of the positions, each with the first and last day of the positions on or inside it. */
    private static List<Span> spans(List<Stint> stints) {
        List<Span> out = new ArrayList<>();
        for (GridNode g : outermost(stints.stream().map(Stint::grid).toList())) {
            List<Stint> inside = stints.stream().filter(s -> s.grid().path().startsWith(g.path())).toList();
            out.add(new Span(g, first(inside), last(inside)));
        }
        return out;
    }

    /** The grid of a position: its grid, or the micro-grid of its building (or of its unit's building). */
    private Long gridOf(AssignmentView a) {
        if (a.gridId() != null) {
            return a.gridId();
        }
        Long building = a.buildingId() != null ? a.buildingId() : a.unitId() != null ? grid.buildingOfUnit(a.unitId()).orElse(null) : null;
        if (building == null) {
            return null;
        }
        return grid.building(building).map(b -> b.microGridId() != null ? b.microGridId() : b.compoundId()).orElse(null);
    }

    private static List<GridNode> outermost(List<GridNode> grids) {
        Set<Long> seen = new LinkedHashSet<>();
        List<GridNode> out = new ArrayList<>();
        for (GridNode g : grids) {
            boolean inside = grids.stream().anyMatch(o -> o.id() != g.id() && g.path().startsWith(o.path()));
            if (!inside && seen.add(g.id())) {
                out.add(g);
            }
        }
        return out;
    }

    private static Measures sum(List<Measures> list) {
        long[] s = new long[8];
        for (Measures m : list) {
            s[0] += m.received();
            s[1] += m.resolved();
            s[2] += m.respondDue();
            s[3] += m.respondOnTime();
            s[4] += m.resolveDue();
            s[5] += m.resolveOnTime();
            s[6] += m.ratings();
            s[7] += m.satisfied();
        }
        return new Measures(0, "", s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
    }

    /** Scores a worker's figures under the weights: Σ weight × score / Σ weight over the indicators with a value. */
    static WorkerScore score(long accountId, String name, String grids, Served served, Figures f, List<Weight> weights,
            BigDecimal adjustment, List<Behind> campaigns, List<Behind> tasks) {
        List<Part> parts = new ArrayList<>();
        BigDecimal weighted = BigDecimal.ZERO;
        int weightSum = 0;
        for (Weight w : weights) {
            Double value = f.value(w.indicator());
            BigDecimal s = null;
            if (value != null) {
                double raw = w.indicator().rate ? value * 100 : Math.min(100.0, value * 100.0 / w.target());
                s = BigDecimal.valueOf(raw).setScale(2, RoundingMode.HALF_UP);
                if (w.weight() > 0) {
                    weighted = weighted.add(s.multiply(BigDecimal.valueOf(w.weight())));
                    weightSum += w.weight();
                }
            }
            parts.add(new Part(w.indicator(), value, s, w.weight(), w.target()));
        }
        BigDecimal computed = weightSum == 0 ? null : weighted.divide(BigDecimal.valueOf(weightSum), 2, RoundingMode.HALF_UP);
        BigDecimal total = computed == null && adjustment.signum() == 0 ? null
                : (computed == null ? BigDecimal.ZERO : computed).add(adjustment).setScale(2, RoundingMode.HALF_UP);
        return new WorkerScore(accountId, name, grids, served, f, parts, computed, adjustment, total, 0, campaigns, tasks);
    }

    /** Highest score first (no score last); equal scores share a rank (1, 1, 3). */
    private static List<WorkerScore> ranked(List<WorkerScore> rows) {
        List<WorkerScore> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(WorkerScore::score, Comparator.nullsLast(Comparator.<BigDecimal>reverseOrder()))
                .thenComparing(WorkerScore::name).thenComparingLong(WorkerScore::accountId));
        List<WorkerScore> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            WorkerScore w = sorted.get(i);
            int rank = i > 0 && java.util.Objects.equals(w.score(), sorted.get(i - 1).score()) ? out.get(i - 1).rank() : i + 1;
            out.add(new WorkerScore(w.accountId(), w.name(), w.grids(), w.served(), w.figures(), w.parts(), w.computed(),
                    w.adjustment(), w.score(), rank, w.campaigns(), w.tasks()));
        }
        return out;
    }

    // ---- publishing and adjusting -----------------------------------------------------------------

    /** Freezes a past month: the scores as computed now are stored and no longer change. Once only (409 otherwise). */
    @Transactional
    public void publish(GridNode community, YearMonth month, GridworkUser by) {
        if (!month.isBefore(YearMonth.now(Dashboards.ZONE))) {
            throw ProblemException.conflict("eval-month-running", "only a month that has ended can be published");
        }
        Evaluation live = evaluate(community, month);
        if (live.published()) {
            throw ProblemException.conflict("eval-published", "this month is already published");
        }
        int inserted = jdbc.sql("""
                insert into eval_month (community_id, period_month, published_at, published_by)
                select ?, ?, ?, ? where not exists (select 1 from eval_month where community_id = ? and period_month = ?)""")
                .params(community.id(), month.toString(), Timestamp.from(Instant.now()), by.displayName(), community.id(),
                        month.toString()).update();
        if (inserted == 0) {
            throw ProblemException.conflict("eval-published", "this month is already published");
        }
        for (WorkerScore w : live.workers()) {
            jdbc.sql("""
                    insert into eval_score (community_id, period_month, account_id, worker_name, grids, figures_json, score)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(community.id(), month.toString(), w.accountId(), w.name(), w.grids(),
                            json.writeValueAsString(new Frozen(w.figures(), live.weights(), w.served())), w.computed()).update();
        }
    }

    /** Adds an adjustment with its reason (append-only), recording the score before and after. */
    @Transactional
    public Adjustment adjust(GridNode community, YearMonth month, long accountId, BigDecimal delta, String reason, GridworkUser by) {
        if (delta == null || delta.signum() == 0 || delta.abs().compareTo(BigDecimal.valueOf(100)) > 0 || delta.scale() > 2) {
            throw ProblemException.badRequest("eval-invalid-adjustment", "an adjustment is a number of points from -100 to 100, not zero");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 2 || why.length() > 500) {
            throw ProblemException.badRequest("reason-required", "an adjustment needs a reason (2 to 500 characters)");
        }
        // one adjustment at a time per community and month: the lock row orders them, so before/after chain exactly
        io.gridwork.shared.persistence.TransactionLocks.lock(jdbc, "eval-adjustment:" + community.id() + ":" + month);
        Evaluation e = evaluate(community, month);
        WorkerScore w = e.worker(accountId).orElseThrow(() -> ProblemException.outOfReach("worker", accountId));
        BigDecimal before = w.score() == null ? BigDecimal.ZERO.setScale(2) : w.score();
        BigDecimal after = before.add(delta).setScale(2, RoundingMode.HALF_UP);
        Instant now = Instant.now();
        jdbc.sql("""
                insert into eval_adjustment (community_id, period_month, account_id, delta, score_before, score_after, reason, by_account,
                    by_name, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(community.id(), month.toString(), accountId, delta, before, after, why, by.accountId(), by.displayName(),
                        Timestamp.from(now)).update();
        return new Adjustment(lastAdjustment(community.id(), month, accountId), accountId, delta, before, after, why,
                by.displayName(), now);
    }

    private Long lastAdjustment(long communityId, YearMonth month, long accountId) {
        return jdbc.sql("select max(id) from eval_adjustment where community_id = ? and period_month = ? and account_id = ?")
                .params(communityId, month.toString(), accountId).query(Long.class).single();
    }

    /** The adjustments of a worker in a month, oldest first. */
    public List<Adjustment> adjustments(long communityId, YearMonth month, long accountId) {
        return jdbc.sql("""
                select id, account_id, delta, score_before, score_after, reason, by_name, created_at from eval_adjustment
                where community_id = ? and period_month = ? and account_id = ? order by id""")
                .params(communityId, month.toString(), accountId)
                .query((rs, n) -> new Adjustment(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant())).list();
    }

    private Map<Long, BigDecimal> adjustmentSums(long communityId, YearMonth month) {
        Map<Long, BigDecimal> out = new HashMap<>();
        jdbc.sql("select account_id, sum(delta) from eval_adjustment where community_id = ? and period_month = ? group by account_id")
                .params(communityId, month.toString())
                .query((rs, n) -> out.put(rs.getLong(1), rs.getBigDecimal(2).setScale(2, RoundingMode.HALF_UP))).list();
        return out;
    }

}
