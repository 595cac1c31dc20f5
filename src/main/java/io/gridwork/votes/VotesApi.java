package io.gridwork.votes;

import java.util.List;

import io.gridwork.shared.security.GridworkUser;

/**
 * What other modules (the demo seeder) may ask of the votes module. Every call checks the actor as the API does: grid
 * leaders and community staff run polls, grid staff enter paper ballots, community staff and the owners committee run
 * owners' decisions under Civil Code Art. 278.
 */
public interface VotesApi {

    /** True when no poll and no owners' decision exists yet. */
    boolean hasNoVotes();

    /**
     * A draft poll (or, {@code seats} not null, an election with that many seats) over a grid, optionally one building;
     * one vote per household or per resident, results live or after closing; its id.
     */
    long createPoll(long gridId, Long buildingId, String title, String body, boolean perHousehold, boolean live, int maxChoices,
            Integer seats, List<String> options, GridworkUser runner);

    /** Opens a draft poll, fixing its census; the census size. */
    int openPoll(long pollId, GridworkUser runner);

    void closePoll(long pollId, GridworkUser runner);

    /** A paper ballot for a household (and, per resident, one of its residents) choosing options by position (1, 2, …). */
    void paperBallot(long pollId, long householdId, Long personId, List<Integer> optionPositions, GridworkUser staff);

    /** The census voters (person ids, or household ids per household) of a poll's households, at most {@code limit}. */
    List<long[]> census(long pollId, int limit);

    /** Registers an owner of several units of a compound, or the developer's unsold units; the owner's id. */
    long registerOwner(long compoundId, String name, boolean developer, List<Long> householdIds, GridworkUser runner);

    /** A draft owners' decision with its items (matter name of {@code Art278.Matter}, text); its id. */
    long createDecision(long compoundId, String title, String body, List<String[]> items, GridworkUser runner);

    /** Opens a decision, freezing the register; the number of owners in it. */
    int openDecision(long decisionId, GridworkUser runner);

    void closeDecision(long decisionId, GridworkUser runner);

    /** A paper ballot of a unit: a choice (AGREE, OPPOSE, ABSTAIN) for each item in order. */
    void ownerBallot(long decisionId, long householdId, List<String> choices, GridworkUser runner);
}
