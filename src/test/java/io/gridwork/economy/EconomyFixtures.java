package io.gridwork.economy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;

import io.gridwork.access.AccountApi;
import io.gridwork.economy.internal.Ledger;
import io.gridwork.economy.internal.Merchants;
import io.gridwork.economy.internal.Rules;
import io.gridwork.economy.internal.Volunteering;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.support.TestPeople;

/** Fresh merchants with verified shops and fresh residents with points, in the demo's 学府社区, for economy tests. */
@Component
public class EconomyFixtures {

    private final JdbcClient jdbc;
    private final AccountApi accounts;
    private final UserDetailsService users;
    private final TestPeople people;
    private final Merchants merchants;
    private final Rules rules;
    private final Volunteering volunteering;
    private final Ledger ledger;

    EconomyFixtures(JdbcClient jdbc, AccountApi accounts, UserDetailsService users, TestPeople people, Merchants merchants,
            Rules rules, Volunteering volunteering, Ledger ledger) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.users = users;
        this.people = people;
        this.merchants = merchants;
        this.rules = rules;
        this.volunteering = volunteering;
        this.ledger = ledger;
    }

    public long xuefu() {
        return community("学府社区");
    }

    public long community(String name) {
        return jdbc.sql("select id from grid_node where name = ? and level = 'COMMUNITY'").param(name).query(Long.class).single();
    }

    public GridworkUser user(String username) {
        return (GridworkUser) users.loadUserByUsername(username);
    }

    public GridworkUser staff() {
        return user("community");
    }

    /** A new merchant account, without a shop. */
    public GridworkUser freshMerchant() {
        String name = "m-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.createAccount(name, "password-" + name, "测试商家" + name, null, Set.of(Role.MERCHANT), Set.of(), List.of());
        return user(name);
    }

    /** A new merchant account with a verified shop in 学府社区; returns the account. */
    public GridworkUser verifiedMerchant() {
        GridworkUser m = freshMerchant();
        long shop = merchants.register(new Merchants.NewMerchant(xuefu(), "测试小店 " + m.username(), "学府憬城南门 1 号", "李老板",
                "13900001111"), m).id();
        merchants.verify(shop, staff());
        return m;
    }

    public long shopOf(GridworkUser merchant) {
        return merchants.ofAccount(merchant.accountId()).orElseThrow().id();
    }

    /** A new resident of 学府憬城 (学府社区) with {@code points} points credited by the community's staff. */
    public GridworkUser residentWith(long points) {
        GridworkUser r = people.freshResident();
        if (points > 0) {
            credit(r, points);
        }
        return r;
    }

    /** Credits points to a resident through a verified volunteering record under a per-task rule. */
    public Ledger.Posting credit(GridworkUser resident, long points) {
        long rule = rules.publish(xuefu(), new Rules.NewEarnRule("测试规则 " + UUID.randomUUID(), Rules.Unit.TASK, (int) points),
                staff()).id();
        long record = volunteering.record(xuefu(), new Volunteering.NewRecord(resident.personId(), rule,
                LocalDate.now(ZoneId.of("Asia/Shanghai")), null, 1, "测试"), staff()).id();
        volunteering.verify(record, staff());
        return volunteering.credit(record, "fixture-" + UUID.randomUUID(), staff());
    }

    /** The resident's kept balance in 学府社区. */
    public long balance(GridworkUser resident) {
        return ledger.findAccount(xuefu(), Ledger.AccountKind.RESIDENT, resident.personId()).map(a -> ledger.balance(a.id()))
                .orElse(0L);
    }

    public long merchantBalance(GridworkUser merchant) {
        return ledger.findAccount(xuefu(), Ledger.AccountKind.MERCHANT, shopOf(merchant)).map(a -> ledger.balance(a.id()))
                .orElse(0L);
    }

    /** Every kept balance equals the sum of its account's entries; every posting's two entries add up to zero. */
    public void assertLedgerAgrees() {
        List<Long> disagreeing = jdbc.sql("""
                select a.id from economy_account a
                 where a.balance is not null
                   and a.balance <> (select coalesce(sum(e.amount), 0) from economy_entry e where e.account_id = a.id)""")
                .query(Long.class).list();
        org.assertj.core.api.Assertions.assertThat(disagreeing).as("accounts whose balance is not the sum of their entries")
                .isEmpty();
        List<Long> unbalanced = jdbc.sql("""
                select p.id from economy_posting p
                 where (select count(*) from economy_entry e where e.posting_id = p.id) <> 2
                    or (select coalesce(sum(e.amount), 0) from economy_entry e where e.posting_id = p.id) <> 0
                    or (select count(*) from economy_entry e where e.posting_id = p.id and e.account_id = p.debit_account_id
                        and e.amount = -p.points) <> 1
                    or (select count(*) from economy_entry e where e.posting_id = p.id and e.account_id = p.credit_account_id
                        and e.amount = p.points) <> 1""").query(Long.class).list();
        org.assertj.core.api.Assertions.assertThat(unbalanced).as("postings whose entries are not −points, +points").isEmpty();
        long total = jdbc.sql("select coalesce(sum(amount), 0) from economy_entry").query(Long.class).single();
        org.assertj.core.api.Assertions.assertThat(total).as("all entries together").isZero();
    }
}
