package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.economy.internal.FundExpenses;
import io.gridwork.economy.internal.Funds;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * Approvals racing (on H2, and on PostgreSQL with -Dgridwork.test.db=postgres): all members of a committee approve
 * the same expenses at once, and the approvals that complete different expenses race for one fund that cannot pay
 * them all. No expense is paid twice, the fund never goes below zero, and every refusal is a clear one.
 */
@GridworkTest
class FundConcurrencyTests {

    @Autowired
    FundFixtures fixtures;
    @Autowired
    FundExpenses expenses;
    @Autowired
    Funds funds;
    @Autowired
    JdbcClient jdbc;

    interface Action {
        void run() throws Exception;
    }

    /** Runs the actions at once from a thread each; returns the refusals' codes and fails on anything else thrown. */
    static List<String> race(List<Action> actions) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(actions.size());
        CountDownLatch start = new CountDownLatch(1);
        var refusals = new ConcurrentLinkedQueue<String>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Action a : actions) {
                done.add(pool.submit(() -> {
                    start.await();
                    try {
                        a.run();
                    } catch (ProblemException e) {
                        refusals.add(e.code());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(refusals);
    }

    long payments(long expenseId) {
        return jdbc.sql("select count(*) from economy_fund_posting where expense_id = ? and kind = 'EXPENSE'").param(expenseId)
                .query(Long.class).single();
    }

    @Test
    void membersApprovingAtOnceNeverPayAnExpenseTwice() throws Exception {
        var p = fixtures.place(8, 2);
        fixtures.give(p, 100_000);
        List<FundExpenses.Expense> list = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            list.add(fixtures.propose(p, 10_000, p.staff()));
        }
        List<Action> actions = new ArrayList<>();
        for (FundExpenses.Expense e : list) {
            for (GridworkUser m : p.members()) {
                actions.add(() -> expenses.approve(e.id(), m));
            }
        }
        List<String> refusals = race(actions);
        for (FundExpenses.Expense e : list) {
            assertThat(payments(e.id())).as("payments of expense %d", e.id()).isEqualTo(1);
            var after = expenses.get(e.id(), p.staff());
            assertThat(after.status()).isEqualTo(FundExpenses.Status.PAID);
            assertThat(after.approvals()).as("approvals recorded before the payment").isEqualTo(2);
        }
        // the members who came after the payment were told so; nobody else was refused
        assertThat(refusals).hasSize(5 * 8 - 5 * 2).containsOnly("expense-paid");
        assertThat(fixtures.balance(p)).isEqualTo(50_000);
        fixtures.assertLedgerAgrees();
    }

    @Test
    void approvalsRacingForOneFundNeverOverdrawIt() throws Exception {
        var p = fixtures.place(3, 1);
        fixtures.give(p, 25_000);
        List<FundExpenses.Expense> list = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // each within the balance when proposed; together ¥1,200 against ¥250
            list.add(fixtures.propose(p, 10_000, p.staff()));
        }
        List<Action> actions = new ArrayList<>();
        for (FundExpenses.Expense e : list) {
            for (GridworkUser m : p.members()) {
                actions.add(() -> expenses.approve(e.id(), m));
            }
        }
        List<String> refusals = race(actions);
        long paid = list.stream().filter(e -> expenses.get(e.id(), p.staff()).status() == FundExpenses.Status.PAID).count();
        assertThat(paid).isEqualTo(2);
        assertThat(fixtures.balance(p)).isEqualTo(5_000);
        assertThat(refusals).containsOnly("fund-insufficient", "expense-paid");
        for (FundExpenses.Expense e : list) {
            assertThat(payments(e.id())).isLessThanOrEqualTo(1);
        }
        fixtures.assertLedgerAgrees();
    }
}
