package io.gridwork.economy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridNode;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonView;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Recognition (优秀志愿者, 最美网格员): the community's staff open a round for a period; its residents nominate
 * volunteers (residents of the community) or grid workers (staff assigned within it) with a reason until the
 * nominations end, then each resident votes once until the voting ends (the unique key of the vote makes it
 * idempotent under concurrency: the same choice again is the same vote, another one is refused); the staff then
 * publish the result with the counts, and the winners show on the community's page.
 */
@Service
public class Recognition {

    public enum Award { VOLUNTEER, GRID_WORKER }

    public enum Phase { NOMINATING, VOTING, COUNTING, PUBLISHED }

    public record NewRound(Award award, String title, String period, Instant nominationsEnd, Instant votingEnd, Integer winners) {
    }

    public record Round(long id, long communityId, Award award, String title, String period, Instant nominationsEnd,
            Instant votingEnd, int winners, String createdByName, Instant createdAt, String publishedByName, Instant publishedAt) {

        public Phase phase(Instant now) {
            if (publishedAt != null) {
                return Phase.PUBLISHED;
            }
            if (now.isBefore(nominationsEnd)) {
                return Phase.NOMINATING;
            }
            return now.isBefore(votingEnd) ? Phase.VOTING : Phase.COUNTING;
        }
    }

    /** A nominee with the reasons given; {@code votes} only once counted (voting over), else null; {@code winner} when published. */
    public record Nominee(long id, long personId, String name, List<String> reasons, Long votes, boolean winner) {
    }

    /** A round as its viewer sees it: the nominees, the viewer's own vote (residents) and the phase now. */
    public record RoundView(Round round, Phase phase, List<Nominee> nominees, Long myVoteNomineeId, long voters) {
    }

    /** Someone a resident may nominate in a round. */
    public record Candidate(long personId, String name, String note) {
    }

    private final JdbcClient jdbc;
    private final Communities communities;
    private final PeopleApi people;
    private final Activities activities;
    private final Atomically atomically;

    Recognition(JdbcClient jdbc, Communities communities, PeopleApi people, Activities activities, Atomically atomically) {
        this.jdbc = jdbc;
        this.communities = communities;
        this.people = people;
        this.activities = activities;
        this.atomically = atomically;
    }

