package io.gridwork.open311.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * API keys of Open311 client systems: 256 random bits shown once ({@code o311_…}), stored as SHA-256,
 * scoped to a street or community grid, revocable, and limited to a number of calls a minute (counted per
 * instance).
 */
@Service
public class Open311Keys implements io.gridwork.open311.Open311Api {

    /** A key as its list shows it: never the key itself. */
    public record KeyView(long id, String name, String prefix, long jurisdictionId, String jurisdictionCode,
            String jurisdictionName, int perMinute, String createdBy, Instant createdAt, Instant lastUsedAt,
            Instant revokedAt) {
    }

    /** A newly issued key: {@code key} is in clear this once. */
    public record Issued(long id, String key, KeyView view) {
    }

    /** The key of the current call: who and where. */
    public record Client(long id, String name, long jurisdictionId, String jurisdictionPath, int perMinute) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final int defaultPerMinute;
    private final SecureRandom random = new SecureRandom();
    private final int publicPerMinute;
    private final CallWindow calls = new CallWindow(System::currentTimeMillis);
    private final io.gridwork.shared.TtlCache<String, Optional<Client>> byHash =
            new io.gridwork.shared.TtlCache<>(java.time.Duration.ofSeconds(30), 10_000);

    Open311Keys(JdbcClient jdbc, GridApi grid, @Value("${gridwork.open311.calls-per-minute:60}") int defaultPerMinute,
            @Value("${gridwork.open311.public-calls-per-minute:600}") int publicPerMinute) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.defaultPerMinute = defaultPerMinute;
        this.publicPerMinute = publicPerMinute;
    }

    /** Admins for any street or community; street staff for those inside their scope. */
    public Issued issue(String name, String jurisdictionCode, Integer perMinute, GridworkUser by) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw ProblemException.badRequest("open311-key-name", "name the client system (1–100 characters)",
                    Map.of("field", "name"));
        }
        GridNode j = jurisdiction(jurisdictionCode);
        requireManager(by, j.path());
        int limit = perMinute == null ? defaultPerMinute : perMinute;
        if (limit < 1 || limit > 6000) {
            throw ProblemException.badRequest("open311-key-rate", "calls a minute: 1–6000", Map.of("field", "perMinute"));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String key = "o311_" + HexFormat.of().formatHex(bytes);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into open311_api_key (name, key_prefix, key_hash, jurisdiction_id, jurisdiction_path, per_minute,
                       created_by, created_by_name, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(name.strip(), key.substring(0, 10), sha256(key), j.id(), j.path(), limit, by.accountId(),
                        by.displayName(), Timestamp.from(Instant.now()))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        return new Issued(id, key, find(id).orElseThrow());
    }

    @Override
    public boolean anyKeys() {
        return jdbc.sql("select count(*) from open311_api_key").query(Long.class).single() > 0;
    }

    @Override
    public IssuedKey issueKey(String name, String jurisdictionCode, Integer perMinute, GridworkUser by) {
        Issued i = issue(name, jurisdictionCode, perMinute, by);
        return new IssuedKey(i.id(), i.key());
    }

    /** A street or community by its CJ/T 349 code (or id). */
    public GridNode jurisdiction(String code) {
        if (code == null || code.isBlank()) {
            throw ProblemException.badRequest("open311-jurisdiction", "give the street or community code",
                    Map.of("field", "jurisdiction"));
        }
        String c = code.strip();
        Optional<GridNode> node = grid.nodeByCode(c);
        if (node.isEmpty() && c.chars().allMatch(Character::isDigit) && c.length() < 12) {
            node = grid.node(Long.parseLong(c));
        }
        GridNode n = node.orElseThrow(() -> ProblemException.badRequest("open311-jurisdiction",
                "no street or community with code " + c, Map.of("field", "jurisdiction")));
        if (n.level() != GridLevel.STREET && n.level() != GridLevel.COMMUNITY) {
            throw ProblemException.badRequest("open311-jurisdiction", "a key is scoped to a street or a community",
                    Map.of("field", "jurisdiction"));
        }
        return n;
    }

    public void revoke(long id, GridworkUser by) {
        KeyView k = find(id).orElseThrow(() -> ProblemException.notFound("open311 key", id));
        requireManager(by, null);
        if (!by.covers(grid.node(k.jurisdictionId()).map(GridNode::path).orElse("/"))) {
            throw ProblemException.outOfReach("open311 key", id);
        }
        jdbc.sql("update open311_api_key set revoked_at = ? where id = ? and revoked_at is null")
                .params(Timestamp.from(Instant.now()), id).update();
        byHash.clear();
    }

    /** The keys of the grids the viewer manages (all for admins). */
    public List<KeyView> list(GridworkUser viewer) {
        return jdbc.sql(SELECT + " order by k.id desc").query(Open311Keys::view).list().stream()
                .filter(k -> viewer.covers(grid.node(k.jurisdictionId()).map(GridNode::path).orElse(null)))
                .toList();
    }

    public Optional<KeyView> find(long id) {
        return jdbc.sql(SELECT + " where k.id = ?").param(id).query(Open311Keys::view).optional();
    }

    /**
     * The client of a presented key, or 403 for an unknown or revoked one; 429 when the key used up its
     * calls of the last minute.
     */
    public Client authenticate(String key) {
        Client c = byHash.get(sha256(key), this::lookup)
                .orElseThrow(() -> new Open311Exception(HttpStatus.FORBIDDEN, "Invalid api_key received"));
        throttle(c);
        return c;
    }

    private Optional<Client> lookup(String hash) {
        Optional<Client> c = jdbc.sql("""
                select id, name, jurisdiction_id, jurisdiction_path, per_minute from open311_api_key
                 where key_hash = ? and revoked_at is null""").param(hash)
                .query((rs, i) -> new Client(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getInt(5)))
                .optional();
        c.ifPresent(k -> jdbc.sql("update open311_api_key set last_used_at = ? where id = ?")
                .params(Timestamp.from(Instant.now()), k.id()).update());
        return c;
    }

    private void throttle(Client c) {
        if (!calls.tryCall("key:" + c.id(), c.perMinute())) {
            throw new Open311Exception(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many calls with this api_key: at most " + c.perMinute() + " a minute");
        }
    }

    /** Calls without a key are limited per client address. */
    public void throttlePublic(String address) {
        if (!calls.tryCall("address:" + address, publicPerMinute)) {
            throw new Open311Exception(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many calls from this address: at most " + publicPerMinute + " a minute without an api_key");
        }
    }

    /** Admins, and street staff covering the path ({@code null}: the role alone). */
    private static void requireManager(GridworkUser by, String path) {
        if (!(by.isAdmin() || by.has(Role.STREET_STAFF)) || (path != null && !by.covers(path))) {
            throw ProblemException.forbidden("only admins, and street staff for their own streets, manage Open311 keys");
        }
    }

    private static final String SELECT = """
            select k.id, k.name, k.key_prefix, k.jurisdiction_id, g.code, g.name as grid_name, k.per_minute,
                   k.created_by_name, k.created_at, k.last_used_at, k.revoked_at
              from open311_api_key k join v_grid_node g on g.id = k.jurisdiction_id""";

    private static KeyView view(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new KeyView(rs.getLong("id"), rs.getString("name"), rs.getString("key_prefix"), rs.getLong("jurisdiction_id"),
                rs.getString("code"), rs.getString("grid_name"), rs.getInt("per_minute"), rs.getString("created_by_name"),
                rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("last_used_at")),
                instant(rs.getTimestamp("revoked_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
