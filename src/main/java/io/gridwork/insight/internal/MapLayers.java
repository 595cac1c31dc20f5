package io.gridwork.insight.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.grid.BaseMap;
import io.gridwork.grid.BuildingPlace;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.insight.MapLayer;
import io.gridwork.lists.ListsApi;
import io.gridwork.measures.Measures;
import io.gridwork.measures.MeasuresApi;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The layers of a grid's map, each a GeoJSON FeatureCollection read set-based through the other modules' facades: the
 * plain vector base (the grid's and its areas' boundaries, the buildings), open and overdue demands per building
 * (the measures folder's count of open demands, {@code MeasuresApi.openByBuilding}), the rectification list's items per building
 * ({@code ListsApi.hazardsByBuilding}), a measure per micro-grid (the measures rollup, {@code MeasuresApi.ofGrids}; 整改率
 * from the list), and a running campaign's coverage per micro-grid ({@code CampaignApi.coverageByGrid}). Coordinates are
 * stored in WGS-84 and given in WGS-84 unless GCJ-02 is asked for (for a Chinese base map).
 */
@Service
public class MapLayers {

    /** The layers of the map, in the order the page offers them. */
    public static final List<String> LAYERS = List.of("demands", "hazards", "heat", "coverage", "base");

    /** The measures the heat layer can shade by. */
    public static final List<String> MEASURES = List.of("received", "onTime", "response", "satisfaction", "rectification");

    /** Areas shaded one by one: the micro-grids below a grid when there are at most this many, else its children. */
    static final int MAX_AREAS = 400;
    static final int MAX_BUILDINGS = 5000;

    static final String RED = "#c62828";
    static final String AMBER = "#ef8f00";
    static final String GREEN = "#2e7d32";
    static final String GREY = "#8a96a3";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GridApi grid;
    private final ListsApi lists;
    private final MeasuresApi measures;
    private final CampaignApi campaigns;
    private final Dashboards dashboards;
    private final MessageSource messages;

    MapLayers(GridApi grid, ListsApi lists, MeasuresApi measures, CampaignApi campaigns,
            Dashboards dashboards, MessageSource messages) {
        this.grid = grid;
        this.lists = lists;
        this.measures = measures;
        this.campaigns = campaigns;
        this.dashboards = dashboards;
        this.messages = messages;
    }

    /** What a request asks for; {@code from}, {@code to}, {@code measure}, {@code campaignId} and {@code crs} may be null. */
    public record Request(long gridId, String layer, LocalDate from, LocalDate to, String measure, Long campaignId,
            String crs) {
    }

    /** The base map as configured (tiles, their datum). */
    public BaseMap baseMap() {
        return grid.baseMap();
    }

    /** The grid the viewer's map opens on when none is asked for. */
    public GridNode homeGrid(GridworkUser viewer) {
        return dashboards.homeGrid(viewer);
    }

    public GridNode gridInReach(long gridId, GridworkUser viewer) {
        return dashboards.gridInReach(gridId, viewer);
    }

    public MapLayer layer(Request r, GridworkUser viewer, Locale locale) {
        if (r.layer() == null || !LAYERS.contains(r.layer())) {
            throw ProblemException.notFound("map-layer", r.layer());
        }
        boolean gcj = crs(r.crs());
        LocalDate to = r.to() != null ? r.to() : Dashboards.today();
        LocalDate from = r.from() != null ? r.from() : to.withDayOfMonth(1);
        Dashboards.checkPeriod(from, to);
        GridNode node = dashboards.gridInReach(r.gridId(), viewer);
        Ctx c = new Ctx(node, from, to, gcj, locale, viewer);
        return switch (r.layer()) {
            case "demands" -> demandLayer(c);
            case "hazards" -> hazardLayer(c);
            case "heat" -> heatLayer(c, r.measure() == null || r.measure().isBlank() ? "received" : r.measure());
            case "coverage" -> coverageLayer(c, r.campaignId());
            default -> baseLayer(c);
        };
    }

    /** {@code wgs84} (or nothing) or {@code gcj02}; anything else is refused. */
    static boolean crs(String crs) {
        if (crs == null || crs.isBlank() || crs.equalsIgnoreCase("wgs84")) {
            return false;
        }
        if (crs.equalsIgnoreCase("gcj02")) {
            return true;
        }
        throw ProblemException.badRequest("invalid-crs", "crs is wgs84 or gcj02, not '" + crs + "'");
    }

    private record Ctx(GridNode node, LocalDate from, LocalDate to, boolean gcj, Locale locale, GridworkUser viewer) {
    }

    // ---- the vector base ------------------------------------------------------------------------

    private MapLayer baseLayer(Ctx c) {
        List<MapLayer.Feature> features = new ArrayList<>();
        withBoundaries(c, areas(c.node()), features); // areas without a boundary are left off
        for (BuildingPlace b : buildings(c.node())) {
            features.add(point(c, b, new MapLayer.Properties("building", b.id(), b.compoundName() + " " + b.name(), b.name(),
                    null, GREY, List.of(), null)));
        }
        return collection(c, "base", msg(c, "map.layer.base"), null, null, null, List.of(), List.of(), features);
    }

    // ---- demands by building ------------------------------------------------------------------

    private MapLayer demandLayer(Ctx c) {
        Map<Long, MeasuresApi.Open> counts = measures.openByBuilding(c.node());
        List<MapLayer.Feature> features = new ArrayList<>();
        long total = 0;
        long overdue = 0;
        for (MeasuresApi.Open d : counts.values()) {
            total += d.demands();
            overdue += d.red();
        }
        long placed = 0;
        for (BuildingPlace b : placesOf(counts, MeasuresApi.Open::demands)) {
            MeasuresApi.Open d = counts.get(b.id());
            if (d == null || d.demands() == 0 || b.lat() == null || b.lon() == null) {
                continue;
            }
            placed += d.demands();
            List<MapLayer.Line> lines = new ArrayList<>();
            lines.add(new MapLayer.Line(msg(c, "map.demands.open", d.demands()), inbox(c, b.id(), "status", "OPEN")));
            if (d.red() > 0) {
                lines.add(new MapLayer.Line(msg(c, "map.demands.overdue", d.red()), inbox(c, b.id(), "colour", "RED")));
            }
            String colour = d.red() > 0 ? RED : AMBER;
            features.add(point(c, b, new MapLayer.Properties("building", b.id(), b.compoundName() + " " + b.name(),
                    b.name() + " · " + d.demands(), (double) d.demands(), colour, lines, null)));
        }
        List<MapLayer.Line> notes = new ArrayList<>();
        notes.add(new MapLayer.Line(msg(c, "map.demands.total", total), inbox(c, null, "status", "OPEN")));
        if (overdue > 0) {
            notes.add(new MapLayer.Line(msg(c, "map.demands.totalOverdue", overdue), inbox(c, null, "colour", "RED")));
        }
        if (total > placed) {
            notes.add(new MapLayer.Line(msg(c, "map.demands.unplaced", total - placed), null));
        }
        List<MapLayer.LegendEntry> legend = List.of(new MapLayer.LegendEntry(RED, msg(c, "map.legend.overdue")),
                new MapLayer.LegendEntry(AMBER, msg(c, "map.legend.open")));
        features.sort(BY_VALUE);
        return collection(c, "demands", msg(c, "map.layer.demands"), null, null, null, legend, notes, features);
    }

    private String inbox(Ctx c, Long buildingId, String key, String value) {
        UriComponentsBuilder u = UriComponentsBuilder.fromPath("/demands").queryParam("grid", c.node().id());
        if (buildingId != null) {
            u.queryParam("building", buildingId);
        }
        return u.queryParam(key, value).build().toUriString();
    }

    // ---- hazards by building ------------------------------------------------------------------

    private MapLayer hazardLayer(Ctx c) {
        Map<Long, ListsApi.BuildingHazards> counts = lists.hazardsByBuilding(c.node().path());
        List<MapLayer.Feature> features = new ArrayList<>();
        long unrectified = 0;
        long overdue = 0;
        for (ListsApi.BuildingHazards h : counts.values()) {
            unrectified += h.unrectified();
            overdue += h.overdue();
        }
        long placed = 0;
        for (BuildingPlace b : placesOf(counts, h -> h.unrectified() + h.rectified())) {
            ListsApi.BuildingHazards h = counts.get(b.id());
            if (h == null || b.lat() == null || b.lon() == null) {
                continue;
            }
            placed += h.unrectified();
            long all = h.unrectified() + h.rectified();
            List<MapLayer.Line> lines = new ArrayList<>();
            lines.add(new MapLayer.Line(msg(c, "map.hazards.all", all), rect(c, b.id(), null, null)));
            if (h.overdue() > 0) {
                lines.add(new MapLayer.Line(msg(c, "map.hazards.overdue", h.overdue()), rect(c, b.id(), "status", "OVERDUE")));
            }
            if (h.open() > 0) {
                lines.add(new MapLayer.Line(msg(c, "map.hazards.open", h.open()), rect(c, b.id(), "status", "OPEN")));
            }
            if (h.inProgress() > 0) {
                lines.add(new MapLayer.Line(msg(c, "map.hazards.inProgress", h.inProgress()), rect(c, b.id(), "status", "IN_PROGRESS")));
            }
            if (h.rectified() > 0) {
                lines.add(new MapLayer.Line(msg(c, "map.hazards.rectified", h.rectified()), rect(c, b.id(), "status", "RECTIFIED")));
            }
            if (h.fromSweeps() > 0) {
                lines.add(new MapLayer.Line(msg(c, "map.hazards.sweeps", h.fromSweeps()), rect(c, b.id(), "source", "SWEEP")));
            }
            String colour = h.overdue() > 0 ? RED : h.unrectified() > 0 ? AMBER : GREEN;
            String label = h.unrectified() > 0 ? b.name() + " · " + h.unrectified() : b.name();
            features.add(point(c, b, new MapLayer.Properties("building", b.id(), b.compoundName() + " " + b.name(), label,
                    (double) h.unrectified(), colour, lines, null)));
        }
        List<MapLayer.Line> notes = new ArrayList<>();
        notes.add(new MapLayer.Line(msg(c, "map.hazards.total", unrectified), rect(c, null, null, null)));
        if (overdue > 0) {
            notes.add(new MapLayer.Line(msg(c, "map.hazards.totalOverdue", overdue), rect(c, null, "status", "OVERDUE")));
        }
        if (unrectified > placed) {
            notes.add(new MapLayer.Line(msg(c, "map.hazards.unplaced", unrectified - placed), null));
        }
        List<MapLayer.LegendEntry> legend = List.of(new MapLayer.LegendEntry(RED, msg(c, "map.legend.hazardOverdue")),
                new MapLayer.LegendEntry(AMBER, msg(c, "map.legend.hazardOpen")),
                new MapLayer.LegendEntry(GREEN, msg(c, "map.legend.hazardDone")));
        features.sort(BY_VALUE);
        return collection(c, "hazards", msg(c, "map.layer.hazards"), null, null, null, legend, notes, features);
    }

    private String rect(Ctx c, Long buildingId, String key, String value) {
        UriComponentsBuilder u = UriComponentsBuilder.fromPath("/lists/rectification").queryParam("gridId", c.node().id());
        if (buildingId != null) {
            u.queryParam("buildingId", buildingId);
        }
        if (key != null) {
            u.queryParam(key, value);
        }
        return u.build().toUriString();
    }

    // ---- heat by micro-grid -------------------------------------------------------------------

    private MapLayer heatLayer(Ctx c, String measure) {
        if (!MEASURES.contains(measure)) {
            throw ProblemException.badRequest("invalid-measure", "measure is one of " + MEASURES + ", not '" + measure + "'");
        }
        List<GridNode> areas = areas(c.node());
        List<MapLayer.Feature> features = new ArrayList<>();
        List<GridNode> drawn = withBoundaries(c, areas, null);
        Map<Long, Measures> figures = measures.ofGrids(drawn.stream().map(GridNode::id).toList(), c.from(), c.to(), null);
        Map<Long, long[]> rect = new HashMap<>();
        if (measure.equals("rectification")) {
            // one grouped read of the list's counts per grid path, folded into the areas they lie in
            Map<Long, GridNode> byId = new HashMap<>();
            drawn.forEach(a -> byId.put(a.id(), a));
            for (ListsApi.GridRectificationCount rc : lists.rectificationCounts(c.node().path(), null, c.from(), c.to())) {
                for (String seg : rc.gridPath().split("/")) {
                    if (!seg.isEmpty() && byId.containsKey(Long.parseLong(seg))) {
                        long[] sum = rect.computeIfAbsent(Long.parseLong(seg), k -> new long[2]);
                        sum[0] += rc.found();
                        sum[1] += rc.rectified();
                        break;
                    }
                }
            }
        }
        long max = 0;
        for (Measures m : figures.values()) {
            max = Math.max(max, m.received());
        }
        Map<Long, String> parents = parentNames(drawn);
        Map<Long, String> boundaries = grid.boundaries(drawn.stream().map(GridNode::id).toList());
        for (GridNode a : drawn) {
            Measures m = figures.get(a.id());
            if (m == null) {
                m = new Measures(a.id(), a.name(), 0, 0, 0, 0, 0, 0, 0, 0);
            }
            List<MapLayer.Line> lines = new ArrayList<>();
            Double value;
            String shown;
            String colour;
            String period = "from=" + c.from() + "&to=" + c.to();
            switch (measure) {
                case "received" -> {
                    value = (double) m.received();
                    shown = String.valueOf(m.received());
                    colour = m.received() == 0 ? NONE : blue(m.received(), max);
                    lines.add(new MapLayer.Line(msg(c, "map.heat.received", m.received()),
                            demandsOf(a, period, "RECEIVED")));
                }
                case "onTime" -> {
                    value = m.onTimeClosureRate();
                    shown = pct(value);
                    colour = rateColour(value);
                    lines.add(new MapLayer.Line(value == null ? msg(c, "map.heat.noData", msg(c, "map.measure.onTime")) : msg(c, "map.heat.onTime", shown, m.resolveOnTime(), m.resolveDue()),
                            demandsOf(a, period, "RESOLVE_DUE")));
                    if (m.resolveDue() > m.resolveOnTime()) {
                        lines.add(new MapLayer.Line(msg(c, "map.heat.late", m.resolveDue() - m.resolveOnTime()),
                                demandsOf(a, period, "RESOLVE_LATE")));
                    }
                }
                case "response" -> {
                    value = m.responseRate();
                    shown = pct(value);
                    colour = rateColour(value);
                    lines.add(new MapLayer.Line(value == null ? msg(c, "map.heat.noData", msg(c, "map.measure.response")) : msg(c, "map.heat.response", shown, m.respondOnTime(), m.respondDue()),
                            demandsOf(a, period, "RESPOND_DUE")));
                }
                case "satisfaction" -> {
                    value = m.satisfactionRate();
                    shown = pct(value);
                    colour = rateColour(value);
                    lines.add(new MapLayer.Line(value == null ? msg(c, "map.heat.noData", msg(c, "map.measure.satisfaction")) : msg(c, "map.heat.satisfaction", shown, m.satisfied(), m.ratings()),
                            demandsOf(a, period, "RATED")));
                }
                default -> {
                    long[] fr = rect.getOrDefault(a.id(), new long[2]);
                    value = fr[0] == 0 ? null : new ListsApi.RectificationCount(fr[0], fr[1]).rate();
                    shown = pct(value);
                    colour = rateColour(value);
                    lines.add(new MapLayer.Line(value == null ? msg(c, "map.heat.noData", msg(c, "map.measure.rectification")) : msg(c, "map.heat.rectification", shown, fr[1], fr[0]),
                            "/lists/rectification?gridId=" + a.id() + "&" + period));
                }
            }
            if (!measure.equals("received")) {
                lines.add(new MapLayer.Line(msg(c, "map.heat.received", m.received()), demandsOf(a, period, "RECEIVED")));
            }
            features.add(area(c, a, boundaries.get(a.id()), new MapLayer.Properties("grid", a.id(), a.name(),
                    label(a, parents, shown, drawn.size()),
                    value, colour, lines, "/insight/map?grid=" + a.id() + "&layer=heat&measure=" + measure + "&" + period)));
        }
        List<MapLayer.LegendEntry> legend = measure.equals("received")
                ? (max == 0 ? List.of(new MapLayer.LegendEntry(NONE, msg(c, "map.legend.none")))
                        : List.of(new MapLayer.LegendEntry(NONE, msg(c, "map.legend.none")),
                                new MapLayer.LegendEntry(blue(1, 2), msg(c, "map.legend.fewer")),
                                new MapLayer.LegendEntry(blue(max, max), msg(c, "map.legend.most", max))))
                : List.of(new MapLayer.LegendEntry(rateColour(0.5), "≤ 50%"), new MapLayer.LegendEntry(rateColour(0.75), "75%"),
                        new MapLayer.LegendEntry(rateColour(1.0), "100%"), new MapLayer.LegendEntry(GREY, msg(c, "map.legend.noData")));
        List<MapLayer.Line> notes = new ArrayList<>();
        notes.add(new MapLayer.Line(msg(c, "map.heat.period", c.from(), c.to()), null));
        if (drawn.size() < areas.size()) {
            notes.add(new MapLayer.Line(msg(c, "map.heat.noBoundary", areas.size() - drawn.size()), null));
        }
        return collection(c, "heat", msg(c, "map.layer.heat") + " · " + msg(c, "map.measure." + measure), measure, null, null,
                legend, notes, features);
    }

    private static String demandsOf(GridNode a, String period, String measure) {
        return "/demands?grid=" + a.id() + "&" + period + "&measure=" + measure;
    }

    // ---- campaign coverage --------------------------------------------------------------------

    private MapLayer coverageLayer(Ctx c, Long campaignId) {
        List<CampaignApi.RunningCoverage> running = campaigns.runningCoverage(c.node().path());
        List<MapLayer.Choice> choices = running.stream().map(r -> new MapLayer.Choice(r.campaignId(), r.title())).toList();
        List<MapLayer.LegendEntry> legend = List.of(new MapLayer.LegendEntry(coverageColour(0), "0%"),
                new MapLayer.LegendEntry(coverageColour(50), "50%"), new MapLayer.LegendEntry(coverageColour(100), "100%"));
        if (running.isEmpty()) {
            return collection(c, "coverage", msg(c, "map.layer.coverage"), null, null, choices, legend,
                    List.of(new MapLayer.Line(msg(c, "map.coverage.none"), null)), List.of());
        }
        // by default the sweep with the most households here
        CampaignApi.RunningCoverage chosen = campaignId == null
                ? running.stream().max(Comparator.comparingLong(CampaignApi.RunningCoverage::inScope)).orElseThrow()
                : running.stream().filter(r -> r.campaignId() == campaignId).findFirst()
                        .orElseThrow(() -> ProblemException.notFound("campaign", campaignId));
        List<CampaignApi.GridCoverage> rows = campaigns.coverageByGrid(chosen.campaignId(), c.node().path());
        Map<Long, CampaignApi.GridCoverage> byGrid = new LinkedHashMap<>();
        rows.forEach(r -> byGrid.put(r.gridId(), r));
        Map<Long, String> boundaries = grid.boundaries(byGrid.keySet());
        List<MapLayer.Feature> features = new ArrayList<>();
        int unmapped = 0;
        List<GridNode> nodes = new ArrayList<>();
        rows.forEach(r -> grid.node(r.gridId()).ifPresent(nodes::add));
        Map<Long, String> parents = parentNames(nodes);
        for (CampaignApi.GridCoverage r : rows) {
            String geo = boundaries.get(r.gridId());
            GridNode a = grid.node(r.gridId()).orElse(null);
            if (geo == null || a == null) {
                unmapped++;
                continue;
            }
            List<MapLayer.Line> lines = new ArrayList<>();
            String href = "/campaigns/" + chosen.campaignId() + "/coverage?gridId=" + a.id();
            lines.add(new MapLayer.Line(msg(c, "map.coverage.reached", r.reached(), r.inScope(), r.percent()), href));
            if (r.notHome() > 0) {
                lines.add(new MapLayer.Line(msg(c, "map.coverage.notHome", r.notHome()), href));
            }
            if (r.hazards() > 0) {
                lines.add(new MapLayer.Line(msg(c, "map.coverage.hazards", r.hazards()),
                        "/lists/rectification?gridId=" + a.id() + "&source=SWEEP"));
            }
            features.add(area(c, a, geo, new MapLayer.Properties("grid", a.id(), a.name(),
                    label(a, parents, r.percent() + "%", rows.size()), (double) r.percent(), coverageColour(r.percent()), lines,
                    null)));
        }
        // the micro-grids that lag first
        features.sort(BY_VALUE.reversed());
        List<MapLayer.Line> notes = new ArrayList<>();
        notes.add(new MapLayer.Line(msg(c, "map.coverage.total", chosen.title(), chosen.reached(), chosen.inScope(),
                chosen.percent()), "/campaigns/" + chosen.campaignId() + "/coverage?gridId=" + c.node().id()));
        if (unmapped > 0) {
            notes.add(new MapLayer.Line(msg(c, "map.heat.noBoundary", unmapped), null));
        }
        return collection(c, "coverage", msg(c, "map.layer.coverage") + " · " + chosen.title(), null, chosen.campaignId(),
                choices, legend, notes, features);
    }

    // ---- shared -------------------------------------------------------------------------------

    static final String NONE = "#eef2f6";

    /** Areas labelled with their names too when there are few; with many, the figure alone keeps the map readable. */
    static final int NAMED_LABELS = 8;

    private static String label(GridNode a, Map<Long, String> parents, String figure, int areas) {
        if (areas > NAMED_LABELS) {
            return figure;
        }
        return shortName(a.name(), parents.get(a.parentId())) + " " + figure;
    }

    /** The names of the areas' parents (a handful: the compounds or general grids they lie in). */
    private Map<Long, String> parentNames(Collection<GridNode> areas) {
        Map<Long, String> out = new HashMap<>();
        for (GridNode a : areas) {
            if (a.parentId() != null && !out.containsKey(a.parentId())) {
                out.put(a.parentId(), grid.node(a.parentId()).map(GridNode::name).orElse(""));
            }
        }
        return out;
    }

    private static final Comparator<MapLayer.Feature> BY_VALUE = Comparator
            .comparing((MapLayer.Feature f) -> f.properties().value() == null ? 0 : f.properties().value()).reversed()
            .thenComparing(f -> f.properties().id());

    /** The areas a grid is shaded by: its micro-grids (itself, for a micro-grid), or its children when too many. */
    List<GridNode> areas(GridNode node) {
        if (node.level() == GridLevel.MICRO) {
            return List.of(node);
        }
        List<GridNode> micro = grid.nodesUnder(node.path(), GridLevel.MICRO, null, MAX_AREAS + 1);
        if (micro.size() <= MAX_AREAS && !micro.isEmpty()) {
            return micro;
        }
        return grid.children(node.id()).stream().filter(g -> !g.retired()).toList();
    }

    /** The areas that have a boundary; with {@code outlines}, also adds their outlines (and the grid's own) as features. */
    private List<GridNode> withBoundaries(Ctx c, List<GridNode> areas, List<MapLayer.Feature> outlines) {
        List<Long> ids = new ArrayList<>(areas.stream().map(GridNode::id).toList());
        ids.add(c.node().id());
        Map<Long, String> boundaries = grid.boundaries(ids);
        List<GridNode> out = new ArrayList<>();
        Map<Long, String> parents = outlines == null ? Map.of() : parentNames(areas);
        for (GridNode a : areas) {
            if (boundaries.containsKey(a.id())) {
                out.add(a);
                if (outlines != null) {
                    outlines.add(area(c, a, boundaries.get(a.id()), new MapLayer.Properties("grid", a.id(), a.name(),
                            shortName(a.name(), parents.get(a.parentId())), null, null, List.of(),
                            "/insight/map?grid=" + a.id())));
                }
            }
        }
        if (outlines != null && boundaries.containsKey(c.node().id()) && !areas.contains(c.node())) {
            outlines.add(0, area(c, c.node(), boundaries.get(c.node().id()), new MapLayer.Properties("self", c.node().id(),
                    c.node().name(), null, null, null, List.of(), null)));
        }
        return out;
    }

    /** The places of the buildings counted, at most {@link #MAX_BUILDINGS}, the most counted first: not every building of the grid. */
    private <T> List<BuildingPlace> placesOf(Map<Long, T> counts, java.util.function.ToLongFunction<T> weight) {
        return grid.places(counts.entrySet().stream().filter(e -> e.getKey() != 0)
                .sorted(java.util.Comparator.comparingLong((Map.Entry<Long, T> e) -> weight.applyAsLong(e.getValue())).reversed())
                .limit(MAX_BUILDINGS).map(Map.Entry::getKey).toList());
    }

    private List<BuildingPlace> buildings(GridNode node) {
        return grid.placesUnder(node.path(), MAX_BUILDINGS);
    }

    private MapLayer collection(Ctx c, String layer, String title, String measure, Long campaignId,
            List<MapLayer.Choice> choices, List<MapLayer.LegendEntry> legend, List<MapLayer.Line> notes,
            List<MapLayer.Feature> features) {
        GridNode n = c.node();
        return new MapLayer("FeatureCollection", layer, title, new MapLayer.Grid(n.id(), n.name(), n.level().name()), c.from(),
                c.to(), c.gcj() ? "gcj02" : "wgs84", measure, campaignId, choices, legend, notes, features);
    }

    private MapLayer.Feature point(Ctx c, BuildingPlace b, MapLayer.Properties p) {
        ObjectNode g = JSON.createObjectNode();
        g.put("type", "Point");
        if (b.lat() != null && b.lon() != null) {
            double[] ll = c.gcj() ? BaseMap.toGcj02(b.lat(), b.lon()) : new double[] {b.lat(), b.lon()};
            g.putArray("coordinates").add(round(ll[1])).add(round(ll[0]));
        } else {
            return new MapLayer.Feature("Feature", b.id(), null, p);
        }
        return new MapLayer.Feature("Feature", b.id(), g, p);
    }

    private MapLayer.Feature area(Ctx c, GridNode a, String geoJson, MapLayer.Properties p) {
        JsonNode g = null;
        try {
            g = JSON.readTree(geoJson);
            if (g.has("geometry")) {
                g = g.get("geometry");
            }
            if (c.gcj()) {
                shift(g.get("coordinates"));
            }
        } catch (RuntimeException e) {
            g = null; // an unusable boundary: the feature has no geometry
        }
        return new MapLayer.Feature("Feature", a.id(), g, p);
    }

    /** Shifts every [lon, lat] position below the node from WGS-84 to GCJ-02. */
    static void shift(JsonNode node) {
        if (node instanceof ArrayNode a) {
            if (a.size() >= 2 && a.get(0).isNumber() && a.get(1).isNumber()) {
                double[] s = BaseMap.toGcj02(a.get(1).asDouble(), a.get(0).asDouble());
                a.set(0, a.numberNode(round(s[1])));
                a.set(1, a.numberNode(round(s[0])));
                return;
            }
            for (JsonNode child : a) {
                shift(child);
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e7) / 1e7;
    }

    /** A child's name without its parent's at the front (学府憬城第1微网格 in 学府憬城: 第1微网格). */
    static String shortName(String name, String parent) {
        return parent != null && name.startsWith(parent) && name.length() > parent.length() ? name.substring(parent.length()) : name;
    }

    static String pct(Double rate) {
        return rate == null ? "—" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    /** Red at 50 % and below, amber at 75 %, green at 100 %; grey when nothing fell in the period. */
    static String rateColour(Double rate) {
        if (rate == null) {
            return GREY;
        }
        double t = Math.max(0, Math.min(1, (rate - 0.5) / 0.5));
        return "hsl(" + Math.round(t * 120) + ", 65%, 50%)";
    }

    /** Red at 0 %, amber at 50 %, green at 100 %, as the campaign's coverage map colours it. */
    static String coverageColour(int percent) {
        return "hsl(" + Math.round(percent * 1.2) + ", 65%, 55%)";
    }

    /** Light to dark blue by the share of the largest count. */
    static String blue(long value, long max) {
        double t = max <= 0 ? 0 : Math.min(1, (double) value / max);
        return "hsl(212, 70%, " + Math.round(85 - t * 50) + "%)";
    }

    private String msg(Ctx c, String key, Object... args) {
        return messages.getMessage(key, args, key, c.locale());
    }

    /** Ids for a call that takes a collection. */
    static List<Long> ids(Collection<GridNode> nodes) {
        return nodes.stream().map(GridNode::id).toList();
    }
}
