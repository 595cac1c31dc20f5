package io.gridwork.votes;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import io.gridwork.votes.internal.Art278;
import io.gridwork.votes.internal.Decisions;

/**
 * The Art. 278 tally of a compound of 1,800 households (半边街新居's size): the register generated here (areas from
 * 58.20 to 143.75 m², the developer's 20 unsold flats, five buyers of three flats each), 1,300 owners' ballots on three
 * items, then the close and the tally (area and headcount) timed: under a second. Also run by {@code bench/votes.sh},
 * which collects the "votes-bench" lines for docs/benchmarks.md.
 */
@GridworkTest
class VotesBenchmarkTests {

    @Autowired Decisions decisions;
    @Autowired VotesFixtures fixtures;
    @Autowired TestPeople people;

    @Test
    void closingAndTallyingEighteenHundredHouseholdsTakesUnderASecond() {
        GridworkUser community = people.user("community");
        List<BigDecimal> areas = new ArrayList<>();
        for (int i = 0; i < 1_800; i++) {
            areas.add(BigDecimal.valueOf(5_820 + (i * 7919L) % 8_556, 2));
        }
        VotesFixtures.Compound c = fixtures.compound(areas);
        List<Long> units = c.units();
        decisions.addOwner(c.id(), new Decisions.NewOwner("开发商", true, units.subList(1_780, 1_800)), community);
        Set<Long> skip = new HashSet<>(units.subList(1_781, 1_800));
        for (int b = 0; b < 5; b++) {
            List<Long> three = units.subList(100 * b, 100 * b + 3);
            decisions.addOwner(c.id(), new Decisions.NewOwner("多套业主" + b, false, three), community);
            skip.addAll(three.subList(1, 3));
        }
        long d = decisions.create(new Decisions.NewDecision(c.id(), "基准测试", null, List.of(
                new Decisions.ItemIn(Art278.Matter.USE_MAINTENANCE_FUND, "使用维修资金"),
                new Decisions.ItemIn(Art278.Matter.RAISE_MAINTENANCE_FUND, "续筹维修资金"),
                new Decisions.ItemIn(Art278.Matter.PROPERTY_MANAGER, "续聘物业"))), community).id();
        long t0 = System.nanoTime();
        Decisions.Decision open = decisions.open(d, community);
        long openMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(open.units()).isEqualTo(1_800);
        assertThat(open.totalOwners()).isEqualTo(1_800 - 19 - 10);
        List<Decisions.Item> items = open.items();
        int cast = 0;
        for (int i = 0; i < units.size() && cast < 1_300; i++) {
            if (skip.contains(units.get(i))) {
                continue;
            }
            Map<Long, Decisions.Choice> choices = new HashMap<>();
            choices.put(items.get(0).id(), i % 5 == 0 ? Decisions.Choice.OPPOSE : Decisions.Choice.AGREE);
            choices.put(items.get(1).id(), i % 3 == 0 ? Decisions.Choice.OPPOSE : Decisions.Choice.AGREE);
            choices.put(items.get(2).id(), i % 7 == 0 ? Decisions.Choice.ABSTAIN : Decisions.Choice.AGREE);
            decisions.cast(d, new Decisions.BallotIn(units.get(i), choices), community);
            cast++;
        }
        long t1 = System.nanoTime();
        Decisions.Outcome outcome = decisions.outcome(decisions.close(d, community));
        long closeMs = (System.nanoTime() - t1) / 1_000_000;
        assertThat(outcome.ballots()).isEqualTo(1_300);
        assertThat(outcome.result().quorum()).isTrue();

        long[] runs = new long[9];
        for (int r = 0; r < runs.length; r++) {
            long s = System.nanoTime();
            Decisions.Outcome again = decisions.outcome(decisions.get(d, community));
            runs[r] = (System.nanoTime() - s) / 1_000;
            assertThat(again.result()).isEqualTo(outcome.result());
        }
        Arrays.sort(runs);
        long medianUs = runs[runs.length / 2];
        System.out.printf("votes-bench art278: 1800 units, %d owners, 1300 ballots, 3 items; open (register frozen) %d ms; "
                + "close + tally %d ms; tally median of 9 %.1f ms (min %.1f, max %.1f)%n", open.totalOwners(), openMs, closeMs,
                medianUs / 1000.0, runs[0] / 1000.0, runs[runs.length - 1] / 1000.0);
        assertThat(closeMs).isLessThan(1_000);
        assertThat(medianUs).isLessThan(1_000_000);
    }
}
