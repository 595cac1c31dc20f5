package io.gridwork.campaign.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/** Reading campaigns: the list, live coverage per grid, the buildings and households to visit, the revisit queue. */
@Service
public class CampaignQueries {

    /** Coverage counts; {@code reached} = done + refused + vacant (not at home needs a revisit). */
    public record Counts(long inScope, long done, long notHome, long refused, long vacant, long hazards) {

        public long reached() {
            return done + refused + vacant;
        }

        public long pending() {
            return inScope - reached() - notHome;
        }

        /** Reached households in per cent (0–100). */
        public int percent() {
            return inScope == 0 ? 0 : (int) Math.floor(reached() * 100.0 / inScope);
        }

        Counts plus(Counts o) {
            return new Counts(inScope + o.inScope, done + o.done, notHome + o.notHome, refused + o.refused, vacant + o.vacant,
                    hazards + o.hazards);
        }

        static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);
    }

    public record GridCoverage(long gridId, String name, String level, boolean hasBoundary, Counts counts, boolean lagging) {
    }

    public record Coverage(long campaignId, GridCoverage grid, List<GridCoverage> children, List<GridCoverage> lagging,
            List<GridNode> lineage) {
    }

    public record BuildingProgress(long buildingId, String name, String compoundName, String gridPath, long households,
            long visited, long notHome) {
    }

    public record HouseholdProgress(long householdId, String unitNumber, String room, String address, String outcome,
            int hazards) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final CampaignService campaigns;
    // grid names and shape change rarely; coverage is read every few seconds by every open page
    private final io.gridwork.shared.TtlCache<Long, java.util.Optional<GridNode>> nodes =
            new io.gridwork.shared.TtlCache<>(java.time.Duration.ofSeconds(60), 100_000);
    private final io.gridwork.shared.TtlCache<Long, List<GridNode>> childrenOf =
            new io.gridwork.shared.TtlCache<>(java.time.Duration.ofSeconds(60), 20_000);
    private final io.gridwork.shared.TtlCache<Long, List<GridNode>> lineageOf =
            new io.gridwork.shared.TtlCache<>(java.time.Duration.ofSeconds(60), 20_000);

    /**
     * The live coverage as read at most {@code gridwork.campaign.coverage-ttl} ago on this instance
     * (default 500 ms; 0 reads every time): the page re-polls every 5 s, so a few hundred milliseconds
     * are invisible, and under a flood of visits every page open at once shares one read per grid.
     */
    private final io.gridwork.shared.TtlCache<String, Coverage> live;
    private final boolean caching;

    CampaignQueries(JdbcClient jdbc, GridApi grid, CampaignService campaigns,
            @org.springframework.beans.factory.annotation.Value("${gridwork.campaign.coverage-ttl:500ms}")
            java.time.Duration coverageTtl) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.campaigns = campaigns;
        this.caching = coverageTtl.isPositive();
        this.live = new io.gridwork.shared.TtlCache<>(caching ? coverageTtl : java.time.Duration.ofMillis(1), 50_000);
    }

    public List<Campaign> visibleTo(GridworkUser user) {
        return jdbc.sql("select " + Campaign.COLUMNS + " from campaign order by id desc limit 500").query(Campaign::map).list()
                .stream().filter(c -> campaigns.maySee(c, user)).toList();
    }

    record Row(long gridId, String path, Counts counts) {
    }

    /** The upper end of the key range of a subtree: every path below "/1/4/" sorts before "/1/40". */
    static String upper(String path) {
        return path.substring(0, path.length() - 1) + "0";
    }

    /** The counter rows of a subtree: one index range on (campaign_id, grid_path). */
    List<Row> rows(long campaignId, String path) {
        return jdbc.sql("""
                select grid_id, grid_path, in_scope, done, not_home, refused, vacant, hazards from campaign_coverage
                 where campaign_id = ? and grid_path >= ? and grid_path < ?""")
                .params(campaignId, path, upper(path))
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), new Counts(rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8))))
                .list();
    }

    /** The totals of one grid (one indexed range, summed by the database). */
    public Counts totals(long campaignId, String path) {
        return jdbc.sql("""
                select coalesce(sum(in_scope), 0), coalesce(sum(done), 0), coalesce(sum(not_home), 0),
                       coalesce(sum(refused), 0), coalesce(sum(vacant), 0), coalesce(sum(hazards), 0)
                  from campaign_coverage where campaign_id = ? and grid_path >= ? and grid_path < ?""")
                .params(campaignId, path, upper(path))
                .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)))
                .single();
    }

    /** The totals of the given parts of a campaign (each a subtree; none: zero). */
    public Counts totals(long campaignId, List<String> paths) {
        Counts sum = Counts.ZERO;
        for (String p : paths) {
            sum = sum.plus(totals(campaignId, p));
        }
        return sum;
    }

    /** Coverage of a grid (default: the campaign's anchor) with its children and the micro-grids that lag. */
    public Coverage coverage(Campaign c, Long gridId) {
        long id = gridId != null ? gridId : anchorId(c);
        return caching ? live.get(c.id() + ":" + id, k -> read(c, id)) : read(c, id);
    }

    private Coverage read(Campaign c, long id) {
        GridNode node = nodes.get(id, grid::node).orElseThrow(() -> ProblemException.notFound("grid", id));
        List<Row> rows = rows(c.id(), node.path());
        Counts total = Counts.ZERO;
        Map<Long, Counts> byChild = new LinkedHashMap<>();
        for (Row r : rows) {
            total = total.plus(r.counts());
            String rest = r.path().substring(node.path().length());
            if (!rest.isEmpty()) {
                long child = Long.parseLong(rest.substring(0, rest.indexOf('/')));
                byChild.merge(child, r.counts(), Counts::plus);
            }
        }
        int overall = total.percent();
        List<GridCoverage> children = new ArrayList<>();
        for (GridNode ch : childrenOf.get(id, grid::children)) {
            Counts cc = byChild.get(ch.id());
            if (cc != null) {
                children.add(new GridCoverage(ch.id(), ch.name(), ch.level().name(), ch.hasBoundary(), cc,
                        lags(cc, overall)));
            }
        }
        // micro-grids that lag: reached share well under the whole (at most ten, the worst first)
        List<Row> lagRows = rows.stream().filter(r -> lags(r.counts(), overall))
                .sorted(Comparator.comparingInt((Row r) -> r.counts().percent()).thenComparingLong(Row::gridId)).limit(10)
                .toList();
        List<GridCoverage> lagging = new ArrayList<>();
        for (Row r : lagRows) {
            nodes.get(r.gridId(), grid::node).ifPresent(n -> lagging.add(new GridCoverage(n.id(), n.name(), n.level().name(),
                    n.hasBoundary(), r.counts(), true)));
        }
        GridCoverage self = new GridCoverage(node.id(), node.name(), node.level().name(), node.hasBoundary(), total, false);
        return new Coverage(c.id(), self, children, lagging, lineageOf.get(id, grid::lineage));
    }

    /** Lagging: under 80 % of the whole's reached share, and not finished. */
    static boolean lags(Counts c, int overallPercent) {
        return c.inScope() > 0 && c.percent() < 100 && c.percent() < overallPercent * 0.8;
    }

    public long anchorId(Campaign c) {
        String[] ids = c.anchorPath().split("/");
        return Long.parseLong(ids[ids.length - 1]);
    }

    /**
     * The grid paths of the campaign this user may work in: for staff, the narrower of each overlapping
     * pair of scope and target; for a volunteer, their grid or the targets. Empty: nothing.
     */
    List<String> workPaths(Campaign c, GridworkUser user) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        List<String> targets = campaigns.targetPaths(c.id());
        if (CampaignService.VISITORS.stream().anyMatch(user::has)) {
            for (String s : user.scopePaths()) {
                for (String t : targets) {
                    if (s.startsWith(t)) {
                        out.add(s);
                    } else if (t.startsWith(s)) {
                        out.add(t);
                    }
                }
            }
        }
        String v = campaigns.volunteerPath(c.id(), user.accountId());
        if (v != null) {
            if (v.isEmpty()) {
                out.addAll(targets);
            } else {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    /** {@code (grid_path >= ? and grid_path < ?) or ...} over the paths, with their parameters. */
    private static String ranges(List<String> paths, List<Object> params) {
        return ranges("grid_path", paths, params);
    }

    /** {@code (column >= ? and column < ?) or ...} over the paths (none: false), with their parameters. */
    static String ranges(String column, List<String> paths, List<Object> params) {
        if (paths.isEmpty()) {
            return "(1 = 0)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < paths.size(); i++) {
            b.append(i == 0 ? "" : " or ").append("(" + column + " >= ? and " + column + " < ?)");
            params.add(paths.get(i));
            params.add(upper(paths.get(i)));
        }
        return b.append(")").toString();
    }

    /** The buildings whose households this user may visit, with progress (at most 300). */
    public List<BuildingProgress> buildings(Campaign c, GridworkUser user) {
        record B(long id, String path, long n, long visited, long notHome) {
        }
        List<String> paths = workPaths(c, user);
        if (paths.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of(c.id()));
        String where = ranges(paths, params);
        List<B> rows = jdbc.sql("""
                select building_id, grid_path, count(*), count(outcome), sum(case when outcome = 'NOT_HOME' then 1 else 0 end)
                  from campaign_household where campaign_id = ? and """ + where + """
                 group by building_id, grid_path order by building_id""")
                .params(params)
                .query((rs, n) -> new B(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))).list();
        List<BuildingProgress> out = new ArrayList<>();
        for (B b : rows) {
            if (out.size() >= 300) {
                break;
            }
            if (campaigns.mayVisit(c, b.path(), user)) {
                BuildingView v = grid.building(b.id()).orElseThrow();
                out.add(new BuildingProgress(b.id(), v.name(), v.compoundName(), b.path(), b.n(), b.visited(), b.notHome()));
            }
        }
        out.sort(Comparator.comparing(BuildingProgress::compoundName).thenComparing(
                (BuildingProgress b) -> grid.building(b.buildingId()).map(BuildingView::number).orElse(""),
                CampaignQueries::naturally));
        return out;
    }

    static int naturally(String a, String b) {
        if (a.matches("\\d+") && b.matches("\\d+")) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return a.compareTo(b);
    }

    /** The households of one building in the campaign, with their current outcome. */
    public List<HouseholdProgress> households(Campaign c, long buildingId, GridworkUser user) {
        Map<Long, Object[]> state = new HashMap<>();
        String[] path = {null};
        jdbc.sql("select household_id, outcome, hazards, grid_path from campaign_household where campaign_id = ? and building_id = ?")
                .params(c.id(), buildingId).query(rs -> {
                    state.put(rs.getLong(1), new Object[] {rs.getString(2), rs.getInt(3)});
                    path[0] = rs.getString(4);
                });
        if (path[0] == null) {
            throw ProblemException.outOfReach("building in campaign", buildingId);
        }
        if (!campaigns.mayVisit(c, path[0], user)) {
            List<String> work = workPaths(c, user);
            if (work.isEmpty()) {
                // the property company, owners committee, party branch and service team visit no household
                throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, "visitors-only",
                        "households of a campaign are listed to the grid staff and volunteers who visit them");
            }
            if (work.stream().anyMatch(path[0]::startsWith)) {
                throw ProblemException.forbidden("a volunteer's access to campaign " + c.id() + " ends with the campaign");
            }
            // another part of the campaign: answered as a building that is not in it
            throw ProblemException.notFound("building in campaign", buildingId);
        }
        List<HouseholdProgress> out = new ArrayList<>();
        for (HouseholdView h : grid.householdsOfBuilding(buildingId)) {
            Object[] s = state.get(h.id());
            if (s != null) {
                out.add(new HouseholdProgress(h.id(), h.unitNumber(), h.room(), h.address(), (String) s[0], (int) s[1]));
            }
        }
        return out;
    }

    /** Households not at home that this user may revisit, longest waiting first (at most 200). */
    public List<HouseholdProgress> revisits(Campaign c, GridworkUser user) {
        record H(long id, String path, int hazards) {
        }
        List<String> paths = workPaths(c, user);
        if (paths.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of(c.id()));
        String where = ranges(paths, params);
        List<H> rows = jdbc.sql("""
                select household_id, grid_path, hazards from campaign_household
                 where campaign_id = ? and outcome = 'NOT_HOME' and """ + where + """
                 order by visited_at, household_id fetch first 1000 rows only""")
                .params(params).query((rs, n) -> new H(rs.getLong(1), rs.getString(2), rs.getInt(3))).list();
        List<HouseholdProgress> out = new ArrayList<>();
        for (H h : rows) {
            if (out.size() >= 200) {
                break;
            }
            if (campaigns.mayVisit(c, h.path(), user)) {
                grid.household(h.id()).ifPresent(v -> out.add(new HouseholdProgress(v.id(), v.unitNumber(), v.room(),
                        v.address(), "NOT_HOME", h.hazards())));
            }
        }
        return out;
    }
}
