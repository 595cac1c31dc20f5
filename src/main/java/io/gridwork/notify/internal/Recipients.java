package io.gridwork.notify.internal;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.gridwork.access.AccountApi;
import io.gridwork.demand.Party;
import io.gridwork.shared.security.Role;

/** Who must hear: accounts by role over a grid, through the access module's set-based look-ups. */
@Component
class Recipients {

    private final AccountApi accounts;

    Recipients(AccountApi accounts) {
        this.accounts = accounts;
    }

    /** The workers and leader of a micro-grid (or, without one, the compound leader over the path). */
    List<Long> gridWorkers(String gridPath) {
        List<Long> workers = accounts.accountsCovering(gridPath, EnumSet.of(Role.GRID_WORKER, Role.GRID_LEADER));
        return workers.isEmpty() ? accounts.accountsCovering(gridPath, EnumSet.of(Role.COMPOUND_LEADER)) : workers;
    }

    /** The residents living under the grid with an account, and the owners committee whose grids cover it. */
    Set<Long> owners(String gridPath) {
        Set<Long> to = new LinkedHashSet<>();
        accounts.residentAccounts(gridPath, null).forEach(r -> to.add(r.accountId()));
        to.addAll(accounts.accountsCovering(gridPath, EnumSet.of(Role.OWNERS_COMMITTEE)));
        return to;
    }

    List<Long> communityStaff(String gridPath) {
        return accounts.accountsCovering(gridPath, EnumSet.of(Role.COMMUNITY_STAFF));
    }

    List<Long> streetStaff(String gridPath) {
        return accounts.accountsCovering(gridPath, EnumSet.of(Role.STREET_STAFF));
    }

    /** The staff of responsible parties over a grid: property staff, owners committee, party branch, grid staff. */
    Set<Long> partyStaff(String gridPath, Set<Party> parties) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Party p : parties) {
            switch (p) {
                case PROPERTY -> roles.add(Role.PROPERTY_STAFF);
                case OWNERS_COMMITTEE -> roles.add(Role.OWNERS_COMMITTEE);
                case PARTY_BRANCH -> roles.add(Role.PARTY_BRANCH);
                // the service team and departments with their own accounts, and the community who may act for them
                case POLICE, DOCTOR, LAWYER, SOCIAL_WORKER, DEPARTMENT -> {
                    roles.add(p.handlerRole());
                    roles.add(Role.COMMUNITY_STAFF);
                }
                case GRID -> {
                    roles.add(Role.GRID_WORKER);
                    roles.add(Role.GRID_LEADER);
                }
                // the community, and on its behalf city management
                default -> roles.add(Role.COMMUNITY_STAFF);
            }
        }
        return new LinkedHashSet<>(accounts.accountsCovering(gridPath, roles));
    }
}
