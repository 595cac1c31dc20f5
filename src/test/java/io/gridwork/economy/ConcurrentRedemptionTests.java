package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.economy.internal.Ledger;
import io.gridwork.economy.internal.Payments;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * 1,000 concurrent redemptions against a balance that covers 50 of them (on H2, and on PostgreSQL with
 * -Dgridwork.test.db=postgres): 600 payment requests of 3 points each, each confirmed once, and 400 more
 * confirmations racing them — half the same request with the same client key (a client's retry), half with another
 * key (a replayed QR code). Exactly 50 postings, no posting lost or made twice, the balance never below zero, and
 * the kept balances equal to the entries.
 */
@GridworkTest
class ConcurrentRedemptionTests {

    static final int REQUESTS = 600;
    static final int CONFIRMATIONS = 1_000;
    static final int THREADS = 32;
    static final long BALANCE = 150;

    @Autowired
    EconomyFixtures fixtures;
    @Autowired
    Payments payments;
    @Autowired
    JdbcClient jdbc;

    record Outcome(int request, String key, Ledger.Posting posting, String refusal, Throwable failure) {
    }

    @Test
    void aThousandConcurrentRedemptionsNeitherLoseNorDoubleAPostingNorOverdraw() throws Exception {
        GridworkUser merchant = fixtures.verifiedMerchant();
        GridworkUser resident = fixtures.residentWith(BALANCE);
        long merchantBefore = fixtures.merchantBalance(merchant);
        List<Payments.Payment> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(payments.request(new Payments.NewPayment(3000L + i % 7), merchant));
        }
        assertThat(requests).allSatisfy(p -> assertThat(p.points()).isEqualTo(3));

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < CONFIRMATIONS; t++) {
            int i = t < REQUESTS ? t : (t - REQUESTS) * REQUESTS / (CONFIRMATIONS - REQUESTS);
            String key = t < REQUESTS || t % 2 == 0 ? "pay-" + i : "other-" + t;
            String token = requests.get(i).token();
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    outcomes.add(new Outcome(i, key, payments.confirm(token, key, resident), null, null));
                } catch (ProblemException e) {
                    outcomes.add(new Outcome(i, key, null, e.code(), null));
                } catch (Throwable e) {
                    outcomes.add(new Outcome(i, key, null, null, e));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(outcomes).hasSize(CONFIRMATIONS);
        assertThat(outcomes).filteredOn(o -> o.failure() != null).as("unexpected failures").isEmpty();
        assertThat(outcomes).filteredOn(o -> o.refusal() != null).extracting(Outcome::refusal)
                .as("refusals are a balance too small or a request used already")
                .allMatch(code -> code.equals("insufficient-points") || code.equals("payment-used"));

        // exactly as many postings as the balance covers, each for one request, once
        List<Ledger.Posting> made = outcomes.stream().filter(o -> o.posting() != null && !o.posting().replayed())
                .map(Outcome::posting).toList();
        assertThat(made).hasSize((int) (BALANCE / 3));
        Set<Long> paidRequests = new HashSet<>();
        made.forEach(p -> assertThat(paidRequests.add(p.sourceId())).as("request %s paid twice", p.sourceId()).isTrue());
        Map<Long, Long> postingOfRequest = new HashMap<>();
        made.forEach(p -> postingOfRequest.put(p.sourceId(), p.id()));
        // every confirmation that got a posting got its request's one posting, and only under the key that made it
        outcomes.stream().filter(o -> o.posting() != null).forEach(o -> {
            long request = requests.get(o.request()).id();
            assertThat(o.posting().id()).isEqualTo(postingOfRequest.get(request));
            assertThat(o.posting().sourceId()).isEqualTo(request);
        });
        Map<Long, Set<String>> keysOfRequest = new HashMap<>();
        outcomes.stream().filter(o -> o.posting() != null).forEach(o -> keysOfRequest
                .computeIfAbsent(requests.get(o.request()).id(), k -> new HashSet<>()).add(o.key()));
        assertThat(keysOfRequest.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));

        assertThat(fixtures.balance(resident)).isZero();
        assertThat(fixtures.merchantBalance(merchant) - merchantBefore).isEqualTo(BALANCE);
        long shop = fixtures.shopOf(merchant);
        // each paid request has exactly one redemption, its own; the others none
        assertThat(jdbc.sql("""
                select count(*) from economy_payment p join economy_posting x on x.source_key = 'redeem:PAYMENT:' || p.id
                 where p.merchant_id = ? and x.source_kind = 'PAYMENT' and x.source_id = p.id and x.kind = 'REDEEM'""")
                .param(shop).query(Long.class).single()).isEqualTo(BALANCE / 3);
        assertThat(jdbc.sql("""
                select count(*) from economy_posting x join economy_payment p on p.id = x.source_id
                 where x.source_kind = 'PAYMENT' and p.merchant_id = ?""").param(shop).query(Long.class).single())
                .isEqualTo(BALANCE / 3);
        assertThat(requests.stream().map(p -> payments.find(p.id()).orElseThrow().status()))
                .filteredOn(s -> s == Payments.Status.PAID).hasSize((int) (BALANCE / 3));
        assertThat(requests.stream().map(p -> payments.find(p.id()).orElseThrow().status()))
                .filteredOn(s -> s == Payments.Status.OPEN).hasSize((int) (REQUESTS - BALANCE / 3));
        fixtures.assertLedgerAgrees();
    }

    @Test
    void concurrentCreditsOfOneRecordPostOnce() throws Exception {
        GridworkUser resident = fixtures.residentWith(0);
        // 64 concurrent credits of one verified record: 32 with the same key, 32 with keys of their own
        ExecutorService pool = Executors.newFixedThreadPool(16);
        long record = recordFor(resident);
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Integer> codes = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Ledger.Posting> posted = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            String key = t % 2 == 0 ? "same-key-" + record : "key-" + t + "-" + record;
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    posted.add(volunteering.credit(record, key, fixtures.staff()));
                } catch (ProblemException e) {
                    codes.merge(e.code(), 1, Integer::sum);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(posted.stream().map(Ledger.Posting::id).distinct()).hasSize(1);
        assertThat(posted.stream().filter(p -> !p.replayed())).hasSize(1);
        assertThat(codes.keySet()).containsOnly("already-credited");
        assertThat(posted.size() + codes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(64);
        assertThat(fixtures.balance(resident)).isEqualTo(7);
        fixtures.assertLedgerAgrees();
    }

    @Autowired
    io.gridwork.economy.internal.Volunteering volunteering;
    @Autowired
    io.gridwork.economy.internal.Rules rulesService;

    private long recordFor(GridworkUser resident) {
        long rule = rulesService.publish(fixtures.xuefu(), new io.gridwork.economy.internal.Rules.NewEarnRule("并发测试",
                io.gridwork.economy.internal.Rules.Unit.TASK, 7), fixtures.staff()).id();
        long record = volunteering.record(fixtures.xuefu(), new io.gridwork.economy.internal.Volunteering.NewRecord(
                resident.personId(), rule, null, null, 1, null), fixtures.staff()).id();
        volunteering.verify(record, fixtures.staff());
        return record;
    }
}
