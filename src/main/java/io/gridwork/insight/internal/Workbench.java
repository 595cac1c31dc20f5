package io.gridwork.insight.internal;

import java.time.LocalDate;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.gridwork.campaign.CampaignApi;
import io.gridwork.grid.GridNode;
import io.gridwork.insight.Dashboard;
import io.gridwork.lists.ListsApi;
import io.gridwork.measures.Measures;
import io.gridwork.measures.MeasuresApi;
import io.gridwork.notify.GroupsApi;
import io.gridwork.shared.security.GridworkUser;

/**
 * What waits for a member of the grid staff today, and the few figures of their grid this month. Each count is the
 * count of the list it links to (the open demands as the measures folder counts them, as current as its freshness; the
 * rectification list, the running sweeps, the inbox of messages), so a figure and its list agree.
 */
@Service
public class Workbench {

    /** The workbench: the grid, the month so far, what waits, and the grid's figures. */
    public record View(Dashboard.Grid grid, LocalDate from, LocalDate to, long newDemands, long red, long yellow, long open,
            long sweeps, long rectificationsOpen, long unread, Measures measures, Dashboard.Rectification rectification) {
    }

    private final Dashboards dashboards;
    private final CampaignApi campaigns;
    private final ListsApi lists;
    private final GroupsApi groups;
    private final MeasuresApi measures;

    Workbench(Dashboards dashboards, CampaignApi campaigns, ListsApi lists, GroupsApi groups,
            MeasuresApi measures) {
        this.dashboards = dashboards;
        this.campaigns = campaigns;
        this.lists = lists;
        this.groups = groups;
        this.measures = measures;
    }

    /** The viewer's workbench over their first grid; empty when they cover no grid. */
    @org.springframework.transaction.annotation.Transactional(readOnly = true) // a read replica may answer (ReplicaRouting)
    public Optional<View> of(GridworkUser viewer, LocalDate today) {
        GridNode g;
        try {
            g = dashboards.homeGrid(viewer);
        } catch (io.gridwork.shared.web.ProblemException noGrid) {
            return Optional.empty();
        }
        LocalDate from = today.withDayOfMonth(1);
        // the open demands from the measures folder's count (a few rows however many there are; grid staff, who alone
        // open the workbench, see every demand under their grid, so these are the counts of the inbox's lists)
        MeasuresApi.Open open = measures.open(g);
        long sweeps = campaigns.runningCampaignsOf(viewer.accountId(), g.path()).size();
        ListsApi.RectificationCount rect = lists.rectifications(g.id(), from, today);
        return Optional.of(new View(Dashboards.ref(g), from, today, open.submitted(), open.red(), open.yellow(), open.demands(), sweeps,
                lists.openRectifications(g.path()), groups.unreadMessages(viewer.accountId()),
                measures.of(g, from, today, null, null), new Dashboard.Rectification(rect.found(), rect.rectified(), rect.rate())));
    }
}
