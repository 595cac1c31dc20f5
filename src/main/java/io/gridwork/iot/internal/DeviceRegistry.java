package io.gridwork.iot.internal;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.Party;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.TtlCache;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The device registry. Each device gets a random secret at creation, returned once; it is stored only
 * as AES-GCM ciphertext (the personal-data key), because checking an HMAC signature needs the key itself.
 */
@Service
public class DeviceRegistry {

    /** A new device and its secret (shown once). */
    public record Created(Device device, String secret) {
    }

    /** What staff enter to register a device. */
    public record Registration(String code, String type, String name, Long buildingId, Long unitId, String locationText,
            String owner) {
    }

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{2,63}");
    static final String COLUMNS = """
            id, code, device_type, name, community_id, community_code, grid_id, grid_path, building_id, unit_id,
            location_text, owner_party, enabled, created_at, created_by, last_seen_at, offline_since""";

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final PersonalDataCipher cipher;
    private final SecureRandom random = new SecureRandom();
    private final TtlCache<String, Optional<Device>> byCode = new TtlCache<>(Duration.ofSeconds(30), 100_000);
    private final TtlCache<Long, byte[]> secrets = new TtlCache<>(Duration.ofSeconds(30), 100_000);

    DeviceRegistry(JdbcClient jdbc, GridApi grid, PersonalDataCipher cipher) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.cipher = cipher;
    }

    @Transactional
    public Created register(Registration r, GridworkUser user) {
        return register(r, user.displayName(), user::covers);
    }

    /** Registers for {@code createdBy}, within the grids {@code covers} accepts. */
    @Transactional
    public Created register(Registration r, String createdBy, java.util.function.Predicate<String> covers) {
        if (r.code() == null || !CODE.matcher(r.code().strip()).matches()) {
            throw ProblemException.badRequest("invalid-device-code",
                    "a device code has 3 to 64 letters, digits, '-' or '_'", Map.of("field", "code"));
        }
        DeviceType type = DeviceType.parse(r.type());
        if (type == null) {
            throw ProblemException.badRequest("invalid-device-type", "type is one of " + List.of(DeviceType.values()),
                    Map.of("field", "type"));
        }
        if (r.name() == null || r.name().isBlank() || r.name().length() > 100) {
            throw ProblemException.badRequest("name-required", "name the device (at most 100 characters)", Map.of("field", "name"));
        }
        if (r.buildingId() == null) {
            throw ProblemException.badRequest("building-required", "say which building the device is in", Map.of("field", "buildingId"));
        }
        if (r.locationText() != null && r.locationText().length() > 200) {
            throw ProblemException.badRequest("location-too-long", "at most 200 characters", Map.of("field", "locationText"));
        }
        Party owner;
        try {
            owner = r.owner() == null || r.owner().isBlank() ? Party.PROPERTY : Party.valueOf(r.owner().strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-owner", "owner is one of " + List.of(Party.values()), Map.of("field", "owner"));
        }
        BuildingView b = grid.building(r.buildingId()).orElseThrow(() -> ProblemException.notFound("building", r.buildingId()));
        if (r.unitId() != null && grid.unit(r.unitId()).filter(u -> u.buildingId() == b.id()).isEmpty()) {
            throw ProblemException.badRequest("unit-not-in-building", "the unit is not in that building", Map.of("field", "unitId"));
        }
        GridNode place = grid.node(b.microGridId() != null ? b.microGridId() : b.compoundId()).orElseThrow();
        if (!covers.test(place.path())) {
            throw ProblemException.outOfReach("building", r.buildingId());
        }
        GridNode community = grid.lineage(place.id()).stream().filter(n -> n.level() == GridLevel.COMMUNITY).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("no-community", "the building belongs to no community"));

        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        var key = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                    insert into iot_device (code, device_type, name, community_id, community_code, grid_id, grid_path,
                        building_id, unit_id, location_text, owner_party, secret_enc, enabled, created_at, created_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?)""")
                    .params(r.code().strip(), type.name(), r.name().strip(), community.id(), community.code(), place.id(),
                            place.path(), b.id(), r.unitId(), blankToNull(r.locationText()), owner.name(),
                            cipher.encrypt(secret), Timestamp.from(Instant.now()), createdBy)
                    .update(key, "id");
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("device-code-taken", "a device with code " + r.code().strip() + " exists");
        }
        byCode.invalidate(r.code().strip());
        return new Created(find(key.getKey().longValue()).orElseThrow(), secret);
    }

    public long count() {
        return jdbc.sql("select count(*) from iot_device").query(Long.class).single();
    }

    public Optional<Device> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from iot_device where id = ?").param(id).query(DeviceRegistry::map).optional();
    }

    /** By code, cached for a few seconds (events arrive by the thousand). */
    public Optional<Device> byCode(String code) {
        return byCode.get(code, c -> jdbc.sql("select " + COLUMNS + " from iot_device where code = ?").param(c)
                .query(DeviceRegistry::map).optional());
    }

    /** The device's secret key bytes (decrypted, cached briefly); never logged. */
    byte[] secretKey(long deviceId) {
        return secrets.get(deviceId, id -> jdbc.sql("select secret_enc from iot_device where id = ?").param(id)
                .query(String.class).optional().map(cipher::decrypt)
                .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElse(null));
    }

    /** Devices in the grids with these path prefixes, newest first. */
    public List<Device> list(List<String> scopePaths, int limit) {
        return list(scopePaths, null, limit);
    }

    /** {@link #list(List, int)} from the device after {@code beforeId} in that order (null: from the newest). */
    public List<Device> list(List<String> scopePaths, Long beforeId, int limit) {
        if (scopePaths.isEmpty()) {
            return List.of();
        }
        StringBuilder where = new StringBuilder("(");
        List<Object> params = new java.util.ArrayList<>();
        for (int i = 0; i < scopePaths.size(); i++) {
            where.append(i == 0 ? "" : " or ").append("grid_path like ?");
            params.add(scopePaths.get(i) + "%");
        }
        where.append(")");
        if (beforeId != null) {
            where.append(" and id < ?");
            params.add(beforeId);
        }
        return jdbc.sql("select " + COLUMNS + " from iot_device where " + where + " order by id desc limit " + limit)
                .params(params).query(DeviceRegistry::map).list();
    }

    /** A warning a device raised (visible on its page). */
    public record Warning(long id, String kind, String message, Instant at) {
    }

    /** An incident: the de-duplicated events of one window, and the demand it raised. */
    public record IncidentRow(long id, String eventType, Instant firstAt, Instant lastAt, int count, Long demandId) {
    }

    /** The device, if it lies inside the viewer's grids (404 when absent or outside). */
    public Device requireInScope(long id, GridworkUser user) {
        Device d = find(id).orElseThrow(() -> ProblemException.notFound("device", id));
        if (!user.covers(d.gridPath())) {
            throw ProblemException.outOfReach("device", id);
        }
        return d;
    }

    public List<Warning> warnings(long deviceId, int limit) {
        return jdbc.sql("select id, kind, message, raised_at from iot_warning where device_id = ? order by id desc limit " + limit)
                .param(deviceId).query((rs, i) -> new Warning(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant())).list();
    }

    public List<IncidentRow> incidents(long deviceId, int limit) {
        return jdbc.sql("select id, event_type, first_at, last_at, event_count, demand_id from iot_incident"
                + " where device_id = ? order by last_at desc, id desc limit " + limit)
                .param(deviceId).query((rs, i) -> new IncidentRow(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant(), rs.getInt(5), (Long) rs.getObject(6, Long.class))).list();
    }

    static Device map(ResultSet rs, int row) throws SQLException {
        return new Device(rs.getLong("id"), rs.getString("code"), DeviceType.valueOf(rs.getString("device_type")),
                rs.getString("name"), rs.getLong("community_id"), rs.getString("community_code"), rs.getLong("grid_id"),
                rs.getString("grid_path"), rs.getLong("building_id"), (Long) rs.getObject("unit_id", Long.class),
                rs.getString("location_text"), Party.valueOf(rs.getString("owner_party")), rs.getBoolean("enabled"),
                instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "last_seen_at"),
                instant(rs, "offline_since"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