    @Transactional
    public Round open(long communityId, NewRound in, GridworkUser user) {
        GridNode community = communities.forStaff(communityId, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the round as JSON");
        }
        Award award = Checks.require(in.award(), "award");
        String title = Checks.text(in.title(), "title", 100, true);
        String period = Checks.text(in.period(), "period", 50, true);
        Instant nominationsEnd = Checks.require(in.nominationsEnd(), "nominationsEnd");
        Instant votingEnd = Checks.require(in.votingEnd(), "votingEnd");
        Instant now = Instant.now();
        if (!nominationsEnd.isAfter(now) || !votingEnd.isAfter(nominationsEnd)
                || Duration.between(now, votingEnd).toDays() > 366) {
            throw ProblemException.badRequest("invalid-window",
                    "nominations end in the future, voting ends after them, within a year", Map.of("field", "votingEnd"));
        }
        int winners = in.winners() == null ? 3 : in.winners();
        if (winners < 1 || winners > 20) {
            throw ProblemException.badRequest("invalid-winners", "1 to 20 winners", Map.of("field", "winners"));
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into economy_recognition_round (community_id, award, title, period, nominations_end, voting_end, winners,
                    created_by_id, created_by_name, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(community.id(), award.name(), title, period, Checks.timestamp(nominationsEnd), Checks.timestamp(votingEnd),
                        winners, user.accountId(), user.displayName(), Checks.timestamp(now))
                .update(keys, "id");
        return find(keys.getKey().longValue()).orElseThrow();
    }

    /** The rounds of a community, newest first: for its staff, and for its residents. */
    public List<Round> rounds(long communityId, GridworkUser user) {
        GridNode community = communities.community(communityId);
        if (!user.covers(community.path()) && !livesIn(user, community.id())) {
            throw ProblemException.outOfReach("community", communityId);
        }
        return jdbc.sql(SELECT + " where community_id = ? order by id desc limit 50").param(communityId).query(Recognition::round)
                .list();
    }

    /** The rounds of the resident's community, newest first (none without a household). */
    public List<Round> roundsOfMine(GridworkUser user) {
        return home(user).map(c -> jdbc.sql(SELECT + " where community_id = ? order by id desc limit 50").param(c.id())
                .query(Recognition::round).list()).orElse(List.of());
    }

    public Optional<GridNode> home(GridworkUser user) {
        return user.personId() == null ? Optional.empty() : communities.ofPerson(user.personId());
    }

    private boolean livesIn(GridworkUser user, long communityId) {
        return home(user).map(c -> c.id() == communityId).orElse(false);
    }

    /** The round, for the community's staff or its residents (404 for anyone else, as if it did not exist). */
    public Round forViewer(long id, GridworkUser user) {
        Round r = find(id).orElseThrow(() -> ProblemException.notFound("recognition round", id));
        if (!communities.covers(r.communityId(), user) && !livesIn(user, r.communityId())) {
            throw ProblemException.outOfReach("recognition round", id);
        }
        return r;
    }

    public RoundView view(long id, GridworkUser user) {
        Round r = forViewer(id, user);
        Instant now = Instant.now();
        Phase phase = r.phase(now);
        boolean counted = phase == Phase.PUBLISHED || (phase == Phase.COUNTING && communities.covers(r.communityId(), user));
        Map<Long, List<String>> reasons = new java.util.HashMap<>();
        jdbc.sql("""
                select n.nominee_id, n.reason from economy_recognition_nomination n
                  join economy_recognition_nominee e on e.id = n.nominee_id where e.round_id = ? order by n.id""").param(id)
                .query((rs, i) -> Map.entry(rs.getLong("nominee_id"), rs.getString("reason"))).list()
                .forEach(e -> reasons.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        List<Nominee> nominees = jdbc.sql("""
                select e.id, e.person_id, e.person_name, (select count(*) from economy_recognition_vote v where v.nominee_id = e.id) as votes
                  from economy_recognition_nominee e where e.round_id = ?
                 order by votes desc, e.id""").param(id)
                .query((rs, i) -> new Nominee(rs.getLong("id"), rs.getLong("person_id"), rs.getString("person_name"),
                        reasons.getOrDefault(rs.getLong("id"), List.of()), counted ? rs.getLong("votes") : null, false))
                .list();
        if (!counted) {
            nominees = nominees.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
        } else if (phase == Phase.PUBLISHED) {
            Set<Long> won = winners(nominees, r.winners());
            nominees = nominees.stream().map(n -> new Nominee(n.id(), n.personId(), n.name(), n.reasons(), n.votes(),
                    won.contains(n.id()))).toList();
        }
        Long mine = user.personId() == null ? null : jdbc.sql("""
                select nominee_id from economy_recognition_vote where round_id = ? and voter_id = ?""")
                .params(id, user.personId()).query(Long.class).optional().orElse(null);
        long voters = jdbc.sql("select count(*) from economy_recognition_vote where round_id = ?").param(id).query(Long.class)
                .single();
        return new RoundView(r, phase, nominees, mine, voters);
    }

    /** The first {@code places} by votes (with at least one vote), those tied with the last place included. */
    static Set<Long> winners(List<Nominee> byVotes, int places) {
        Set<Long> out = new HashSet<>();
        long cutoff = -1;
        for (Nominee n : byVotes) {
            long v = n.votes() == null ? 0 : n.votes();
            if (v < 1 || (out.size() >= places && v < cutoff)) {
                break;
            }
            out.add(n.id());
            cutoff = v;
        }
        return out;
    }

    /** Those the resident may nominate: the community's volunteers with verified turns, or its grid staff. */
    public List<Candidate> candidates(long roundId, GridworkUser user) {
        Round r = forViewer(roundId, user);
        if (r.award() == Award.GRID_WORKER) {
            GridNode community = communities.community(r.communityId());
            List<Candidate> out = new ArrayList<>();
            for (long personId : people.staffPersonsUnder(community.path())) {
                people.person(personId).ifPresent(p -> out.add(new Candidate(p.id(), p.name(), null)));
                if (out.size() >= 200) {
                    break;
                }
            }
            return out;
        }
        return activities.volunteers(r.communityId()).stream()
                .map(v -> new Candidate(v.personId(), v.name(), String.valueOf(v.turns()))).toList();
    }

    /**
     * A resident of the community nominates a volunteer living there or a grid worker assigned there, with a reason,
     * while the nominations are open. 409 {@code already-nominated} for the same nominee twice.
     */
    public Nominee nominate(long roundId, Long personId, String reason, GridworkUser user) {
        Round r = forResident(roundId, user);
        if (r.phase(Instant.now()) != Phase.NOMINATING) {
            throw ProblemException.conflict("nominations-closed", "nominations of this round are closed");
        }
        long pid = Checks.require(personId, "personId");
        String why = Checks.text(reason, "reason", 300, true);
        GridNode community = communities.community(r.communityId());
        PersonView nominee = people.person(pid).orElseThrow(() -> ProblemException.badRequest("nominee-not-in-community",
                "person " + pid + " is not of " + community.name(), Map.of("field", "personId")));
        boolean ofCommunity = r.award() == Award.GRID_WORKER
                ? people.staffPersonsUnder(community.path()).contains(pid)
                : communities.ofPerson(pid).map(GridNode::id).filter(c -> c == community.id()).isPresent();
        if (!ofCommunity) {
            throw ProblemException.badRequest("nominee-not-in-community", nominee.name() + " is not "
                    + (r.award() == Award.GRID_WORKER ? "a grid worker" : "a resident") + " of " + community.name(),
                    Map.of("field", "personId"));
        }
        long nomineeId = atomically.run(() -> {
            jdbc.sql("""
                    insert into economy_recognition_nominee (round_id, person_id, person_name, created_at) values (?, ?, ?, ?)
                    on conflict do nothing""").params(r.id(), pid, nominee.name(), Checks.timestamp(Instant.now())).update();
            long id = jdbc.sql("select id from economy_recognition_nominee where round_id = ? and person_id = ?")
                    .params(r.id(), pid).query(Long.class).optional().orElseThrow(
                            () -> new org.springframework.dao.ConcurrencyFailureException("nominee not visible yet"));
            int added = jdbc.sql("""
                    insert into economy_recognition_nomination (nominee_id, nominator_id, reason, created_at) values (?, ?, ?, ?)
                    on conflict do nothing""").params(id, user.personId(), why, Checks.timestamp(Instant.now())).update();
            if (added == 0) {
                throw ProblemException.conflict("already-nominated", "you have nominated " + nominee.name() + " already");
            }
            return id;
        });
        return new Nominee(nomineeId, pid, nominee.name(), List.of(why), null, false);
    }

    /**
     * The resident's vote for a nominee while voting is open: once per round. The same nominee again answers with the
     * same vote ({@code replayed}); another one is refused with 409 {@code already-voted}.
     */
    public Vote vote(long roundId, Long nomineeId, GridworkUser user) {
        Round r = forResident(roundId, user);
        if (r.phase(Instant.now()) != Phase.VOTING) {
            throw ProblemException.conflict("voting-closed", "votes are taken between the end of the nominations and the end of voting");
        }
        long nid = Checks.require(nomineeId, "nomineeId");
        if (jdbc.sql("select count(*) from economy_recognition_nominee where id = ? and round_id = ?").params(nid, r.id())
                .query(Long.class).single() == 0) {
            throw ProblemException.badRequest("unknown-nominee", "nominee " + nid + " is not of this round",
                    Map.of("field", "nomineeId"));
        }
        return atomically.run(() -> {
            int added = jdbc.sql("""
                    insert into economy_recognition_vote (round_id, nominee_id, voter_id, created_at) values (?, ?, ?, ?)
                    on conflict do nothing""").params(r.id(), nid, user.personId(), Checks.timestamp(Instant.now())).update();
            long chosen = jdbc.sql("select nominee_id from economy_recognition_vote where round_id = ? and voter_id = ?")
                    .params(r.id(), user.personId()).query(Long.class).optional().orElseThrow(
                            () -> new org.springframework.dao.ConcurrencyFailureException("vote not visible yet"));
            if (chosen != nid) {
                throw ProblemException.conflict("already-voted", "you have voted in this round already");
            }
            return new Vote(r.id(), nid, added == 0);
        });
    }

    public record Vote(long roundId, long nomineeId, boolean replayed) {
    }

    private Round forResident(long roundId, GridworkUser user) {
        if (user.personId() == null) {
            throw ProblemException.conflict("no-person", "a resident confirmed in a household takes part");
        }
        Round r = find(roundId).orElseThrow(() -> ProblemException.notFound("recognition round", roundId));
        if (!livesIn(user, r.communityId())) {
            throw ProblemException.outOfReach("recognition round", roundId);
        }
        return r;
    }

    /** Publishes the result once voting has ended. 409 {@code voting-open} before, {@code already-published} after. */
    @Transactional
    public RoundView publish(long roundId, GridworkUser user) {
        Round r = forViewer(roundId, user);
        communities.forStaff(r.communityId(), user);
        Phase phase = r.phase(Instant.now());
        if (phase == Phase.PUBLISHED) {
            throw ProblemException.conflict("already-published", "the result was published already");
        }
        if (phase != Phase.COUNTING) {
            throw ProblemException.conflict("voting-open", "the result is published after voting ends");
        }
        int changed = jdbc.sql("""
                update economy_recognition_round set published_at = ?, published_by_name = ? where id = ? and published_at is null""")
                .params(Checks.timestamp(Instant.now()), user.displayName(), roundId).update();
        if (changed == 0) {
            throw ProblemException.conflict("already-published", "the result was published already");
        }
        return view(roundId, user);
    }

    /** The published winners of a community's rounds, newest round first, for its page. */
    public List<Honour> honours(long communityId) {
        List<Honour> out = new ArrayList<>();
        for (Round r : jdbc.sql(SELECT + " where community_id = ? and published_at is not null order by published_at desc limit 10")
                .param(communityId).query(Recognition::round).list()) {
            List<Nominee> ranked = jdbc.sql("""
                    select e.id, e.person_id, e.person_name,
                           (select count(*) from economy_recognition_vote v where v.nominee_id = e.id) as votes
                      from economy_recognition_nominee e where e.round_id = ? order by votes desc, e.id""").param(r.id())
                    .query((rs, i) -> new Nominee(rs.getLong("id"), rs.getLong("person_id"), rs.getString("person_name"), List.of(),
                            rs.getLong("votes"), false)).list();
            Set<Long> won = winners(ranked, r.winners());
            out.add(new Honour(r, ranked.stream().filter(n -> won.contains(n.id())).toList()));
        }
        return out;
    }

    public record Honour(Round round, List<Nominee> winners) {
    }

    public Optional<Round> find(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(Recognition::round).optional();
    }

    private static final String SELECT = "select * from economy_recognition_round";

    private static Round round(ResultSet rs, int i) throws SQLException {
        return new Round(rs.getLong("id"), rs.getLong("community_id"), Award.valueOf(rs.getString("award")), rs.getString("title"),
                rs.getString("period"), Checks.instant(rs.getTimestamp("nominations_end")),
                Checks.instant(rs.getTimestamp("voting_end")), rs.getInt("winners"), rs.getString("created_by_name"),
                Checks.instant(rs.getTimestamp("created_at")), rs.getString("published_by_name"),
                Checks.instant(rs.getTimestamp("published_at")));
    }
}
