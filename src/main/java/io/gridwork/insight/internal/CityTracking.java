package io.gridwork.insight.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.gridwork.demand.CategoryView;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandStatus;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.insight.Dashboard;
import io.gridwork.iot.IotApi;
import io.gridwork.shared.security.GridworkUser;

/**
 * The tracking view of the three city-wide problems for a community or compound (issue 13): for each problem the demands
 * open now and those of the last days (the demand module's digests: no reporter, no phone) and the devices that watch it
 * with their recent incidents (the iot module), each with the demand it raised.
 */
@Service
public class CityTracking {

    /** Demands and incidents shown per problem and list. */
    static final int LIMIT = 20;

    public record Tracking(Dashboard.Grid grid, List<Dashboard.Grid> lineage, List<Dashboard.Grid> children, LocalDate from,
            LocalDate to, List<Track> problems) {
    }

    /** One problem: the demands open now (their count and the newest), the recent ones, and the devices (null: none watch it). */
    public record Track(String category, String label, long openCount, List<DemandApi.Digest> open, long recentCount,
            List<DemandApi.Digest> recent, List<IotApi.DeviceWatch> devices) {
    }

    private final Dashboards dashboards;
    private final GridApi grid;
    private final DemandApi demands;
    private final IotApi iot;

    CityTracking(Dashboards dashboards, GridApi grid, DemandApi demands, IotApi iot) {
        this.dashboards = dashboards;
        this.grid = grid;
        this.demands = demands;
        this.iot = iot;
    }

    /** The view of a grid in the viewer's scope (404 outside it) over the {@code days} days that end today. */
    public Tracking of(long gridId, int days, GridworkUser viewer, Locale locale) {
        GridNode node = dashboards.gridInReach(gridId, viewer);
        LocalDate to = Dashboards.today();
        LocalDate from = to.minusDays(days - 1L);
        var start = CityWatches.start(from);
        var end = CityWatches.start(to.plusDays(1));
        Map<String, CategoryView> catalogue = demands.catalogue();
        EnumSet<DemandStatus> open = EnumSet.noneOf(DemandStatus.class);
        for (DemandStatus s : DemandStatus.values()) {
            if (s.isOpen()) {
                open.add(s);
            }
        }
        List<Track> tracks = new ArrayList<>();
        for (CityWatches.Focus f : CityWatches.PROBLEMS) {
            long openCount = demands.countInbox(new DemandApi.InboxQuery(open, f.category(), null, null, node.id(), null, null,
                    null), viewer);
            List<DemandApi.Digest> openList = demands.digests(new DemandApi.DigestQuery(node.path(), List.of(), List.of(f.category()),
                    null, null, true, null, LIMIT));
            long recentCount = demands.countInbox(new DemandApi.InboxQuery(null, f.category(), null, null, node.id(), start, end,
                    null), viewer);
            List<DemandApi.Digest> recent = demands.digests(new DemandApi.DigestQuery(node.path(), List.of(), List.of(f.category()),
                    start, end, null, null, LIMIT));
            List<IotApi.DeviceWatch> devices = f.deviceType() == null ? null
                    : iot.watch(node.path(), f.deviceType(), f.eventType(), start, end);
            CategoryView cat = catalogue.get(f.category());
            tracks.add(new Track(f.category(), cat != null ? cat.name(locale) : f.category(), openCount, openList, recentCount,
                    recent, devices));
        }
        List<Dashboard.Grid> lineage = grid.lineage(node.id()).stream().filter(g -> viewer.covers(g.path()))
                .map(Dashboards::ref).toList();
        List<Dashboard.Grid> children = grid.children(node.id()).stream().filter(g -> !g.retired()).map(Dashboards::ref).toList();
        return new Tracking(Dashboards.ref(node), lineage, children, from, to, tracks);
    }
}
