package io.gridwork.access;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.gridwork.shared.security.Role;

/** Creating accounts and tokens (used by the demo and admins). */
public interface AccountApi {

    long createAccount(String username, String rawPassword, String displayName, Long personId, Set<Role> roles,
            Set<String> permissions, Collection<Long> scopeGridIds);

    /** The id of the enabled account with this username. */
    java.util.Optional<Long> accountIdOf(String username);

    /** Issues a token and returns it in clear: the only time it is visible. */
    IssuedToken issueToken(long accountId, String name, Instant expiresAt);

    List<TokenView> tokens(long accountId);

    void revokeToken(long accountId, long tokenId);

    record IssuedToken(long id, String token) {
    }

    record TokenView(long id, String name, String prefix, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
            Instant revokedAt) {
    }
}
