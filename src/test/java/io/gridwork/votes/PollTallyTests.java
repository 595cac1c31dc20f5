package io.gridwork.votes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gridwork.votes.internal.PollTally;
import io.gridwork.votes.internal.PollTally.Count;
import io.gridwork.votes.internal.PollTally.Standing;

/** Winners of an election by count with ties at the last seat shown, and the leading options of a poll. */
class PollTallyTests {

    @Test
    void theSeatsGoToTheMostVotesAndATieForTheLastSeatIsShown() {
        List<PollTally.Row> rows = PollTally.rank(List.of(new Count(1, "甲", null, 30), new Count(2, "乙", null, 50),
                new Count(3, "丙", null, 30), new Count(4, "丁", null, 10)), 2);
        assertThat(rows).extracting(PollTally.Row::label).containsExactly("乙", "甲", "丙", "丁");
        assertThat(rows).extracting(PollTally.Row::standing).containsExactly(Standing.ELECTED, Standing.TIED, Standing.TIED, Standing.NONE);
        assertThat(rows).extracting(PollTally.Row::rank).containsExactly(1, 2, 2, 4);

        List<PollTally.Row> clear = PollTally.rank(List.of(new Count(1, "甲", null, 30), new Count(2, "乙", null, 50),
                new Count(3, "丙", null, 29)), 2);
        assertThat(clear).extracting(PollTally.Row::standing).containsExactly(Standing.ELECTED, Standing.ELECTED, Standing.NONE);
    }

    @Test
    void aPollShowsEveryOptionSharingTheMostVotes() {
        List<PollTally.Row> rows = PollTally.rank(List.of(new Count(1, "A", null, 4), new Count(2, "B", null, 4),
                new Count(3, "C", null, 1)), null);
        assertThat(rows).extracting(PollTally.Row::standing).containsExactly(Standing.LEADING, Standing.LEADING, Standing.NONE);
        assertThat(PollTally.rank(List.of(new Count(1, "A", null, 0), new Count(2, "B", null, 0)), null))
                .extracting(PollTally.Row::standing).containsOnly(Standing.NONE);
    }
}
