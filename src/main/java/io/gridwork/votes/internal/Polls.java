package io.gridwork.votes.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonView;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.Fields;
import io.gridwork.shared.web.ProblemException;

/**
 * Residents' polls and elections over a grid. Grid staff (leaders and above, the owners committee and the party branch)
 * whose grids cover the grid create, open and close them; grid workers too enter paper ballots. The census is written
 * when the poll opens and never changes; a ballot is accepted only while the poll is open, only from a voter of the
 * census, once per voter whatever the channel (the unique key of {@code vote_ballot}).
 */
@Service
public class Polls {

    public enum Kind { POLL, ELECTION }

    public enum VoterUnit { RESIDENT, HOUSEHOLD }

    public enum Results { LIVE, AFTER_CLOSE }

    public enum Status { DRAFT, OPEN, CLOSED }

    public enum Channel { ONLINE, PAPER }

    /** At most this many options (candidates) on a poll. */
    static final int MAX_OPTIONS = 30;

    public record OptionIn(String label, String note) {
    }

    public record NewPoll(Long gridId, Long buildingId, Kind kind, String title, String body, VoterUnit voterUnit,
            Results results, Integer maxChoices, List<OptionIn> options) {
    }

    public record Option(long id, int position, String label, String note) {
    }

    public record Poll(long id, long gridId, String gridName, String gridPath, Long buildingId, Kind kind, String title,
            String body, VoterUnit voterUnit, Results results, int maxChoices, Status status, Integer censusSize, int ballots,
            String createdByName, Instant createdAt, Instant openedAt, Instant closedAt, String closedByName, List<Option> options) {

        public boolean multiple() {
            return maxChoices > 1;
        }
    }

    /** What a voter is asked for on paper: the household (per household) or the resident (per resident). */
    public record BallotIn(Long householdId, Long personId, List<Long> optionIds) {
    }

    public record Ballot(long id, long pollId, long voterId, long householdId, Channel channel, String castByName, Instant castAt,
            List<Long> optionIds) {
    }

    public record Tally(int ballots, int census, int online, int paper, List<PollTally.Row> rows) {
    }

    /** A voter of the census in one household, as the paper entry page lists them. */
    public record CensusVoter(long voterId, String name, boolean voted) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final PeopleApi people;
    private final VoteReach reach;
    private final org.springframework.context.ApplicationEventPublisher events;

    Polls(JdbcClient jdbc, GridApi grid, PeopleApi people, VoteReach reach, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.grid = grid;
        this.people = people;
        this.reach = reach;
    }

    // ---- who ---------------------------------------------------------------------------------------

    /** Creates, opens and closes polls (within their grids). */
    public static boolean runs(GridworkUser u) {
        return u.isAdmin() || u.has(Role.COMMUNITY_STAFF) || u.has(Role.STREET_STAFF) || u.has(Role.COMPOUND_LEADER)
                || u.has(Role.GRID_LEADER) || u.has(Role.OWNERS_COMMITTEE) || u.has(Role.PARTY_BRANCH);
    }

    /** Enters paper ballots (within their grids). */
    public static boolean entersPaper(GridworkUser u) {
        return runs(u) || u.has(Role.GRID_WORKER);
    }

    public boolean sees(Poll p, GridworkUser u) {
        if (VoteReach.staffSees(p.gridPath(), u)) {
            return true;
        }
        if (p.status() == Status.DRAFT || !u.has(Role.RESIDENT)) {
            return false;
        }
        return inCensus(p.id(), residentVoter(p, u)) || reach.residentLivesIn(p.gridPath(), u);
    }

    public boolean canRun(Poll p, GridworkUser u) {
        return runs(u) && u.covers(p.gridPath());
    }

    public boolean canEnterPaper(Poll p, GridworkUser u) {
        return entersPaper(u) && u.covers(p.gridPath());
    }

    /** Results are shown live, or once closed. */
    public static boolean resultsShown(Poll p) {
        return p.results() == Results.LIVE && p.status() != Status.DRAFT || p.status() == Status.CLOSED;
    }

