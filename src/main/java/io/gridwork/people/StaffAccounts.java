package io.gridwork.people;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Accounts of staff, as the people module needs them for appointments and hand-overs. The access module
 * implements it (it depends on people, so people cannot call it directly).
 */
public interface StaffAccounts {

    /** Enabled accounts of these persons (person id → account ids, oldest first). */
    Map<Long, List<Long>> accountsOf(Collection<Long> personIds);

    /**
     * Gives an appointed person an account with the role of {@code staffRole}: an account the person already has
     * gains the role; otherwise a new one is created ({@code username} or one made up) with a temporary password,
     * returned once.
     */
    Provisioned provision(long personId, String displayName, StaffRole staffRole, String username);

    /** {@code temporaryPassword} is null when an existing account gained the role. */
    record Provisioned(long accountId, String username, String temporaryPassword) {
    }
}
