package io.gridwork.votes.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.votes.VotesApi;

@Component
class VotesFacade implements VotesApi {

    private final Polls polls;
    private final Decisions decisions;
    private final JdbcClient jdbc;

    VotesFacade(Polls polls, Decisions decisions, JdbcClient jdbc) {
        this.polls = polls;
        this.decisions = decisions;
        this.jdbc = jdbc;
    }

    @Override
    public boolean hasNoVotes() {
        return polls.none() && decisions.none();
    }

    @Override
    @Transactional
    public long createPoll(long gridId, Long buildingId, String title, String body, boolean perHousehold, boolean live, int maxChoices,
            Integer seats, List<String> options, GridworkUser runner) {
        return polls.create(new Polls.NewPoll(gridId, buildingId, seats == null ? Polls.Kind.POLL : Polls.Kind.ELECTION, title, body,
                perHousehold ? Polls.VoterUnit.HOUSEHOLD : Polls.VoterUnit.RESIDENT, live ? Polls.Results.LIVE : Polls.Results.AFTER_CLOSE,
                seats == null ? maxChoices : seats, options.stream().map(o -> new Polls.OptionIn(o, null)).toList()), runner).id();
    }

    @Override
    @Transactional
    public int openPoll(long pollId, GridworkUser runner) {
        return polls.open(pollId, runner).censusSize();
    }

    @Override
    @Transactional
    public void closePoll(long pollId, GridworkUser runner) {
        polls.close(pollId, runner);
    }

    @Override
    @Transactional
    public void paperBallot(long pollId, long householdId, Long personId, List<Integer> optionPositions, GridworkUser staff) {
        Polls.Poll p = polls.get(pollId, staff);
        List<Long> ids = optionPositions.stream().map(pos -> p.options().get(pos - 1).id()).toList();
        polls.cast(pollId, new Polls.BallotIn(householdId, personId, ids), staff);
    }

    @Override
    public List<long[]> census(long pollId, int limit) {
        return jdbc.sql("select voter_id, household_id from vote_census where poll_id = ? order by household_id, voter_id limit " + limit)
                .param(pollId).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
    }

    @Override
    @Transactional
    public long registerOwner(long compoundId, String name, boolean developer, List<Long> householdIds, GridworkUser runner) {
        return decisions.addOwner(compoundId, new Decisions.NewOwner(name, developer, householdIds), runner).id();
    }

    @Override
    @Transactional
    public long createDecision(long compoundId, String title, String body, List<String[]> items, GridworkUser runner) {
        return decisions.create(new Decisions.NewDecision(compoundId, title, body, items.stream()
                .map(i -> new Decisions.ItemIn(Art278.Matter.valueOf(i[0]), i[1])).toList()), runner).id();
    }

    @Override
    @Transactional
    public int openDecision(long decisionId, GridworkUser runner) {
        return decisions.open(decisionId, runner).totalOwners();
    }

    @Override
    @Transactional
    public void closeDecision(long decisionId, GridworkUser runner) {
        decisions.close(decisionId, runner);
    }

    @Override
    @Transactional
    public void ownerBallot(long decisionId, long householdId, List<String> choices, GridworkUser runner) {
        Decisions.Decision d = decisions.get(decisionId, runner);
        Map<Long, Decisions.Choice> map = new HashMap<>();
        for (int i = 0; i < d.items().size(); i++) {
            map.put(d.items().get(i).id(), Decisions.Choice.valueOf(choices.get(i)));
        }
        decisions.cast(decisionId, new Decisions.BallotIn(householdId, map), runner);
    }
}