    private static Long residentVoter(Poll p, GridworkUser u) {
        if (!u.has(Role.RESIDENT)) {
            return null;
        }
        return p.voterUnit() == VoterUnit.HOUSEHOLD ? u.householdId() : u.personId();
    }

    // ---- reading -------------------------------------------------------------------------------------

    private static final String COLUMNS = """
            p.id, p.grid_id, g.name as grid_name, p.grid_path, p.building_id, p.kind, p.title, p.body, p.voter_unit, p.results,
            p.max_choices, p.status, p.census_size, p.ballots, p.created_by_name, p.created_at, p.opened_at, p.closed_at,
            p.closed_by_name""";

    private Poll row(ResultSet rs, int rowNum) throws SQLException {
        return new Poll(rs.getLong("id"), rs.getLong("grid_id"), rs.getString("grid_name"), rs.getString("grid_path"),
                (Long) rs.getObject("building_id", Long.class), Kind.valueOf(rs.getString("kind")), rs.getString("title"),
                rs.getString("body"), VoterUnit.valueOf(rs.getString("voter_unit")), Results.valueOf(rs.getString("results")),
                rs.getInt("max_choices"), Status.valueOf(rs.getString("status")), (Integer) rs.getObject("census_size", Integer.class),
                rs.getInt("ballots"), rs.getString("created_by_name"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("opened_at")), instant(rs.getTimestamp("closed_at")), rs.getString("closed_by_name"), List.of());
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    public Optional<Poll> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from vote_poll p join v_grid_node g on g.id = p.grid_id where p.id = ?").param(id)
                .query(this::row).optional().map(this::withOptions);
    }

