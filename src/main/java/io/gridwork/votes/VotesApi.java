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

    // ---- a vote held for another module (a renovation project's plan) -----------------------------------------

    enum VoteKind { POLL, DECISION }

    enum VoteStatus { DRAFT, OPEN, CLOSED }

    /**
     * Where a vote stands: its ballots against its electorate (households of the census, or owners of the register), the
     * agreeing and opposing ballots (a poll's first and second option; a decision's first item, counted in owners), the
     * quorum (always met for a poll) and, once closed, whether it passed: a poll when its first option is chosen on more
     * than half of the ballots cast; a decision when the quorum and every item's thresholds under Art. 278 are met.
     */
    record VoteState(VoteKind kind, long id, String title, VoteStatus status, int ballots, int electorate, long agree, long oppose,
            boolean quorum, Boolean passed) {
    }

    /**
     * A residents' poll on a plan over a compound, one vote per household, results after closing, options "agree" and
     * "disagree", opened at once; its id. The runner must run polls over the compound.
     */
    long startPlanPoll(long compoundId, String title, String body, GridworkUser runner);

    /**
     * An owners' decision under Art. 278 on a plan with one item of the matter given (a name of {@code Art278.Matter},
     * e.g. REBUILD or COMMON_PARTS_USE for plans touching common parts), opened at once; its id.
     */
    long startPlanDecision(long compoundId, String title, String body, String matter, String itemText, GridworkUser runner);

    /** The state of a vote for a page that shows it (its result only once closed); empty when there is no such vote. */
    java.util.Optional<VoteState> voteState(VoteKind kind, long id);
}
