package io.gridwork.votes;

/** What the votes module announces to others (published in the closing transaction, listened to synchronously). */
public final class VotesEvents {

    private VotesEvents() {
    }

    /** A poll or an owners' decision was closed by the account named; {@link VotesApi#voteState} tells its result. */
    public record VoteClosed(VotesApi.VoteKind kind, long voteId, long closedByAccountId) {
    }
}
