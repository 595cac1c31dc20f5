package io.gridwork.economy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.access.AccountApi;
import io.gridwork.economy.internal.FundDonations;
import io.gridwork.economy.internal.FundExpenses;
import io.gridwork.economy.internal.FundLedger;
import io.gridwork.economy.internal.Funds;
import io.gridwork.economy.internal.Ledger;
import io.gridwork.economy.internal.Merchants;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;

/**
 * A fresh community under the demo's 学府街道 for each fund test, with its own staff account, committee members
 * (owners committee accounts scoped to it), a fund holding a given amount and, when asked, a verified shop with points.
 */
@Component
public class FundFixtures {

    /** A fresh community with its staff and a committee of {@code members} accounts; N approvals per expense. */
    public record Place(long communityId, GridworkUser staff, List<GridworkUser> members) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final AccountApi accounts;
    private final UserDetailsService users;
    private final Funds funds;
    private final FundDonations donations;
    private final FundExpenses expenses;
    private final Merchants merchants;
    private final Ledger ledger;
    private final TransactionTemplate tx;

    FundFixtures(JdbcClient jdbc, GridApi grid, AccountApi accounts, UserDetailsService users, Funds funds,
            FundDonations donations, FundExpenses expenses, Merchants merchants, Ledger ledger, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.accounts = accounts;
        this.users = users;
        this.funds = funds;
        this.donations = donations;
        this.expenses = expenses;
        this.merchants = merchants;
        this.ledger = ledger;
        this.tx = tx;
    }

    public GridworkUser user(String username) {
        return (GridworkUser) users.loadUserByUsername(username);
    }

    public Place place(int members, int approvalsNeeded) {
        long street = jdbc.sql("select id from grid_node where name = '学府街道'").query(Long.class).single();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long community = grid.create(street, GridLevel.COMMUNITY, "基金测试社区" + tag, null, null).id();
        GridworkUser staff = account("fs-" + tag, "社区干部" + tag, Role.COMMUNITY_STAFF, community);
        List<GridworkUser> committee = new java.util.ArrayList<>();
        for (int i = 0; i < members; i++) {
            GridworkUser m = account("fm" + i + "-" + tag, "委员" + i + "-" + tag, Role.OWNERS_COMMITTEE, community);
            committee.add(m);
        }
        funds.forStaff(community, staff);
        funds.settings(community, new Funds.Settings(approvalsNeeded, 100), staff);
        committee.forEach(m -> funds.designate(community, m.username(), staff));
        return new Place(community, staff, committee);
    }

    public GridworkUser account(String username, String name, Role role, long gridId) {
        accounts.createAccount(username, "password-" + username, name, null, Set.of(role), Set.of(), List.of(gridId));
        return user(username);
    }

    /** The community gives its fund money (a COMMUNITY donation). */
    public FundLedger.Posting give(Place p, long fen) {
        return donations.record(p.communityId(), new FundDonations.NewDonation(FundLedger.AccountKind.COMMUNITY, null, null, fen, null,
                "测试拨款"), "give-" + UUID.randomUUID(), p.staff());
    }

    public long balance(Place p) {
        return funds.get(p.communityId()).balanceFen();
    }

    public FundExpenses.Expense propose(Place p, long fen, GridworkUser by) {
        return expenses.propose(p.communityId(), new FundExpenses.NewExpense(FundExpenses.Purpose.CLEANUP, "楼道清理 " + fen,
                "清理堆物", fen, null, null), receipt(), "exp-" + UUID.randomUUID(), by);
    }

    /** A verified shop in the place's community holding {@code points} points (issued straight by the ledger). */
    public long shopWithPoints(Place p, long points) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        accounts.createAccount("fmc-" + tag, "password-" + tag, "基金测试商家" + tag, null, Set.of(Role.MERCHANT), Set.of(), List.of());
        GridworkUser merchant = user("fmc-" + tag);
        long shop = merchants.register(new Merchants.NewMerchant(p.communityId(), "测试便利店" + tag, "测试路 1 号", "赵老板",
                "13900002222"), merchant).id();
        merchants.verify(shop, p.staff());
        if (points > 0) {
            tx.executeWithoutResult(s -> ledger.post(new Ledger.NewPosting(p.communityId(), Ledger.PostingKind.EARN,
                    ledger.issuer(p.communityId()), ledger.account(p.communityId(), Ledger.AccountKind.MERCHANT, shop), points,
                    "shop-points-" + tag, null, null, null, null, null, null, null, null, "测试"), p.staff()));
        }
        return shop;
    }

    public long shopPoints(Place p, long shop) {
        return ledger.findAccount(p.communityId(), Ledger.AccountKind.MERCHANT, shop).map(a -> ledger.balance(a.id())).orElse(0L);
    }

    public static FundExpenses.Receipt receipt() {
        return new FundExpenses.Receipt("receipt.jpg", jpeg());
    }

    public static byte[] jpeg() {
        try {
            var img = new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB);
            var out = new ByteArrayOutputStream();
            ImageIO.write(img, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every fund posting has two entries, −amount on its debit and +amount on its credit; no fund below zero. */
    public void assertLedgerAgrees() {
        List<Long> unbalanced = jdbc.sql("""
                select p.id from economy_fund_posting p
                 where (select count(*) from economy_fund_entry e where e.posting_id = p.id) <> 2
                    or (select count(*) from economy_fund_entry e where e.posting_id = p.id and e.account_id = p.debit_account_id
                        and e.amount = -p.amount_fen) <> 1
                    or (select count(*) from economy_fund_entry e where e.posting_id = p.id and e.account_id = p.credit_account_id
                        and e.amount = p.amount_fen) <> 1""").query(Long.class).list();
        org.assertj.core.api.Assertions.assertThat(unbalanced).as("fund postings whose entries are not −amount, +amount").isEmpty();
        List<Long> negative = jdbc.sql("""
                select a.fund_id from economy_fund_account a where a.kind = 'FUND'
                   and (select coalesce(sum(e.amount), 0) from economy_fund_entry e where e.account_id = a.id) < 0""")
                .query(Long.class).list();
        org.assertj.core.api.Assertions.assertThat(negative).as("funds below zero").isEmpty();
    }
}
