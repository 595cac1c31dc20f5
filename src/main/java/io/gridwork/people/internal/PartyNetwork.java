package io.gridwork.people.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.shared.security.GridworkUser;

/** Read side of the party network and of the unmasking audit log. */
@Component
public class PartyNetwork {

    private final JdbcClient jdbc;

    PartyNetwork(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A party organisation with its member counts. */
    public record PartyOrg(long id, Long parentId, String level, String name, Long gridId, long members, long mobileMembers) {
    }

    /** One unmasking: who saw whose number, when and why. */
    public record PiiAccess(long id, Instant at, String actor, long personId, String field, String reason, String remoteAddr,
            String outcome) {
    }

    private record Scoped(PartyOrg org, String path) {
    }

    /** Organisations attached to grids (or buildings) inside the user's scope. */
    public List<PartyOrg> orgsWithin(GridworkUser user) {
        return jdbc.sql("""
                select o.id, o.parent_id, o.level, o.name, coalesce(o.grid_id, b.micro_grid_id) as grid_id,
                       coalesce(g.path, mg.path) as path,
                       (select count(*) from party_member m where m.org_id = o.id) as members,
                       (select count(*) from party_member m where m.org_id = o.id and m.mobile) as mobile
                  from party_org o
                  left join v_grid_node g on g.id = o.grid_id
                  left join v_grid_building b on b.id = o.building_id
                  left join v_grid_node mg on mg.id = b.micro_grid_id
                 order by o.id""")
                .query((rs, i) -> new Scoped(new PartyOrg(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3),
                        rs.getString(4), rs.getObject(5, Long.class), rs.getLong(7), rs.getLong(8)), rs.getString(6)))
                .list().stream()
                .filter(s -> user.covers(s.path()))
                .map(Scoped::org)
                .toList();
    }

    public List<PiiAccess> piiAccessLog(Long personId) {
        return jdbc.sql("""
                select id, at, actor_name, person_id, field, reason, remote_addr, outcome from pii_access_log
                 where (:person is null or person_id = :person) order by id desc limit 500""")
                .param("person", personId, java.sql.Types.BIGINT)
                .query((rs, i) -> new PiiAccess(rs.getLong(1), ((Timestamp) rs.getTimestamp(2)).toInstant(), rs.getString(3),
                        rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list();
    }
}
