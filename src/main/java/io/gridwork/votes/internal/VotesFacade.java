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

    @Override
    @Transactional
    public long startPlanPoll(long compoundId, String title, String body, GridworkUser runner) {
        long id = polls.create(new Polls.NewPoll(compoundId, null, Polls.Kind.POLL, title, body, Polls.VoterUnit.HOUSEHOLD,
                Polls.Results.AFTER_CLOSE, 1, List.of(new Polls.OptionIn("同意该方案", null), new Polls.OptionIn("不同意该方案", null))), runner).id();
        polls.open(id, runner);
        return id;
    }

    @Override
    @Transactional
    public long startPlanDecision(long compoundId, String title, String body, String matter, String itemText, GridworkUser runner) {
        Art278.Matter m;
        try {
            m = Art278.Matter.valueOf(matter == null ? "" : matter);
        } catch (IllegalArgumentException e) {
            throw io.gridwork.shared.web.ProblemException.badRequest("invalid-matter", "no such matter: " + matter, Map.of("field", "matter"));
        }
        long id = decisions.create(new Decisions.NewDecision(compoundId, title, body, List.of(new Decisions.ItemIn(m, itemText))), runner).id();
        decisions.open(id, runner);
        return id;
    }

    @Override
    public java.util.Optional<VoteState> voteState(VoteKind kind, long id) {
        if (kind == VoteKind.POLL) {
            return polls.find(id).map(p -> {
                Polls.Tally t = polls.tally(p);
                long agree = p.options().isEmpty() ? 0 : count(t, p.options().get(0).id());
                long oppose = p.options().size() < 2 ? 0 : count(t, p.options().get(1).id());
                VoteStatus status = VoteStatus.valueOf(p.status().name());
                return new VoteState(kind, id, p.title(), status, t.ballots(), t.census(), agree, oppose, true,
                        status == VoteStatus.CLOSED ? agree * 2 > t.ballots() : null);
            });
        }
        return decisions.find(id).map(d -> {
            Decisions.Outcome o = decisions.outcome(d);
            VoteStatus status = VoteStatus.valueOf(d.status().name());
            if (o.result() == null) {
                return new VoteState(kind, id, d.title(), status, 0, d.totalOwners() == null ? 0 : d.totalOwners(), 0, 0, false, null);
            }
            var first = o.result().items().isEmpty() ? null : o.result().items().get(0);
            boolean all = o.result().quorum() && o.result().items().stream().allMatch(Art278.ItemResult::passed);
            return new VoteState(kind, id, d.title(), status, o.ballots(), d.totalOwners() == null ? 0 : d.totalOwners(),
                    first == null ? 0 : first.agreeOwners().value(), first == null ? 0 : first.opposeOwners(), o.result().quorum(),
                    status == VoteStatus.CLOSED ? all : null);
        });
    }

    private static long count(Polls.Tally t, long optionId) {
        return t.rows().stream().filter(r -> r.optionId() == optionId).mapToLong(PollTally.Row::votes).sum();
    }
}
