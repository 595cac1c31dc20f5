package io.gridwork.votes.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Counts of a poll or an election in order. In an election the {@code seats} candidates with most votes win; when the
 * last seat's count is shared by candidates beyond the seats, those are shown as tied (and no one of them is declared
 * elected): a run-off or the rules of the election decide. In a poll the option(s) with the most votes lead, all
 * of them when tied.
 */
public final class PollTally {

    private PollTally() {
    }

    public enum Standing { ELECTED, TIED, LEADING, NONE }

    public record Count(long optionId, String label, String note, long votes) {
    }

    public record Row(long optionId, String label, String note, long votes, int rank, Standing standing) {
    }

    /** Rows by votes (most first, then in the options' order); {@code seats} null for a poll. */
    public static List<Row> rank(List<Count> counts, Integer seats) {
        List<Count> sorted = new ArrayList<>(counts);
        sorted.sort(Comparator.comparingLong(Count::votes).reversed()); // stable: equal counts keep the options' order
        List<Row> rows = new ArrayList<>();
        long top = sorted.isEmpty() ? 0 : sorted.get(0).votes();
        long cutoff = -1;
        boolean tieAtCutoff = false;
        if (seats != null && !sorted.isEmpty()) {
            if (sorted.size() <= seats) {
                cutoff = 1; // every candidate with a vote is elected
            } else {
                cutoff = sorted.get(seats - 1).votes();
                tieAtCutoff = sorted.get(seats).votes() == cutoff;
            }
        }
        int rank = 0;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < sorted.size(); i++) {
            Count c = sorted.get(i);
            if (c.votes() != previous) {
                rank = i + 1;
                previous = c.votes();
            }
            Standing s;
            if (seats == null) {
                s = top > 0 && c.votes() == top ? Standing.LEADING : Standing.NONE;
            } else if (c.votes() <= 0) {
                s = Standing.NONE;
            } else if (sorted.size() <= seats) {
                s = Standing.ELECTED;
            } else if (c.votes() > cutoff || c.votes() == cutoff && !tieAtCutoff) {
                s = Standing.ELECTED;
            } else if (c.votes() == cutoff) {
                s = Standing.TIED;
            } else {
                s = Standing.NONE;
            }
            rows.add(new Row(c.optionId(), c.label(), c.note(), c.votes(), rank, s));
        }
        return rows;
    }
}
