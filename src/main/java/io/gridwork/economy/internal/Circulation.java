package io.gridwork.economy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;

/**
 * The circulation report of a community's points: issued (earned by residents), redeemed (spent at merchants) and
 * written off, each net of its reversals, by month (Beijing time), and what is in circulation at the end of each
 * month (issued less written off: held by residents or by merchants). The totals now are checked against the
 * kept balances: what residents and merchants hold adds up to what is in circulation.
 */
@Service
public class Circulation {

    public record Month(int month, long issued, long redeemed, long expired, long inCirculation) {

        /** 202611 → "2026-11". */
        public String label() {
            return month / 100 + "-" + String.format("%02d", month % 100);
        }
    }

    public record Report(long communityId, String communityName, long issued, long redeemed, long expired, long inCirculation,
            long heldByResidents, long heldByMerchants, long residentsHolding, long verifiedMerchants, List<Month> months) {
    }

    /** A resident's or merchant's account with its balance, for the community's staff. */
    public record Holder(long accountId, Ledger.AccountKind kind, long ownerId, String name, long balance) {
    }

    private final JdbcClient jdbc;
    private final Communities communities;

    Circulation(JdbcClient jdbc, Communities communities) {
        this.jdbc = jdbc;
        this.communities = communities;
    }

    public Report report(long communityId, GridworkUser user) {
        GridNode community = communities.forStaff(communityId, user);
        Map<Integer, long[]> byMonth = new TreeMap<>();
        jdbc.sql("""
                select book_month, kind, reverses_kind, sum(points) as points from economy_posting where community_id = ?
                 group by book_month, kind, reverses_kind""").param(communityId).query(rs -> {
                    String kind = rs.getString("kind");
                    boolean reversal = kind.equals(Ledger.PostingKind.REVERSAL.name());
                    Ledger.PostingKind base = Ledger.PostingKind.valueOf(reversal ? rs.getString("reverses_kind") : kind);
                    long points = rs.getLong("points") * (reversal ? -1 : 1);
                    long[] m = byMonth.computeIfAbsent(rs.getInt("book_month"), k -> new long[3]);
                    switch (base) {
                        case EARN -> m[0] += points;
                        case REDEEM -> m[1] += points;
                        case EXPIRE -> m[2] += points;
                        case REVERSAL -> throw new IllegalStateException("a reversal of a reversal");
                    }
                });
        List<Month> months = new ArrayList<>();
        long issued = 0;
        long redeemed = 0;
        long expired = 0;
        for (var e : byMonth.entrySet()) {
            long[] m = e.getValue();
            issued += m[0];
            redeemed += m[1];
            expired += m[2];
            months.add(new Month(e.getKey(), m[0], m[1], m[2], issued - expired));
        }
        long residents = held(communityId, "RESIDENT");
        long merchants = held(communityId, "MERCHANT");
        long holding = jdbc.sql("select count(*) from economy_account where community_id = ? and kind = 'RESIDENT' and balance > 0")
                .param(communityId).query(Long.class).single();
        long verified = jdbc.sql("select count(*) from economy_merchant where community_id = ? and status = 'VERIFIED'")
                .param(communityId).query(Long.class).single();
        return new Report(communityId, community.name(), issued, redeemed, expired, issued - expired, residents, merchants, holding,
                verified, months.reversed());
    }

    private long held(long communityId, String kind) {
        return jdbc.sql("select coalesce(sum(balance), 0) from economy_account where community_id = ? and kind = ?")
                .params(communityId, kind).query(Long.class).single();
    }

    /**
     * The residents and merchants holding points in a community, largest balance first. Residents' names are read
     * from the people module's person table in the same query (a read-only, set-based read; a facade call per
     * account would not hold for thousands of residents).
     */
    public List<Holder> holders(long communityId, String kind, int limit, GridworkUser user) {
        communities.forStaff(communityId, user);
        return jdbc.sql("""
                select a.id, a.kind, a.owner_id, a.balance, coalesce(p.name, m.name) as name
                  from economy_account a
                  left join v_people_person p on a.kind = 'RESIDENT' and p.id = a.owner_id
                  left join economy_merchant m on a.kind = 'MERCHANT' and m.id = a.owner_id
                 where a.community_id = ? and a.kind = ? order by a.balance desc, a.id limit ?""")
                .params(communityId, kind, Math.max(1, Math.min(limit, 1000)))
                .query((rs, i) -> new Holder(rs.getLong("id"), Ledger.AccountKind.valueOf(rs.getString("kind")),
                        rs.getLong("owner_id"), rs.getString("name"), rs.getLong("balance")))
                .list();
    }
}
