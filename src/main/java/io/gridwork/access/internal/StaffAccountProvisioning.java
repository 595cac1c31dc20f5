package io.gridwork.access.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.people.StaffAccounts;
import io.gridwork.people.StaffRole;
import io.gridwork.shared.security.Role;

/**
 * Accounts for appointed micro-grid staff (the people module's {@link StaffAccounts}): a person who already has
 * an account (a resident who nominated themselves) gains the staff role on it; anyone else gets a new account
 * with a generated password, shown once to the appointing staff member. The grid scope follows from the staff
 * assignment itself, so no explicit scope is stored.
 */
@Component
class StaffAccountProvisioning implements StaffAccounts {

    private final AccountService accounts;
    private final JdbcClient jdbc;
    private final AccountAudit audit;

    StaffAccountProvisioning(AccountService accounts, JdbcClient jdbc, AccountAudit audit) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Override
    public Map<Long, List<Long>> accountsOf(Collection<Long> personIds) {
        return accounts.accountsOfPersons(personIds);
    }

    @Override
    @Transactional
    public Provisioned provision(long personId, String displayName, StaffRole staffRole, String username) {
        Role role = roleOf(staffRole);
        List<Long> existing = accounts.accountsOfPersons(List.of(personId)).getOrDefault(personId, List.of());
        if (!existing.isEmpty()) {
            long account = existing.getFirst();
            int has = jdbc.sql("select count(*) from account_authority where account_id = ? and authority = ?")
                    .params(account, role.authority()).query(Integer.class).single();
            if (has == 0) {
                String before = AccountAudit.roles(rolesOf(account), Set.of());
                jdbc.sql("insert into account_authority (account_id, authority) values (?, ?)").params(account, role.authority())
                        .update();
                // the new role applies to the person's running sessions at once, and is on the account's record
                jdbc.sql("update account set authz_version = authz_version + 1 where id = ?").param(account).update();
                audit.record(account, io.gridwork.shared.security.CurrentUser.find().map(u -> u.accountId()).orElse(null),
                        AccountAudit.Action.ROLES_CHANGED, before, AccountAudit.roles(rolesOf(account), Set.of()));
                accounts.forgetCachedAccounts();
            }
            String name = jdbc.sql("select username from account where id = ?").param(account).query(String.class).single();
            return new Provisioned(account, name, null);
        }
        String chosen = username == null || username.isBlank() ? freeUsername("mg" + personId) : username.strip();
        // a generated temporary password (PasswordPolicy), to be changed at the first sign-in; audited
        String password = accounts.createAccountWithTemporaryPassword(chosen, displayName, personId, Set.of(role), List.of());
        long id = accounts.accountIdOf(chosen).orElseThrow();
        return new Provisioned(id, chosen, password);
    }

    static Role roleOf(StaffRole role) {
        return switch (role) {
            case MICRO_GRID_LEADER -> Role.GRID_LEADER;
            case COMPOUND_GRID_LEADER -> Role.COMPOUND_LEADER;
            default -> Role.GRID_WORKER;
        };
    }

    private String freeUsername(String base) {
        String candidate = base;
        for (int i = 2; accounts.accountIdOf(candidate).isPresent()
                || jdbc.sql("select count(*) from account where username = ?").param(candidate).query(Integer.class).single() > 0; i++) {
            candidate = base + "-" + i;
        }
        return candidate;
    }

    private Set<Role> rolesOf(long account) {
        Set<Role> out = java.util.EnumSet.noneOf(Role.class);
        for (String a : jdbc.sql("select authority from account_authority where account_id = ?").param(account).query(String.class).list()) {
            for (Role r : Role.values()) {
                if (r.authority().equals(a)) {
                    out.add(r);
                }
            }
        }
        return out;
    }
}
