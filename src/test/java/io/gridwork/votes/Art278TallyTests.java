package io.gridwork.votes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gridwork.votes.internal.Art278;
import io.gridwork.votes.internal.Art278.Matter;
import io.gridwork.votes.internal.Art278.Rule;

/** The exact arithmetic of Art. 278: thresholds met exactly, missed by the smallest amount, never rounded. */
class Art278TallyTests {

    private static Art278.Result tally(long totalArea, long totalOwners, long partArea, long partOwners, Matter matter, long agreeArea,
            long agreeOwners) {
        return Art278.tally(totalArea, totalOwners, partArea, partOwners,
                List.of(new Art278.ItemCount(1, matter, agreeArea, agreeOwners, 0, 0)));
    }

    @Test
    void twoThirdsExactlyMakesTheQuorumAndOneLessDoesNot() {
        // 300 owners, 30,000.00 m²: 200 owners with 20,000.00 m² is exactly two thirds of each
        Art278.Result exact = tally(3_000_000, 300, 2_000_000, 200, Matter.OTHER, 2_000_000, 200);
        assertThat(exact.partArea().met()).isTrue();
        assertThat(exact.partOwners().met()).isTrue();
        assertThat(exact.quorum()).isTrue();
        assertThat(exact.partOwners().least()).isEqualTo(200);
        // one owner short: the quorum fails although the area is there, and no item passes
        Art278.Result oneShort = tally(3_000_000, 300, 2_000_000, 199, Matter.OTHER, 2_000_000, 199);
        assertThat(oneShort.partOwners().met()).isFalse();
        assertThat(oneShort.partOwners().shortBy()).isEqualTo(1);
        assertThat(oneShort.quorum()).isFalse();
        assertThat(oneShort.items().get(0).passed()).isFalse();
        // 0.01 m² short of two thirds of the area
        assertThat(tally(3_000_000, 300, 1_999_999, 200, Matter.OTHER, 1_999_999, 200).quorum()).isFalse();
    }

    @Test
    void twoThirdsOfAnAreaThatDoesNotDivideIsComparedWithoutRounding() {
        // 100.00 m² in all: 66.67 m² is more than two thirds, 66.66 m² less (66.666… is never rounded either way)
        assertThat(Rule.AT_LEAST_TWO_THIRDS.met(6667, 10000)).isTrue();
        assertThat(Rule.AT_LEAST_TWO_THIRDS.met(6666, 10000)).isFalse();
        assertThat(Rule.AT_LEAST_TWO_THIRDS.least(10000)).isEqualTo(6667);
        // 7 owners: 5 is ≥ 2/3 (4.67), 4 is not
        assertThat(Rule.AT_LEAST_TWO_THIRDS.least(7)).isEqualTo(5);
    }

    @Test
    void exactlyHalfIsNotMoreThanHalf() {
        // 200 participating owners with 20,000.00 m²: 100 owners with 10,000.00 m² is half, not more than half
        Art278.Result half = tally(3_000_000, 300, 2_000_000, 200, Matter.USE_MAINTENANCE_FUND, 1_000_000, 100);
        assertThat(half.items().get(0).agreeArea().met()).isFalse();
        assertThat(half.items().get(0).agreeOwners().met()).isFalse();
        assertThat(half.items().get(0).passed()).isFalse();
        assertThat(half.items().get(0).agreeOwners().least()).isEqualTo(101);
        // one more owner and 0.01 m² more: passes
        Art278.Result more = tally(3_000_000, 300, 2_000_000, 200, Matter.USE_MAINTENANCE_FUND, 1_000_001, 101);
        assertThat(more.items().get(0).passed()).isTrue();
        // area more than half but owners exactly half: both are needed
        assertThat(tally(3_000_000, 300, 2_000_000, 200, Matter.ELECT_COMMITTEE, 1_500_000, 100).items().get(0).passed()).isFalse();
    }

    @Test
    void threeQuartersExactlyPassesASpecialMatterAndOneLessDoesNot() {
        // 200 participating owners with 20,000.00 m²: 150 owners with 15,000.00 m² is exactly three quarters
        Art278.Result exact = tally(3_000_000, 300, 2_000_000, 200, Matter.RAISE_MAINTENANCE_FUND, 1_500_000, 150);
        assertThat(exact.items().get(0).passed()).isTrue();
        assertThat(exact.items().get(0).agreeArea().rule()).isEqualTo(Rule.AT_LEAST_THREE_QUARTERS);
        assertThat(tally(3_000_000, 300, 2_000_000, 200, Matter.REBUILD, 1_500_000, 149).items().get(0).passed()).isFalse();
        assertThat(tally(3_000_000, 300, 2_000_000, 200, Matter.COMMON_PARTS_USE, 1_499_999, 150).items().get(0).passed()).isFalse();
        // what passes an ordinary matter (more than half) is not enough for a special one
        assertThat(tally(3_000_000, 300, 2_000_000, 200, Matter.RAISE_MAINTENANCE_FUND, 1_400_000, 140).items().get(0).passed()).isFalse();
        assertThat(tally(3_000_000, 300, 2_000_000, 200, Matter.USE_MAINTENANCE_FUND, 1_400_000, 140).items().get(0).passed()).isTrue();
    }

    @Test
    void theMattersOfArticle278CarryTheirThresholds() {
        assertThat(Matter.RAISE_MAINTENANCE_FUND.rule()).isEqualTo(Rule.AT_LEAST_THREE_QUARTERS);
        assertThat(Matter.REBUILD.rule()).isEqualTo(Rule.AT_LEAST_THREE_QUARTERS);
        assertThat(Matter.COMMON_PARTS_USE.rule()).isEqualTo(Rule.AT_LEAST_THREE_QUARTERS);
        // using (not raising) maintenance funds is an ordinary matter since the Civil Code
        assertThat(Matter.USE_MAINTENANCE_FUND.rule()).isEqualTo(Rule.MORE_THAN_HALF);
        assertThat(Matter.PROPERTY_MANAGER.rule()).isEqualTo(Rule.MORE_THAN_HALF);
        assertThat(Matter.OWNERS_CODE.rule()).isEqualTo(Rule.MORE_THAN_HALF);
    }

    @Test
    void nobodyTakingPartMeetsNothing() {
        Art278.Result none = tally(3_000_000, 300, 0, 0, Matter.RAISE_MAINTENANCE_FUND, 0, 0);
        assertThat(none.quorum()).isFalse();
        assertThat(none.items().get(0).agreeArea().met()).isFalse();
        assertThat(none.items().get(0).passed()).isFalse();
    }
}
