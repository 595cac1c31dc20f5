package io.gridwork.demand.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.Party;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The reporter's contact number in full, for the handler who has to call them: an account acting for a party with
 * an open assignment on the demand, in the demand's grid, while that assignment is open; not for anonymous reports.
 * Every view and every refused attempt is recorded ({@code demand_contact_view}) and listed to grid staff.
 */
@Component
public class DemandContacts {

    /** One recorded attempt. */
    public record ContactView(Instant at, String actorName, Party party, String outcome) {
    }

    private final DemandRepository demands;
    private final DemandDetails details;
    private final DemandAccess access;
    private final PersonalDataCipher cipher;
    private final JdbcClient jdbc;
    private final DemandContacts self;

    DemandContacts(DemandRepository demands, DemandDetails details, DemandAccess access, PersonalDataCipher cipher,
            JdbcClient jdbc, @org.springframework.context.annotation.Lazy DemandContacts self) {
        this.demands = demands;
        this.details = details;
        this.access = access;
        this.cipher = cipher;
        this.jdbc = jdbc;
        this.self = self;
    }

    /** The party of an open assignment the user acts for on this demand, if any. */
    Optional<Party> handlingParty(Demand d, GridworkUser user) {
        if (!user.covers(d.gridPath)) {
            return Optional.empty();
        }
        return access.openParties(d.id).stream().filter(p -> DemandAccess.mayActFor(p, user)).findFirst();
    }

    /** Whether the demand page offers this viewer the full number. */
    boolean mayReveal(long id, GridworkUser user) {
        Demand d = demands.find(id).orElse(null);
        return d != null && d.contactPhoneEnc != null && !d.anonymous && handlingParty(d, user).isPresent();
    }

    @Transactional
    String reveal(long id, GridworkUser user, String remoteAddr) {
        Demand d = demands.require(id);
        if (!details.maySee(d, user)) {
            throw ProblemException.outOfReach("demand", id);
        }
        Optional<Party> party = handlingParty(d, user);
        if (party.isEmpty()) {
            self.refused(id, user, remoteAddr, "NOT_ASSIGNED");
            throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, "contact-not-assigned",
                    "only the handler of an open assignment on this demand sees the reporter's number");
        }
        if (d.anonymous) {
            self.refused(id, user, remoteAddr, "ANONYMOUS");
            throw ProblemException.conflict("contact-anonymous", "the reporter asked to stay anonymous");
        }
        if (d.contactPhoneEnc == null) {
            throw ProblemException.notFound("contact number of demand", id);
        }
        record(id, user, party.get(), remoteAddr, "GRANTED");
        return cipher.decrypt(d.contactPhoneEnc);
    }

    /** A refused attempt, kept although the refusal rolls the caller's transaction back. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void refused(long id, GridworkUser user, String remoteAddr, String outcome) {
        record(id, user, null, remoteAddr, outcome);
    }

    private void record(long id, GridworkUser user, Party party, String remoteAddr, String outcome) {
        jdbc.sql("""
                insert into demand_contact_view (demand_id, at, actor_id, actor_name, party, outcome, remote_addr)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, java.sql.Timestamp.from(Instant.now()), user.accountId(), user.displayName(),
                        party == null ? null : party.name(), outcome,
                        remoteAddr == null || remoteAddr.length() <= 64 ? remoteAddr : remoteAddr.substring(0, 64))
                .update();
    }

    boolean readsViews(long id, GridworkUser user) {
        return DemandAccess.isGridStaff(user) && demands.find(id).map(d -> user.covers(d.gridPath)).orElse(false);
    }

    /** The recorded attempts on a demand, newest first, for grid staff of its grid. */
    List<ContactView> views(long id, GridworkUser user) {
        Demand d = demands.require(id);
        if (!details.maySee(d, user)) {
            throw ProblemException.outOfReach("demand", id);
        }
        DemandAccess.requireGridStaff(d, user);
        return jdbc.sql("""
                select at, actor_name, party, outcome from demand_contact_view where demand_id = ? order by at desc, id desc""")
                .param(id)
                .query((rs, n) -> new ContactView(rs.getTimestamp("at").toInstant(), rs.getString("actor_name"),
                        rs.getString("party") == null ? null : Party.valueOf(rs.getString("party")), rs.getString("outcome")))
                .list();
    }
}
