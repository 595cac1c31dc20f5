package io.gridwork.lists.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridNode;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.people.PhoneNumber;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The resources list (资源清单): people with skills, spaces, merchants and organisations available to a
 * grid. The contact number is personal data: stored as ciphertext, a keyed hash and a mask, and only
 * the mask leaves the module.
 */
@Service
public class ResourceService {

    public enum Kind { PERSON, SPACE, MERCHANT, ORGANISATION }

    public record NewResource(Long gridId, Kind kind, String name, String description, String address, String availability,
            String contactName, String phone) {
    }

    public record Resource(long id, long gridId, String gridName, Kind kind, String name, String description, String address,
            String availability, String contactName, String phoneMasked, boolean active, String createdBy, Instant createdAt) {
    }

    public record Filter(Long gridId, Kind kind, String q, Boolean active, int limit) {
    }

    private final JdbcClient jdbc;
    private final Places places;
    private final PersonalDataCipher cipher;

    ResourceService(JdbcClient jdbc, Places places, PersonalDataCipher cipher) {
        this.jdbc = jdbc;
        this.places = places;
        this.cipher = cipher;
    }

    @Transactional
    public Resource create(NewResource in, GridworkUser user) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the resource as JSON");
        }
        Places.require(in.kind(), "kind");
        String name = Places.text(in.name(), "name", 200, true);
        String description = Places.text(in.description(), "description", 2000, false);
        String address = Places.text(in.address(), "address", 300, false);
        String availability = Places.text(in.availability(), "availability", 300, false);
        String contact = Places.text(in.contactName(), "contactName", 100, false);
        String phone = null;
        if (in.phone() != null && !in.phone().isBlank()) {
            String problem = PhoneNumber.problem(in.phone());
            if (problem != null) {
                throw ProblemException.badRequest("invalid-phone", problem, Map.of("field", "phone"));
            }
            phone = PhoneNumber.normalize(in.phone());
        }
        GridNode grid = places.gridInScope(in.gridId(), user, "gridId");
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into resource_item (grid_id, grid_path, kind, name, description, address, availability, contact_name,
                    phone_enc, phone_hash, phone_mask, created_by_id, created_by_name)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(grid.id(), grid.path(), in.kind().name(), name, description, address, availability, contact,
                        cipher.encrypt(phone), cipher.hash(phone), Masking.phone(phone), user.accountId(), user.displayName())
                .update(keys, "id");
        return find(keys.getKey().longValue()).orElseThrow();
    }

    public Resource get(long id, GridworkUser user) {
        Resource r = find(id).orElseThrow(() -> ProblemException.notFound("resource", id));
        String path = jdbc.sql("select grid_path from resource_item where id = ?").param(id).query(String.class).single();
        if (!user.covers(path) && user.scopePaths().stream().noneMatch(p -> p.startsWith(path))) {
            throw ProblemException.outOfReach("resource", id);
        }
        return r;
    }

    public java.util.Optional<Resource> find(long id) {
        return jdbc.sql(SELECT + " where r.id = ?").param(id).query(this::resource).optional();
    }

    private static final String SELECT = """
            select r.id, r.grid_id, r.kind, r.name, r.description, r.address, r.availability, r.contact_name, r.phone_mask,
                   r.active, r.created_by_name, r.created_at
              from resource_item r""";

    private Resource resource(ResultSet rs, int i) throws SQLException {
        long gridId = rs.getLong("grid_id");
        return new Resource(rs.getLong("id"), gridId, places.name(gridId),
                Kind.valueOf(rs.getString("kind")), rs.getString("name"), rs.getString("description"), rs.getString("address"),
                rs.getString("availability"), rs.getString("contact_name"), rs.getString("phone_mask"), rs.getBoolean("active"),
                rs.getString("created_by_name"), Places.instant(rs.getTimestamp("created_at")));
    }

    /**
     * Resources available to the chosen grid (or to the user's grids): those of the grid and the grids
     * below it, and those of the grids above it (a community's resources serve its compounds and
     * micro-grids).
     */
    public List<Resource> list(Filter f, GridworkUser user) {
        GridNode chosen = f.gridId() == null ? null : places.gridInScope(f.gridId(), user, "gridId");
        StringBuilder reach = new StringBuilder("1 = 1");
        List<Object> params = new ArrayList<>();
        Places.scope(reach, params, chosen, user);
        java.util.Set<String> ancestors = new java.util.TreeSet<>();
        for (String path : chosen != null ? List.of(chosen.path()) : user.scopePaths()) {
            // "/1/4/9/" has the ancestors "/1/" and "/1/4/"
            for (int i = path.indexOf('/', 1); i > 0 && i < path.length() - 1; i = path.indexOf('/', i + 1)) {
                ancestors.add(path.substring(0, i + 1));
            }
        }
        StringBuilder sql = new StringBuilder(SELECT + " where ((" + reach + ")");
        if (!ancestors.isEmpty()) {
            sql.append(" or r.grid_path in (").append(String.join(",", ancestors.stream().map(a -> "?").toList())).append(")");
            params.addAll(ancestors);
        }
        sql.append(")");
        if (f.kind() != null) {
            sql.append(" and r.kind = ?");
            params.add(f.kind().name());
        }
        if (f.active() != null) {
            sql.append(" and r.active = ?");
            params.add(f.active());
        }
        Places.appendSearch(sql, params, f.q(), "r.name", "r.description");
        sql.append(" order by r.kind, r.name, r.id limit ").append(Math.max(1, Math.min(f.limit(), 10_000)));
        return jdbc.sql(sql.toString()).params(params).query(this::resource).list();
    }
}