    private Poll withOptions(Poll p) {
        List<Option> options = jdbc.sql("select id, position, label, note from vote_option where poll_id = ? order by position")
                .param(p.id()).query((rs, i) -> new Option(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4))).list();
        return new Poll(p.id(), p.gridId(), p.gridName(), p.gridPath(), p.buildingId(), p.kind(), p.title(), p.body(), p.voterUnit(),
                p.results(), p.maxChoices(), p.status(), p.censusSize(), p.ballots(), p.createdByName(), p.createdAt(), p.openedAt(),
                p.closedAt(), p.closedByName(), options);
    }

    /** The poll when the user sees it, else 404 as if absent. */
    public Poll get(long id, GridworkUser user) {
        Poll p = find(id).orElseThrow(() -> ProblemException.notFound("poll", id));
        if (!sees(p, user)) {
            throw ProblemException.outOfReach("poll", id);
        }
        return p;
    }

    /**
     * The polls the user sees, newest first: staff those of the grids they cover and of the grids above them; a
     * resident the open and closed polls of the grids their home lies in.
     */
    public List<Poll> visible(GridworkUser user) {
        Set<String> prefixes = new HashSet<>();
        List<String> exact = new ArrayList<>();
        if (user.isStaff()) {
            for (String s : user.scopePaths()) {
                prefixes.add(s);
                // the grids above the scope: "/1/4/9/" → "/1/", "/1/4/"
                int at = 1;
                while ((at = s.indexOf('/', at)) > 0 && at < s.length() - 1) {
                    exact.add(s.substring(0, at + 1));
                    at++;
                }
            }
        }
        boolean staff = !prefixes.isEmpty();
        Optional<String> home = reach.homePath(user);
        home.ifPresent(h -> {
            int at = 1;
            while ((at = h.indexOf('/', at)) > 0) {
                exact.add(h.substring(0, at + 1));
                at++;
            }
        });
        if (prefixes.isEmpty() && exact.isEmpty()) {
            return List.of();
        }
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (String p : prefixes) {
            where.append(where.isEmpty() ? "" : " or ").append("p.grid_path like ?");
            params.add(p + "%");
        }
        if (!exact.isEmpty()) {
            where.append(where.isEmpty() ? "" : " or ").append("(p.grid_path in (")
                    .append(String.join(",", java.util.Collections.nCopies(exact.size(), "?"))).append(")")
                    .append(staff ? ")" : " and p.status <> 'DRAFT')");
            params.addAll(exact);
        }
        List<Poll> list = jdbc.sql("select " + COLUMNS + " from vote_poll p join v_grid_node g on g.id = p.grid_id where (" + where
                + ") order by p.id desc limit 200").params(params).query(this::row).list();
        // a resident sees a building's election only when their building's (they are in its census)
        return list.stream().filter(p -> staff || p.status() != Status.DRAFT && (p.buildingId() == null
                || inCensus(p.id(), residentVoter(p, user)))).map(this::withOptions).toList();
    }

    /** Whether the user's voter (resident or household) has voted in the poll; null when they are no voter. */
    public Optional<Ballot> myBallot(Poll p, GridworkUser user) {
        Long voter = residentVoter(p, user);
        if (voter == null) {
            return Optional.empty();
        }
        return ballotOf(p.id(), voter);
    }

    public boolean mayVote(Poll p, GridworkUser user) {
        Long voter = residentVoter(p, user);
        return p.status() == Status.OPEN && voter != null && inCensus(p.id(), voter) && ballotOf(p.id(), voter).isEmpty();
    }

    private Optional<Ballot> ballotOf(long pollId, long voterId) {
        return jdbc.sql("select id, poll_id, voter_id, household_id, channel, cast_by_name, cast_at from vote_ballot where poll_id = ? and voter_id = ?")
                .params(pollId, voterId).query(this::ballot).optional();
    }

    private Ballot ballot(ResultSet rs, int i) throws SQLException {
        long id = rs.getLong("id");
        return new Ballot(id, rs.getLong("poll_id"), rs.getLong("voter_id"), rs.getLong("household_id"),
                Channel.valueOf(rs.getString("channel")), rs.getString("cast_by_name"), instant(rs.getTimestamp("cast_at")),
                jdbc.sql("select option_id from vote_choice where ballot_id = ? order by option_id").param(id).query(Long.class).list());
    }

    private boolean inCensus(long pollId, Long voterId) {
        return voterId != null && jdbc.sql("select count(*) from vote_census where poll_id = ? and voter_id = ?").params(pollId, voterId)
                .query(Long.class).single() > 0;
    }

    // ---- creating, opening, closing --------------------------------------------------------------------

    @Transactional
    public Poll create(NewPoll in, GridworkUser user) {
        if (!runs(user)) {
            throw ProblemException.forbidden("only grid leaders and community staff, the owners committee and the party branch run polls");
        }
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the poll as JSON");
        }
        if (in.gridId() == null) {
            throw ProblemException.badRequest("field-required", "gridId is required", Map.of("field", "gridId"));
        }
        GridNode g = grid.node(in.gridId()).filter(n -> !n.retired() && (n.level() == GridLevel.COMMUNITY
                || n.level() == GridLevel.COMPOUND || n.level() == GridLevel.MICRO || n.level() == GridLevel.SPECIAL))
                .filter(n -> user.covers(n.path()))
                .orElseThrow(() -> ProblemException.badRequest("unknown-grid", "no community, compound or micro-grid " + in.gridId()
                        + " within your grids", Map.of("field", "gridId")));
        if (in.buildingId() != null) {
            Optional<BuildingView> b = grid.building(in.buildingId());
            String bp = b.flatMap(x -> grid.node(x.microGridId() != null ? x.microGridId() : x.compoundId())).map(GridNode::path).orElse(null);
            if (bp == null || !bp.startsWith(g.path())) {
                throw ProblemException.badRequest("unknown-building", "no building " + in.buildingId() + " in that grid",
                        Map.of("field", "buildingId"));
            }
        }
        Kind kind = in.kind() == null ? Kind.POLL : in.kind();
        String title = Fields.text(in.title(), "title", 200, true);
        String body = Fields.text(in.body(), "body", 4000, false);
        VoterUnit unit = required(in.voterUnit(), "voterUnit");
        Results results = in.results() == null ? Results.AFTER_CLOSE : in.results();
        List<OptionIn> options = in.options() == null ? List.of() : in.options().stream().filter(o -> o != null && o.label() != null
                && !o.label().isBlank()).toList();
        if (options.size() < 2) {
            throw ProblemException.badRequest("options-too-few", "a poll needs at least two options (an election two candidates)",
                    Map.of("field", "options"));
        }
        if (options.size() > MAX_OPTIONS) {
            throw ProblemException.badRequest("options-too-many", "at most " + MAX_OPTIONS + " options", Map.of("field", "options"));
        }
        Set<String> labels = new HashSet<>();
        for (OptionIn o : options) {
            if (!labels.add(o.label().strip())) {
                throw ProblemException.badRequest("option-duplicate", "two options are named " + o.label().strip(), Map.of("field", "options"));
            }
        }
        int max = in.maxChoices() == null ? 1 : in.maxChoices();
        if (max < 1 || max >= options.size() && kind == Kind.ELECTION || max > options.size()) {
            throw ProblemException.badRequest("invalid-max-choices", kind == Kind.ELECTION
                    ? "the seats are at least one and fewer than the candidates" : "the choices allowed are between one and the options",
                    Map.of("field", "maxChoices"));
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into vote_poll (grid_id, grid_path, building_id, kind, title, body, voter_unit, results, max_choices, status,
                    created_by, created_by_name, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'DRAFT', ?, ?, ?)""")
                .params(g.id(), g.path(), in.buildingId(), kind.name(), title, body, unit.name(), results.name(), max, user.accountId(),
                        user.displayName(), Timestamp.from(Instant.now())).update(keys, "id");
        long id = keys.getKey().longValue();
        int pos = 1;
        for (OptionIn o : options) {
            jdbc.sql("insert into vote_option (poll_id, position, label, note) values (?, ?, ?, ?)")
                    .params(id, pos++, Fields.text(o.label(), "label", 200, true), Fields.text(o.note(), "note", 500, false)).update();
        }
        return find(id).orElseThrow();
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw ProblemException.badRequest("field-required", field + " is required", Map.of("field", field));
        }
        return value;
    }

    private Poll running(long id, GridworkUser user) {
        Poll p = get(id, user);
        if (!canRun(p, user)) {
            throw ProblemException.forbidden("you do not run polls of this grid");
        }
        return p;
    }

    /**
     * Opens a draft: the census is written now from the households (per household: those with a resident) or the adult
     * residents (per resident) of the grid (and building) and never changes afterwards.
     */
    @Transactional
    public Poll open(long id, GridworkUser user) {
        Poll p = running(id, user);
        Instant now = Instant.now();
        if (jdbc.sql("update vote_poll set status = 'OPEN', opened_at = ? where id = ? and status = 'DRAFT'")
                .params(Timestamp.from(now), id).update() == 0) {
            throw ProblemException.conflict("poll-not-draft", "the poll is open or closed already");
        }
        // the census is one set-based read of the grid's and people's read views (a facade call per household would not
        // hold for a community of thousands): households of buildings in the grid, and their current members
        String place = """
                from v_grid_household h join v_grid_unit u on u.id = h.unit_id join v_grid_building b on b.id = u.building_id
                join v_grid_node c on c.id = b.compound_id left join v_grid_node m on m.id = b.micro_grid_id
                where (c.path like ? or m.path like ?)""" + (p.buildingId() == null ? "" : " and b.id = " + p.buildingId());
        String like = p.gridPath() + "%";
        int n;
        if (p.voterUnit() == VoterUnit.HOUSEHOLD) {
            n = jdbc.sql("insert into vote_census (poll_id, voter_id, household_id) select ?, h.id, h.id " + place
                    + " and exists (select 1 from v_people_household_member hm where hm.household_id = h.id and hm.until is null)")
                    .params(id, like, like).update();
        } else {
            LocalDate adult = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusYears(18);
            n = jdbc.sql("insert into vote_census (poll_id, voter_id, household_id) select ?, hm.person_id, h.id " + place.replace(
                    "where (", "join v_people_household_member hm on hm.household_id = h.id and hm.until is null join v_people_person pe on pe.id = hm.person_id where (")
                    + " and (pe.birth_date is null or pe.birth_date <= ?)").params(id, like, like, java.sql.Date.valueOf(adult)).update();
        }
        if (n == 0) {
            throw ProblemException.conflict("census-empty", "nobody lives in that grid: the poll would have no voters");
        }
        jdbc.sql("update vote_poll set census_size = ? where id = ?").params(n, id).update();
        return find(id).orElseThrow();
    }

    @Transactional
    public Poll close(long id, GridworkUser user) {
        running(id, user);
        if (jdbc.sql("update vote_poll set status = 'CLOSED', closed_at = ?, closed_by_name = ? where id = ? and status = 'OPEN'")
                .params(Timestamp.from(Instant.now()), user.displayName(), id).update() == 0) {
            throw ProblemException.conflict("poll-not-open", "the poll is not open");
        }
        events.publishEvent(new io.gridwork.votes.VotesEvents.VoteClosed(io.gridwork.votes.VotesApi.VoteKind.POLL, id, user.accountId()));
        return find(id).orElseThrow();
    }

    // ---- voting ----------------------------------------------------------------------------------------

    /**
     * A ballot: online by a resident of the census for themselves (or their household), or on paper entered by staff
     * for the household (and resident) named in the body. Refused with nothing written when the poll is not open
     * (409 poll-not-open), the voter is not in the census (409 not-in-census), the voter has voted on any channel
     * (409 already-voted), or the choices are not allowed (400).
     */
    @Transactional
    public Ballot cast(long pollId, BallotIn in, GridworkUser user) {
        Poll p = get(pollId, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the ballot as JSON");
        }
        Channel channel;
        long voter;
        if (in.householdId() != null) {
            if (!canEnterPaper(p, user)) {
                throw ProblemException.forbidden("only grid staff of this grid enter paper ballots");
            }
            channel = Channel.PAPER;
            if (p.voterUnit() == VoterUnit.HOUSEHOLD) {
                voter = in.householdId();
            } else {
                voter = required(in.personId(), "personId");
            }
        } else {
            if (!user.has(Role.RESIDENT)) {
                throw ProblemException.badRequest("field-required", "name the household of a paper ballot", Map.of("field", "householdId"));
            }
            channel = Channel.ONLINE;
            Long v = residentVoter(p, user);
            if (v == null) {
                throw notInCensus();
            }
            voter = v;
        }
        List<Long> chosen = choices(p, in.optionIds());
        // the poll's row is locked by this update until commit: closing waits for ballots under way, and a ballot that
        // comes after the close finds the poll closed
        if (jdbc.sql("update vote_poll set ballots = ballots + 1 where id = ? and status = 'OPEN'").param(pollId).update() == 0) {
            throw ProblemException.conflict("poll-not-open", p.status() == Status.DRAFT ? "the poll has not opened yet" : "the poll is closed");
        }
        Long household = jdbc.sql("select household_id from vote_census where poll_id = ? and voter_id = ?").params(pollId, voter)
                .query(Long.class).optional().orElse(null);
        if (household == null || channel == Channel.PAPER && !household.equals(in.householdId())) {
            throw notInCensus();
        }
        var keys = new GeneratedKeyHolder();
        int inserted = jdbc.sql("""
                insert into vote_ballot (poll_id, voter_id, household_id, channel, cast_by, cast_by_name, cast_at)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(pollId, voter, household, channel.name(), user.accountId(), user.displayName(), Timestamp.from(Instant.now()))
                .update(keys, "id");
        if (inserted == 0) {
            throw ProblemException.conflict("already-voted", p.voterUnit() == VoterUnit.HOUSEHOLD
                    ? "this household has voted in this poll already" : "this resident has voted in this poll already");
        }
        long ballot = keys.getKey().longValue();
        for (long option : chosen) {
            jdbc.sql("insert into vote_choice (ballot_id, option_id) values (?, ?)").params(ballot, option).update();
        }
        return ballotOf(pollId, voter).orElseThrow();
    }

    private static ProblemException notInCensus() {
        return new ProblemException(HttpStatus.CONFLICT, "not-in-census",
                "this voter is not in the poll's census (fixed when the poll opened)");
    }

    private static List<Long> choices(Poll p, List<Long> ids) {
        if (ids == null || ids.isEmpty()) {
            throw ProblemException.badRequest("choice-required", "choose at least one option", Map.of("field", "optionIds"));
        }
        Set<Long> valid = new HashSet<>();
        p.options().forEach(o -> valid.add(o.id()));
        Set<Long> seen = new java.util.LinkedHashSet<>();
        for (Long id : ids) {
            if (id == null || !valid.contains(id)) {
                throw ProblemException.badRequest("unknown-option", "option " + id + " is not one of this poll's", Map.of("field", "optionIds"));
            }
            if (!seen.add(id)) {
                throw ProblemException.badRequest("option-duplicate", "option " + id + " is chosen twice", Map.of("field", "optionIds"));
            }
        }
        if (seen.size() > p.maxChoices()) {
            throw ProblemException.badRequest("too-many-choices", "at most " + p.maxChoices() + " choices", Map.of("field", "optionIds"));
        }
        return List.copyOf(seen);
    }

    // ---- counting --------------------------------------------------------------------------------------

    /** The counts (always computed; pages and the API show them only when {@link #resultsShown}). */
    public Tally tally(Poll p) {
        List<PollTally.Count> counts = jdbc.sql("""
                select o.id, o.label, o.note, o.position, count(c.ballot_id) as votes from vote_option o
                left join vote_choice c on c.option_id = o.id where o.poll_id = ?
                group by o.id, o.label, o.note, o.position order by o.position""").param(p.id())
                .query((rs, i) -> new PollTally.Count(rs.getLong("id"), rs.getString("label"), rs.getString("note"), rs.getLong("votes"))).list();
        Map<String, Integer> channels = new LinkedHashMap<>();
        jdbc.sql("select channel, count(*) from vote_ballot where poll_id = ? group by channel").param(p.id())
                .query(rs -> {
                    channels.put(rs.getString(1), rs.getInt(2));
                });
        int online = channels.getOrDefault("ONLINE", 0);
        int paper = channels.getOrDefault("PAPER", 0);
        return new Tally(online + paper, p.censusSize() == null ? 0 : p.censusSize(), online, paper,
                PollTally.rank(counts, p.kind() == Kind.ELECTION ? p.maxChoices() : null));
    }

    /** The census voters of a household (paper entry), with whether each has voted. */
    public List<CensusVoter> votersOf(Poll p, long householdId, GridworkUser user) {
        if (!canEnterPaper(p, user)) {
            throw ProblemException.forbidden("only grid staff of this grid enter paper ballots");
        }
        List<Long> ids = jdbc.sql("select voter_id from vote_census where poll_id = ? and household_id = ? order by voter_id")
                .params(p.id(), householdId).query(Long.class).list();
        Set<Long> voted = new HashSet<>(jdbc.sql("select voter_id from vote_ballot where poll_id = ? and household_id = ?")
                .params(p.id(), householdId).query(Long.class).list());
        List<CensusVoter> out = new ArrayList<>();
        for (long id : ids) {
            String name = p.voterUnit() == VoterUnit.HOUSEHOLD
                    ? grid.household(id).map(HouseholdView::address).orElse("")
                    : people.person(id).map(PersonView::name).map(Masking::name).orElse("");
            out.add(new CensusVoter(id, name, voted.contains(id)));
        }
        return out;
    }

    /** True when no poll exists (the demo seeds once). */
    public boolean none() {
        return jdbc.sql("select count(*) from vote_poll").query(Long.class).single() == 0;
    }
}
