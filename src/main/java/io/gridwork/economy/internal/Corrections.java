package io.gridwork.economy.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Corrections of the ledger by the community's staff, never by changing an entry: a reversal posts the same
 * points back from the credited account to the debited one (once per posting, under the same guard: points a
 * resident has spent cannot be taken back), and a write-off moves a resident's points to the community's expiry
 * sink (a resident who moved away, points that lapsed). Both carry a reason; the postings list shows them.
 */
@Service
public class Corrections {

    private final JdbcClient jdbc;
    private final Ledger ledger;
    private final Communities communities;
    private final Atomically atomically;

    Corrections(JdbcClient jdbc, Ledger ledger, Communities communities, Atomically atomically) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.communities = communities;
        this.atomically = atomically;
    }

    public Ledger.Posting reverse(long postingId, String reason, String clientKey, GridworkUser user) {
        String key = Checks.clientKey(clientKey);
        Ledger.Posting original = ledger.posting(postingId).orElseThrow(() -> ProblemException.notFound("posting", postingId));
        communities.forStaff(original.communityId(), user);
        if (original.kind() == Ledger.PostingKind.REVERSAL) {
            throw ProblemException.conflict("cannot-reverse-reversal", "a reversal is not reversed; post the original again");
        }
        String note = Checks.text(reason, "reason", 300, false);
        if (note == null) {
            throw ProblemException.badRequest("reason-required", "say why the posting is reversed", Map.of("field", "reason"));
        }
        Ledger.AccountRef debit = ref(original.creditAccountId());
        Ledger.AccountRef credit = ref(original.debitAccountId());
        return atomically.run(() -> {
            Optional<Ledger.Posting> prior = ledger.byClientKey(user.accountId(), key);
            if (prior.isPresent()) {
                if (prior.get().kind() != Ledger.PostingKind.REVERSAL || !Long.valueOf(postingId).equals(prior.get().reversesId())) {
                    throw Ledger.keyReused();
                }
                return prior.get().asReplay();
            }
            return ledger.post(new Ledger.NewPosting(original.communityId(), Ledger.PostingKind.REVERSAL, debit, credit,
                    original.points(), key, original.residentName(), original.sourceKind(), original.sourceId(), null,
                    original.id(), original.kind(), original.earn(), original.redeem(), note), user);
        });
    }

    /** Writes off points of a resident's account to the community's expiry sink. */
    public Ledger.Posting writeOff(long accountId, Long points, String reason, String clientKey, GridworkUser user) {
        String key = Checks.clientKey(clientKey);
        Ledger.AccountRef account = ref(accountId);
        long communityId = jdbc.sql("select community_id from economy_account where id = ?").param(accountId)
                .query(Long.class).single();
        communities.forStaff(communityId, user);
        if (account.kind() != Ledger.AccountKind.RESIDENT) {
            throw ProblemException.badRequest("not-a-resident-account", "only residents' points are written off");
        }
        long n = Checks.require(points, "points");
        if (n < 1) {
            throw ProblemException.badRequest("invalid-points", "write off at least one point", Map.of("field", "points"));
        }
        String note = Checks.text(reason, "reason", 300, false);
        if (note == null) {
            throw ProblemException.badRequest("reason-required", "say why the points are written off", Map.of("field", "reason"));
        }
        String name = jdbc.sql("select name from v_people_person where id = (select owner_id from economy_account where id = ?)")
                .param(accountId).query(String.class).optional().orElse(null);
        Ledger.AccountRef sink = ledger.expiry(communityId);
        return atomically.run(() -> ledger.post(new Ledger.NewPosting(communityId, Ledger.PostingKind.EXPIRE, account, sink, n,
                key, name, null, null, null, null, null, null, null, note), user));
    }

    private Ledger.AccountRef ref(long accountId) {
        return jdbc.sql("select id, kind from economy_account where id = ?").param(accountId)
                .query((rs, i) -> new Ledger.AccountRef(rs.getLong("id"), Ledger.AccountKind.valueOf(rs.getString("kind"))))
                .optional().orElseThrow(() -> ProblemException.notFound("account", accountId));
    }

    /** A posting as the community's staff list it: what moved between whom. */
    public record Row(Ledger.Posting posting, Ledger.AccountKind debitKind, String debitName, Ledger.AccountKind creditKind,
            String creditName) {
    }

    /** The community's latest postings. */
    public List<Row> postings(long communityId, int limit, GridworkUser user) {
        communities.forStaff(communityId, user);
        return jdbc.sql("""
                select p.*, r.id as reversed_by, da.kind as da_kind, ca.kind as ca_kind, dm.name as dm_name, cm.name as cm_name
                  from economy_posting p
                  left join economy_posting r on r.reverses_id = p.id
                 join economy_account da on da.id = p.debit_account_id
                 join economy_account ca on ca.id = p.credit_account_id
                 left join economy_merchant dm on da.kind = 'MERCHANT' and dm.id = da.owner_id
                 left join economy_merchant cm on ca.kind = 'MERCHANT' and cm.id = ca.owner_id
                 where p.community_id = ? order by p.id desc limit ?""")
                .params(communityId, Math.max(1, Math.min(limit, 500)))
                .query((rs, i) -> new Row(Ledger.posting(rs, i), Ledger.AccountKind.valueOf(rs.getString("da_kind")),
                        name(rs.getString("da_kind"), rs.getString("dm_name"), rs.getString("resident_name")),
                        Ledger.AccountKind.valueOf(rs.getString("ca_kind")),
                        name(rs.getString("ca_kind"), rs.getString("cm_name"), rs.getString("resident_name"))))
                .list();
    }

    private static String name(String kind, String merchant, String resident) {
        return switch (kind) {
            case "MERCHANT" -> merchant;
            case "RESIDENT" -> resident;
            default -> null;
        };
    }
}
