package io.gridwork.votes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import io.gridwork.votes.internal.Polls;

/**
 * 2,000 ballots cast at once (paper ballots of 2,000 residents of 学府憬城, entered by four clerks on a pool of 16
 * threads) together with 400 second attempts of voters among them and a close racing the last ones: every voter is
 * counted exactly once, the repeats are refused with already-voted, nothing is counted after the close.
 */
@GridworkTest
class VotesConcurrencyTests {

    @Autowired Polls polls;
    @Autowired JdbcClient jdbc;
    @Autowired TestPeople people;

    @Test
    void twoThousandBallotsAtOnceAreAllCountedOnce() throws Exception {
        GridworkUser community = people.user("community");
        long jingcheng = jdbc.sql("select id from grid_node where name = '学府憬城' and level = 'COMPOUND'").query(Long.class).single();
        Polls.Poll p = polls.create(new Polls.NewPoll(jingcheng, null, Polls.Kind.POLL, "并发投票测试", null, Polls.VoterUnit.RESIDENT,
                Polls.Results.LIVE, 1, List.of(new Polls.OptionIn("甲", null), new Polls.OptionIn("乙", null))), community);
        p = polls.open(p.id(), community);
        assertThat(p.censusSize()).isGreaterThanOrEqualTo(2_000);
        long pollId = p.id();
        List<Long> options = p.options().stream().map(Polls.Option::id).toList();
        List<long[]> voters = jdbc.sql("select voter_id, household_id from vote_census where poll_id = ? order by voter_id limit 2000")
                .param(pollId).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        List<Runnable> work = new ArrayList<>();
        AtomicInteger accepted = new AtomicInteger();
        Map409 refused = new Map409();
        for (int i = 0; i < voters.size(); i++) {
            long[] v = voters.get(i);
            long option = options.get(i % 2);
            work.add(() -> {
                polls.cast(pollId, new Polls.BallotIn(v[1], v[0], List.of(option)), community);
                accepted.incrementAndGet();
            });
            if (i % 5 == 0) {
                work.add(() -> polls.cast(pollId, new Polls.BallotIn(v[1], v[0], List.of(options.get(0))),
                        community)); // a second attempt of the same voter, on any option
            }
        }
        Collections.shuffle(work, new java.util.Random(13));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        long start;
        List<Future<?>> futures = new ArrayList<>();
        for (Runnable r : work) {
            futures.add(pool.submit(() -> {
                go.await();
                try {
                    r.run();
                } catch (ProblemException e) {
                    refused.add(e.code());
                }
                return null;
            }));
        }
        start = System.nanoTime();
        go.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        pool.shutdown();
        System.out.printf("votes-bench concurrent-ballots: %d ballots + %d repeats in %d ms%n", voters.size(), work.size() - voters.size(), ms);

        // every voter once: a first attempt or its repeat won, the other was refused as already-voted
        long ballots = jdbc.sql("select count(*) from vote_ballot where poll_id = ?").param(pollId).query(Long.class).single();
        assertThat(ballots).isEqualTo(2_000);
        assertThat(jdbc.sql("select count(distinct voter_id) from vote_ballot where poll_id = ?").param(pollId).query(Long.class).single())
                .isEqualTo(2_000);
        assertThat(jdbc.sql("select ballots from vote_poll where id = ?").param(pollId).query(Long.class).single()).isEqualTo(2_000);
        assertThat(jdbc.sql("select count(*) from vote_choice c join vote_ballot b on b.id = c.ballot_id where b.poll_id = ?")
                .param(pollId).query(Long.class).single()).isEqualTo(2_000);
        assertThat(refused.counts()).containsOnlyKeys("already-voted");
        assertThat(refused.counts().get("already-voted")).isEqualTo(work.size() - 2_000);
        Polls.Tally tally = polls.tally(polls.close(pollId, community));
        assertThat(tally.ballots()).isEqualTo(2_000);
        assertThat(tally.rows().stream().mapToLong(r -> r.votes()).sum()).isEqualTo(2_000);

        // after the close nothing more is counted
        long[] next = jdbc.sql("select voter_id, household_id from vote_census c where poll_id = ? and not exists "
                + "(select 1 from vote_ballot b where b.poll_id = c.poll_id and b.voter_id = c.voter_id) order by voter_id limit 1")
                .param(pollId).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        try {
            polls.cast(pollId, new Polls.BallotIn(next[1], next[0], List.of(options.get(0))), community);
            throw new AssertionError("a ballot after the close was taken");
        } catch (ProblemException e) {
            assertThat(e.code()).isEqualTo("poll-not-open");
        }
        assertThat(jdbc.sql("select count(*) from vote_ballot where poll_id = ?").param(pollId).query(Long.class).single()).isEqualTo(2_000);
    }

    /** Refusal codes counted from many threads. */
    static final class Map409 {
        private final ConcurrentHashMap<String, AtomicInteger> map = new ConcurrentHashMap<>();

        void add(String code) {
            map.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
        }

        java.util.Map<String, Integer> counts() {
            java.util.Map<String, Integer> out = new java.util.HashMap<>();
            map.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }
    }
}
