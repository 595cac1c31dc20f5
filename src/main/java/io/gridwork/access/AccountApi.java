package io.gridwork.access;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.gridwork.shared.security.Role;

/** Creating accounts and tokens (used by the demo and admins). */
public interface AccountApi {

    /**
     * Creates an account with a password chosen by the caller (the demo); the password must pass
     * {@link PasswordPolicy}. Refusals: {@code invalid-username}, {@code name-required}, {@code weak-password},
     * {@code username-taken} (409).
     */
    long createAccount(String username, String rawPassword, String displayName, Long personId, Set<Role> roles,
            Set<String> permissions, Collection<Long> scopeGridIds);

    /**
     * Creates an account (for example for an appointed micro-grid worker) with a generated temporary password,
     * which is returned (the only time it is visible) and must be changed at the first sign-in. No grant check
     * is made here: the caller has decided that this person gets these roles and grids. The change is audited
     * with the signed-in user, if any, as its author.
     */
    String createAccountWithTemporaryPassword(String username, String displayName, Long personId, Set<Role> roles,
            Collection<Long> scopeGridIds);

    /** The id of the enabled account with this username. */
    java.util.Optional<Long> accountIdOf(String username);

    /** The user name of an enabled account (a page's account picker sends the account's id). */
    java.util.Optional<String> usernameOf(long accountId);

    /** Issues a token and returns it in clear: the only time it is visible. */
    IssuedToken issueToken(long accountId, String name, Instant expiresAt);

    List<TokenView> tokens(long accountId);

    void revokeToken(long accountId, long tokenId);

    /**
     * Enabled accounts holding one of {@code roles} whose grid scope covers the grid with this path (their
     * explicit scopes or their running staff assignments). One set-based query; admins are not included.
     */
    List<Long> accountsCovering(String gridPath, Set<Role> roles);

    /** Enabled accounts of these persons (person id → account ids). */
    java.util.Map<Long, List<Long>> accountsOfPersons(Collection<Long> personIds);

    /**
     * Accounts of these persons whether enabled or not (person id → account ids): the evaluation still scores a
     * worker who left during the month and whose account has been disabled since.
     */
    java.util.Map<Long, List<Long>> allAccountsOfPersons(Collection<Long> personIds);

    /**
     * Enabled accounts of the residents currently living under a grid (a building's micro-grid, compound or
     * community, by path prefix) or, when {@code buildingId} is given, in that building; with their household
     * and building. One set-based query.
     */
    List<ResidentAccount> residentAccounts(String gridPath, Long buildingId);

    /** Display names of accounts (id → name). */
    java.util.Map<Long, String> displayNames(Collection<Long> accountIds);

    record ResidentAccount(long accountId, String displayName, long householdId, long buildingId) {
    }

    record IssuedToken(long id, String token) {
    }

    record TokenView(long id, String name, String prefix, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
            Instant revokedAt) {
    }
}
