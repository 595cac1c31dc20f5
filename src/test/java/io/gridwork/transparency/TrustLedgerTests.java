package io.gridwork.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import io.gridwork.transparency.internal.TrustLedger;
import io.gridwork.transparency.internal.TrustLedger.Account;
import io.gridwork.transparency.internal.TrustLedger.EntryIn;
import io.gridwork.transparency.internal.TrustLedger.Side;

/** The trust account's ledger: balanced, positive entries only, never overdrawn, append-only, also under concurrent writes. */
@GridworkTest
class TrustLedgerTests {

    @Autowired TrustLedger ledger;
    @Autowired JdbcClient jdbc;
    @Autowired TestPeople people;

    GridworkUser property;
    long jingcheng;

    @BeforeEach
    void setUp() {
        property = people.user("property");
        jingcheng = jdbc.sql("select id from grid_node where name = '学府憬城'").query(Long.class).single();
    }

    TrustLedger.NewPosting posting(String what, EntryIn... entries) {
        return new TrustLedger.NewPosting(LocalDate.now(ZoneId.of("Asia/Shanghai")), what, "R-" + what, List.of(entries));
    }

    static EntryIn e(Account a, Side s, long fen) {
        return new EntryIn(a, s, fen);
    }

    int postings() {
        return jdbc.sql("select count(*) from transparency_trust_posting").query(Integer.class).single();
    }

    long bank() {
        return ledger.balance(jingcheng, Account.BANK);
    }

    @Test
    void unbalancedNegativeAndOverdrawingPostingsAreRefusedAndChangeNothing() {
        ledger.post(jingcheng, posting("fees", e(Account.BANK, Side.DEBIT, 10_000), e(Account.FEES, Side.CREDIT, 10_000)), property);
        int before = postings();
        long bank = bank();
        assertThatThrownBy(() -> ledger.post(jingcheng, posting("x", e(Account.BANK, Side.DEBIT, 10_000),
                e(Account.FEES, Side.CREDIT, 9_000)), property)).isInstanceOf(ProblemException.class)
                .satisfies(x -> assertThat(((ProblemException) x).code()).isEqualTo("unbalanced"));
        assertThatThrownBy(() -> ledger.post(jingcheng, posting("x", e(Account.BANK, Side.DEBIT, -500),
                e(Account.FEES, Side.CREDIT, -500)), property))
                .satisfies(x -> assertThat(((ProblemException) x).code()).isEqualTo("negative-amount"));
        assertThatThrownBy(() -> ledger.post(jingcheng, posting("x", e(Account.REPAIRS, Side.DEBIT, bank + 1),
                e(Account.BANK, Side.CREDIT, bank + 1)), property))
                .satisfies(x -> assertThat(((ProblemException) x).code()).isEqualTo("insufficient-funds"));
        assertThatThrownBy(() -> ledger.post(jingcheng, posting("x", e(Account.BANK, Side.DEBIT, 1),
                e(Account.FEES, Side.CREDIT, 1)), people.user("owners")))
                .satisfies(x -> assertThat(((ProblemException) x).status().value()).isEqualTo(403));
        assertThat(postings()).isEqualTo(before);
        assertThat(bank()).isEqualTo(bank);

        // append-only, even for the application
        assertThatThrownBy(() -> jdbc.sql("update transparency_trust_entry set amount_fen = 1 where compound_id = ?").param(jingcheng)
                .update()).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> jdbc.sql("delete from transparency_trust_posting where compound_id = ?").param(jingcheng).update())
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void theMonthlyStatementAddsUp() {
        YearMonth month = YearMonth.now(ZoneId.of("Asia/Shanghai"));
        var before = ledger.statement(jingcheng, month, property);
        ledger.post(jingcheng, posting("parking", e(Account.BANK, Side.DEBIT, 30_000), e(Account.PARKING, Side.CREDIT, 30_000)), property);
        ledger.post(jingcheng, posting("trustee", e(Account.TRUSTEE_FEE, Side.DEBIT, 2_500), e(Account.BANK, Side.CREDIT, 2_500)), property);
        var after = ledger.statement(jingcheng, month, property);
        assertThat(after.openingFen()).isEqualTo(before.openingFen());
        assertThat(after.incomeFen() - before.incomeFen()).isEqualTo(30_000);
        assertThat(after.expenseFen() - before.expenseFen()).isEqualTo(2_500);
        assertThat(after.closingFen()).isEqualTo(after.openingFen() + after.incomeFen() - after.expenseFen()).isEqualTo(bank());
        assertThat(ledger.statement(jingcheng, month, people.user("resident")).closingFen()).isEqualTo(after.closingFen());
    }

    @Test
    void concurrentPaymentsNeverOverdrawAndEveryPostingBalances() throws Exception {
        // the bank emptied, then funded for exactly 50 payments
        long start = bank();
        if (start > 0) {
            ledger.post(jingcheng, posting("empty", e(Account.SERVICES, Side.DEBIT, start), e(Account.BANK, Side.CREDIT, start)), property);
        }
        ledger.post(jingcheng, posting("fund", e(Account.BANK, Side.DEBIT, 50_000), e(Account.FEES, Side.CREDIT, 50_000)), property);
        long funds = 50_000;
        int attempts = 120;
        long each = 1_000;
        AtomicInteger paid = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                int n = i;
                Account to = n % 3 == 0 ? Account.REPAIRS : n % 3 == 1 ? Account.SERVICES : Account.TRUSTEE_FEE;
                all.add(pool.submit(() -> {
                    try {
                        ledger.post(jingcheng, posting("pay-" + n, e(to, Side.DEBIT, each), e(Account.BANK, Side.CREDIT, each)), property);
                        paid.incrementAndGet();
                    } catch (ProblemException x) {
                        assertThat(x.code()).isEqualTo("insufficient-funds");
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long expectedPaid = funds / each;
        assertThat(paid.get()).isEqualTo((int) expectedPaid);
        assertThat(refused.get()).isEqualTo(attempts - (int) expectedPaid);
        assertThat(bank()).isEqualTo(funds - expectedPaid * each).isNotNegative();
        assertThat(jdbc.sql("""
                select count(*) from (select posting_id from transparency_trust_entry group by posting_id having sum(amount_fen) <> 0) u""")
                .query(Integer.class).single()).as("postings that do not balance").isZero();
        assertThat(jdbc.sql("select coalesce(sum(amount_fen), 0) from transparency_trust_entry").query(Long.class).single())
                .as("the whole ledger balances").isZero();
    }
}
