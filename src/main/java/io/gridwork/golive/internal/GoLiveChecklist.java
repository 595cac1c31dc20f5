package io.gridwork.golive.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.gridwork.access.AccountApi;
import io.gridwork.demand.DemandApi;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridNode;
import io.gridwork.notify.GroupsApi;
import io.gridwork.people.GridStats;
import io.gridwork.people.PeopleApi;

/** The going-live checklist of one community, computed from the modules' counts. */
@Component
public class GoLiveChecklist {

    /** How far a step is: not started, started but not complete, complete, or set in a way that will not work. */
    public enum State { NOT_STARTED, PARTIAL, DONE, WARN }

    /**
     * One step: {@code key} names its texts ({@code golive.step.<key>}); {@code counts} fill its count sentence;
     * {@code link} is the page that does it (null: configuration, explained in the text).
     */
    public record Step(String key, State state, List<Object> counts, String link) {
    }

    private final GridApi grid;
    private final PeopleApi people;
    private final AccountApi accounts;
    private final DemandApi demands;
    private final GroupsApi groups;
    private final String publicBaseUrl;

    GoLiveChecklist(GridApi grid, PeopleApi people, AccountApi accounts, DemandApi demands, GroupsApi groups,
            @Value("${gridwork.public-base-url:}") String publicBaseUrl) {
        this.grid = grid;
        this.people = people;
        this.accounts = accounts;
        this.demands = demands;
        this.groups = groups;
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip();
    }

    public List<Step> of(GridNode community) {
        String path = community.path();
        GridStats stats = people.statsOf(community);
        long buildings = grid.buildingsUnder(path);
        List<Long> staff = people.staffPersonsUnder(path);
        long staffWithAccounts = accounts.accountsOfPersons(staff).size();
        long printed = demands.buildingsWithPosters(path);
        long audiences = groups.audiencesUnder(path);
        long takenUp = demands.demandsTakenUp(path);
        long id = community.id();
        return List.of(
                new Step("structure", stats.microGrids() > 0 && stats.households() > 0 ? State.DONE
                        : stats.microGrids() > 0 || buildings > 0 ? State.PARTIAL : State.NOT_STARTED,
                        List.of(stats.microGrids(), buildings, stats.households()), "/grid/" + id + "/manage"),
                new Step("residents", stats.people() > 0 ? State.DONE : State.NOT_STARTED, List.of(stats.people()), "/import"),
                new Step("staff", staff.isEmpty() ? State.NOT_STARTED : staffWithAccounts == staff.size() ? State.DONE : State.PARTIAL,
                        List.of(staff.size(), staffWithAccounts), "/staff/grids/" + id),
                new Step("posters", printed == 0 ? State.NOT_STARTED : printed >= buildings ? State.DONE : State.PARTIAL,
                        List.of(printed, buildings), "/qr/grids/" + id),
                new Step("baseUrl", baseUrlState(), List.of(publicBaseUrl.isEmpty() ? "—" : publicBaseUrl), null),
                new Step("groups", audiences > 0 ? State.DONE : State.NOT_STARTED, List.of(audiences), "/groups"),
                new Step("firstDemand", takenUp > 0 ? State.DONE : State.NOT_STARTED, List.of(takenUp), "/demands"));
    }

    /** Posters carry this address: unset, or a loopback host, would send residents nowhere. */
    State baseUrlState() {
        if (publicBaseUrl.isEmpty()) {
            return State.WARN;
        }
        try {
            String host = URI.create(publicBaseUrl).getHost();
            if (host == null) {
                return State.WARN;
            }
            host = host.toLowerCase(Locale.ROOT);
            boolean loopback = host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                    || host.equals("[::1]") || host.equals("::1") || host.equals("0.0.0.0");
            return loopback ? State.WARN : State.DONE;
        } catch (IllegalArgumentException e) {
            return State.WARN;
        }
    }
}
