package io.gridwork.campaign.internal;

import static io.gridwork.campaign.internal.Campaign.ts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.access.AccountApi;
import io.gridwork.campaign.CampaignEvents;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.people.CareTag;
import io.gridwork.shared.persistence.DatabaseKind;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * Creating campaigns (their households in scope are fixed at creation, in one set-based insert),
 * dispatching them, volunteers, form changes and finishing; and who may see, run and visit.
 */
@Service
public class CampaignService {

    public static final Set<String> KINDS = Set.of("REGISTRATION", "INSPECTION", "PUBLICITY", "EMERGENCY");
    /** Staff roles that may record visits in the grids they cover. */
    static final Set<Role> VISITORS = Set.of(Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER,
            Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);
    /** Roles that create and run campaigns (within their scope). */
    static final Set<Role> ORGANISERS = Set.of(Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.ADMIN);
    static final int MAX_TARGETS = 500;

    /** What a new campaign asks for; {@code form} or {@code template}; {@code dispatch} sends it at once. */
    public record NewCampaign(String title, String kind, List<Long> gridIds, List<Long> buildingIds, String careTag,
            String template, CampaignForm form, Instant startsAt, Instant deadline, Boolean dispatch) {
    }

    record Target(Long gridId, Long buildingId, String path) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final AccountApi accounts;
    private final ApplicationEventPublisher events;
    private final DatabaseKind database;
    /** Campaign rows for the hot paths (visits, coverage); a visit re-checks status and form version in its own query. */
    private final io.gridwork.shared.TtlCache<Long, Campaign> cache = new io.gridwork.shared.TtlCache<>(Duration.ofSeconds(2), 10_000);
    /** Targets never change after creation. */
    private final io.gridwork.shared.TtlCache<Long, List<String>> targetCache = new io.gridwork.shared.TtlCache<>(Duration.ofMinutes(10), 10_000);

    CampaignService(JdbcClient jdbc, GridApi grid, AccountApi accounts, ApplicationEventPublisher events, DatabaseKind database) {
        this.jdbc = jdbc;
        this.database = database;
        this.grid = grid;
        this.accounts = accounts;
        this.events = events;
    }

    public Campaign require(long id) {
        return jdbc.sql("select " + Campaign.COLUMNS + " from campaign where id = ?").param(id).query(Campaign::map)
                .optional().orElseThrow(() -> ProblemException.notFound("campaign", id));
    }

    /** The campaign as read at most two seconds ago on this instance (for reads and visit checks). */
    Campaign cached(long id) {
        Campaign c = cache.get(id, k -> jdbc.sql("select " + Campaign.COLUMNS + " from campaign where id = ?").param(k)
                .query(Campaign::map).optional().orElse(null));
        if (c == null) {
            throw ProblemException.notFound("campaign", id);
        }
        return c;
    }

    void forget(long id) {
        cache.invalidate(id);
    }

    List<Target> targets(long campaignId) {
        return jdbc.sql("select grid_id, building_id, grid_path from campaign_target where campaign_id = ?")
                .param(campaignId)
                .query((rs, n) -> new Target((Long) rs.getObject(1, Long.class), (Long) rs.getObject(2, Long.class),
                        rs.getString(3)))
                .list();
    }

    public List<String> targetPaths(long campaignId) {
        return targetCache.get(campaignId, id -> targets(id).stream().map(Target::path).distinct().toList());
    }

    // ---- access -------------------------------------------------------------------------------

    static boolean organiser(GridworkUser u) {
        return ORGANISERS.stream().anyMatch(u::has);
    }

    /** Organisers covering every target may change, dispatch and finish the campaign. */
    public void requireManage(Campaign c, GridworkUser u) {
        if (!maySee(c, u)) {
            throw ProblemException.outOfReach("campaign", c.id());
        }
        if (!organiser(u) || !targetPaths(c.id()).stream().allMatch(u::covers)) {
            throw ProblemException.forbidden("campaign " + c.id() + " is run by community or street staff of its grids");
        }
    }

    public boolean mayManage(Campaign c, GridworkUser u) {
        return organiser(u) && targetPaths(c.id()).stream().allMatch(u::covers);
    }

    /** Staff whose grids overlap the targets, and the campaign's volunteers. */
    public boolean maySee(Campaign c, GridworkUser u) {
        if (u.isStaff()) {
            for (String t : targetPaths(c.id())) {
                for (String s : u.scopePaths()) {
                    if (t.startsWith(s) || s.startsWith(t)) {
                        return true;
                    }
                }
            }
        }
        return volunteerPath(c.id(), u.accountId()) != null;
    }

    public Campaign requireSee(long id, GridworkUser u) {
        Campaign c = cached(id);
        if (!maySee(c, u)) {
            throw ProblemException.outOfReach("campaign", id);
        }
        return c;
    }

    /**
     * The grid whose coverage this viewer reads: the one asked for when it lies inside the viewer's grids (for a
     * volunteer, inside their part of the campaign); by default the campaign's whole area, or the viewer's own part
     * of it. A grid outside their reach is answered as one that does not exist.
     */
    public Long coverageGrid(Campaign c, Long gridId, GridworkUser u) {
        List<String> reach = new java.util.ArrayList<>(u.isStaff() ? u.scopePaths() : List.of());
        String volunteer = volunteerPath(c.id(), u.accountId());
        if (volunteer != null) {
            reach.add(volunteer.isEmpty() ? c.anchorPath() : volunteer);
        }
        if (gridId == null) {
            if (reach.stream().anyMatch(c.anchorPath()::startsWith)) {
                return null; // the whole area
            }
            return reach.stream().filter(p -> p.startsWith(c.anchorPath())).findFirst().map(CampaignService::lastId)
                    .orElseThrow(() -> ProblemException.notFound("grid", "of campaign " + c.id()));
        }
        String path = grid.node(gridId).map(io.gridwork.grid.GridNode::path).orElse(null);
        if (path == null || reach.stream().noneMatch(path::startsWith)) {
            throw ProblemException.notFound("grid", gridId);
        }
        return gridId;
    }

    // ---- need-to-know: what of the results a viewer reads ---------------------------------------

    /**
     * Grid staff of the register (worker, leader, compound leader, community and street staff, admin) read a
     * campaign's results household by household, room and answers included, within their own grids. Everyone
     * else who may see a campaign (the property company, owners committee, party branch, the service team,
     * volunteers) reads counts by building or grid, never a room, a household id or an answer.
     */
    public static boolean readsRooms(GridworkUser u) {
        return VISITORS.stream().anyMatch(u::has);
    }

    /** The parts of the campaign this viewer reads room by room: its area narrowed to their grids; empty for the rest. */
    public List<String> roomPaths(Campaign c, GridworkUser u) {
        return readsRooms(u) ? within(c.anchorPath(), u.scopePaths()) : List.of();
    }

    /** The parts whose figures (counts by grid or building) this viewer reads: their grids and their volunteer part. */
    public List<String> figurePaths(Campaign c, GridworkUser u) {
        List<String> reach = new ArrayList<>(u.isStaff() ? u.scopePaths() : List.of());
        String volunteer = volunteerPath(c.id(), u.accountId());
        if (volunteer != null) {
            reach.add(volunteer.isEmpty() ? c.anchorPath() : volunteer);
        }
        return within(c.anchorPath(), reach);
    }

    /** The campaign's area ({@code anchor}) narrowed to each reach path that overlaps it, without nested duplicates. */
    static List<String> within(String anchor, List<String> reach) {
        List<String> out = new ArrayList<>();
        for (String r : reach) {
            String p = anchor.startsWith(r) ? anchor : r.startsWith(anchor) ? r : null;
            if (p != null && !out.contains(p)) {
                out.add(p);
            }
        }
        return out.stream().filter(p -> out.stream().noneMatch(q -> !q.equals(p) && p.startsWith(q))).sorted().toList();
    }

    /**
     * May this viewer read what was recorded for a household in this grid (its room, answers and photos)? Grid staff
     * of the register covering it, and the campaign's volunteers for their part.
     */
    boolean mayReadHousehold(Campaign c, String householdGridPath, GridworkUser u) {
        if (readsRooms(u) && u.covers(householdGridPath)) {
            return true;
        }
        String v = volunteerPath(c.id(), u.accountId());
        return v != null && householdGridPath.startsWith(v.isEmpty() ? c.anchorPath() : v);
    }

    private static long lastId(String path) {
        String trimmed = path.substring(0, path.length() - 1);
        return Long.parseLong(trimmed.substring(trimmed.lastIndexOf('/') + 1));
    }

    /** The volunteer's grid ("" when the whole campaign), or null when not a volunteer. */
    String volunteerPath(long campaignId, long accountId) {
        return jdbc.sql("select coalesce(grid_path, '') from campaign_volunteer where campaign_id = ? and account_id = ?")
                .params(campaignId, accountId).query(String.class).optional().orElse(null);
    }

    /** May this account record a visit to a household in this grid? Staff in scope, or a volunteer while it runs. */
    boolean mayVisit(Campaign c, String householdGridPath, GridworkUser u) {
        if (VISITORS.stream().anyMatch(u::has) && u.covers(householdGridPath)) {
            return true;
        }
        String v = volunteerPath(c.id(), u.accountId());
        return v != null && c.running() && householdGridPath.startsWith(v);
    }

    // ---- create ---------------------------------------------------------------------------------

    @Transactional
    public Campaign create(NewCampaign in, GridworkUser user, Locale locale) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the campaign as JSON");
        }
        if (!organiser(user)) {
            throw ProblemException.forbidden("campaigns are created by community or street staff");
        }
        String title = in.title() == null ? "" : in.title().strip();
        if (title.isEmpty() || title.length() > 200) {
            throw ProblemException.badRequest("title-required", "a campaign needs a title of up to 200 characters",
                    Map.of("field", "title"));
        }
        String kind = in.kind() == null ? "" : in.kind().strip().toUpperCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw ProblemException.badRequest("invalid-kind", "kind is REGISTRATION, INSPECTION, PUBLICITY or EMERGENCY",
                    Map.of("field", "kind"));
        }
        Instant now = Instant.now();
        Instant starts = in.startsAt() != null ? in.startsAt() : now;
        // without a deadline: five hours for an emergency (the COVID registration seed), a week otherwise
        Instant deadline = in.deadline() != null ? in.deadline()
                : starts.plus("EMERGENCY".equals(kind) ? Duration.ofHours(5) : Duration.ofDays(7));
        if (!deadline.isAfter(starts)) {
            throw ProblemException.badRequest("invalid-deadline", "the deadline must come after the start",
                    Map.of("field", "deadline"));
        }
        CareTag tag = null;
        if (in.careTag() != null && !in.careTag().isBlank()) {
            try {
                tag = CareTag.valueOf(in.careTag().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("invalid-care-tag", "unknown care tag " + in.careTag(),
                        Map.of("field", "careTag"));
            }
        }
        CampaignForm form = in.form();
        if (form == null && in.template() != null) {
            form = CampaignForm.templates(locale).get(in.template());
            if (form == null) {
                throw ProblemException.badRequest("unknown-template", "templates: " + CampaignForm.templates(locale).keySet(),
                        Map.of("field", "template"));
            }
        }
        if (form == null) {
            throw ProblemException.badRequest("form-required", "send a form or name a template", Map.of("field", "form"));
        }
        form.validated();
        List<Target> targets = resolveTargets(in.gridIds(), in.buildingIds(), user);
        String anchor = commonPath(targets.stream().map(Target::path).toList());
        long community = communityOf(anchor);

        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into campaign (title, kind, community_id, anchor_path, care_tag, form_json, form_version, status,
                    starts_at, deadline, created_by, created_by_name, created_at)
                values (?, ?, ?, ?, ?, ?, 1, 'DRAFT', ?, ?, ?, ?, ?)""")
                .params(title, kind, community, anchor, tag == null ? null : tag.name(), form.toJson(), ts(starts),
                        ts(deadline), user.accountId(), user.displayName(), ts(now))
                .update(key, "id");
        long id = key.getKey().longValue();
        for (Target t : targets) {
            jdbc.sql("insert into campaign_target (campaign_id, grid_id, building_id, grid_path) values (?, ?, ?, ?)")
                    .params(id, t.gridId(), t.buildingId(), t.path()).update();
        }
        int households = fillHouseholds(id, tag);
        if (households == 0) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "no-households",
                    "the targets hold no households" + (tag == null ? "" : " with care tag " + tag));
        }
        Campaign created = require(id);
        if (Boolean.TRUE.equals(in.dispatch())) {
            return dispatch(id, user);
        }
        return created;
    }

    private List<Target> resolveTargets(List<Long> gridIds, List<Long> buildingIds, GridworkUser user) {
        List<Target> out = new ArrayList<>();
        Set<Long> grids = new LinkedHashSet<>(gridIds == null ? List.of() : gridIds);
        Set<Long> buildings = new LinkedHashSet<>(buildingIds == null ? List.of() : buildingIds);
        grids.remove(null);
        buildings.remove(null);
        if (grids.isEmpty() && buildings.isEmpty()) {
            throw ProblemException.badRequest("target-required", "name the target grids (gridIds) or buildings (buildingIds)",
                    Map.of("field", "gridIds"));
        }
        if (grids.size() + buildings.size() > MAX_TARGETS) {
            throw ProblemException.badRequest("too-many-targets", "at most " + MAX_TARGETS + " targets; name a larger grid");
        }
        for (long g : grids) {
            GridNode node = grid.node(g).orElseThrow(() -> ProblemException.badRequest("unknown-target",
                    "there is no grid " + g, Map.of("field", "gridIds")));
            if (!user.covers(node.path())) { // answered like a grid that does not exist
                throw ProblemException.badRequest("unknown-target", "there is no grid " + g, Map.of("field", "gridIds"));
            }
            out.add(new Target(g, null, node.path()));
        }
        for (long b : buildings) {
            BuildingView view = grid.building(b).orElseThrow(() -> ProblemException.badRequest("unknown-target",
                    "there is no building " + b, Map.of("field", "buildingIds")));
            long home = view.microGridId() != null ? view.microGridId() : view.compoundId();
            String path = grid.node(home).orElseThrow().path();
            if (!user.covers(path)) { // answered like a building that does not exist
                throw ProblemException.badRequest("unknown-target", "there is no building " + b, Map.of("field", "buildingIds"));
            }
            out.add(new Target(null, b, path));
        }
        return out;
    }

    static String commonPath(List<String> paths) {
        String p = paths.get(0);
        for (String q : paths) {
            int i = 0;
            while (i < p.length() && i < q.length() && p.charAt(i) == q.charAt(i)) {
                i++;
            }
            p = p.substring(0, i);
        }
        return p.substring(0, p.lastIndexOf('/') + 1);
    }

    /** The community of the anchor grid, or the anchor itself when it lies above communities. */
    private long communityOf(String anchorPath) {
        String[] ids = anchorPath.split("/");
        if (ids.length < 2) {
            throw ProblemException.badRequest("target-too-wide", "targets must lie within one district");
        }
        long anchorId = Long.parseLong(ids[ids.length - 1]);
        return grid.lineage(anchorId).stream().filter(n -> n.level() == GridLevel.COMMUNITY).map(GridNode::id)
                .findFirst().orElse(anchorId);
    }

    /**
     * The households in scope, in one insert-select; then a coverage row per micro-grid. Reads the grid's
     * and people's read views (v_grid_*, v_people_*): a facade call per household would not hold at 500,000 households.
     */
    private int fillHouseholds(long id, CareTag tag) {
        String careFilter = tag == null ? "" : """
                   and exists (select 1 from v_people_household_member m join v_people_person_tag pt on pt.person_id = m.person_id
                                where m.household_id = h.id and m.until is null and pt.tag = :tag)
                """;
        var spec = jdbc.sql("""
                insert into campaign_household (campaign_id, household_id, building_id, grid_id, grid_path)
                select :id, h.id, b.id, g.id, g.path
                  from v_grid_household h
                  join v_grid_unit u on u.id = h.unit_id
                  join v_grid_building b on b.id = u.building_id
                  join v_grid_node g on g.id = coalesce(b.micro_grid_id, b.compound_id)
                 where exists (select 1 from campaign_target t where t.campaign_id = :id
                                and ((t.building_id is null and g.path like t.grid_path || '%') or t.building_id = b.id))
                """ + careFilter).param("id", id);
        if (tag != null) {
            spec = spec.param("tag", tag.name());
        }
        int n = spec.update();
        jdbc.sql("""
                insert into campaign_coverage (campaign_id, grid_id, grid_path, in_scope)
                select campaign_id, grid_id, grid_path, count(*) from campaign_household where campaign_id = ?
                 group by campaign_id, grid_id, grid_path""").param(id).update();
        jdbc.sql("update campaign set households = ? where id = ?").params(n, id).update();
        refreshStatistics();
        return n;
    }

    /**
     * The planner's statistics on PostgreSQL, right after a campaign's households went in: until then it
     * believes the new campaign has a row or two, and locks a batch's households by walking every
     * household of the campaign in key order (a batch took seconds over 500,000 households). The
     * households of a campaign never change after this, so once is enough. Elsewhere a no-op.
     */
    private void refreshStatistics() {
        if (database.postgres()) {
            jdbc.sql("analyze campaign_household").update();
        }
    }

    // ---- dispatch, finish -----------------------------------------------------------------------

    /**
     * Sends the campaign to every leader and worker of the target grids (micro-grid leaders and workers,
     * building leaders, compound grid leaders with an account and a running assignment) and to its
     * volunteers: recorded as a dispatch with its recipients, and published as {@code CampaignDispatched}.
     */
    @Transactional
    public Campaign dispatch(long id, GridworkUser user) {
        jdbc.sql("select id from campaign where id = ? for update").param(id).query(Long.class).optional()
                .orElseThrow(() -> ProblemException.notFound("campaign", id));
        Campaign c = require(id);
        requireManage(c, user);
        if (!"DRAFT".equals(c.status())) {
            throw ProblemException.conflict("already-dispatched", "campaign " + id + " is " + c.status());
        }
        Instant now = Instant.now();
        // staff assignments and accounts read directly: one set-based query for every grid of the targets
        Map<Long, Object[]> recipients = new LinkedHashMap<>();
        jdbc.sql("""
                select a.id, a.person_id, sa.role
                  from v_people_staff_assignment sa
                  join v_access_account a on a.person_id = sa.person_id and a.enabled
                  left join v_grid_building b on b.id = sa.building_id
                  join v_grid_node g on g.id = coalesce(sa.grid_id, b.micro_grid_id)
                 where sa.role in ('MICRO_GRID_LEADER', 'MICRO_GRID_WORKER', 'BUILDING_LEADER', 'COMPOUND_GRID_LEADER')
                   and sa.start_date <= ? and (sa.end_date is null or sa.end_date >= ?)
                   and exists (select 1 from campaign_target t where t.campaign_id = ? and g.path like t.grid_path || '%')
                 order by a.id""")
                .params(java.sql.Date.valueOf(java.time.LocalDate.now()), java.sql.Date.valueOf(java.time.LocalDate.now()), id)
                .query(rs -> {
                    recipients.putIfAbsent(rs.getLong(1), new Object[] {rs.getLong(2), rs.getString(3)});
                });
        jdbc.sql("select account_id from campaign_volunteer where campaign_id = ? order by account_id").param(id)
                .query(Long.class).list().forEach(a -> recipients.putIfAbsent(a, new Object[] {null, "VOLUNTEER"}));
        var key = new GeneratedKeyHolder();
        jdbc.sql("insert into campaign_dispatch (campaign_id, at, by_account, recipients) values (?, ?, ?, ?)")
                .params(id, ts(now), user.accountId(), recipients.size()).update(key, "id");
        long dispatchId = key.getKey().longValue();
        recipients.forEach((account, v) -> jdbc.sql("""
                insert into campaign_recipient (campaign_id, account_id, dispatch_id, person_id, reason) values (?, ?, ?, ?, ?)""")
                .params(id, account, dispatchId, v[0], v[1]).update());
        jdbc.sql("update campaign set status = 'RUNNING', dispatched_at = ? where id = ?").params(ts(now), id).update();
        forget(id);
        events.publishEvent(new CampaignEvents.CampaignDispatched(id, c.title(), c.kind(), c.emergency(), c.communityId(),
                targetPaths(id), new LinkedHashSet<>(recipients.keySet()), c.startsAt(), c.deadline(), now));
        return require(id);
    }

    @Transactional
    public Campaign finish(long id, GridworkUser user) {
        jdbc.sql("select id from campaign where id = ? for update").param(id).query(Long.class).optional()
                .orElseThrow(() -> ProblemException.notFound("campaign", id));
        Campaign c = require(id);
        requireManage(c, user);
        if (!c.running()) {
            throw ProblemException.conflict("not-running", "campaign " + id + " is " + c.status() + "; only a running one finishes");
        }
        jdbc.sql("update campaign set status = 'FINISHED', finished_at = ? where id = ?").params(ts(Instant.now()), id).update();
        forget(id);
        return require(id);
    }

    /** A new version of the form: free while a draft, afterwards only changes that keep recorded visits valid. */
    @Transactional
    public Campaign updateForm(long id, CampaignForm next, GridworkUser user) {
        jdbc.sql("select id from campaign where id = ? for update").param(id).query(Long.class).optional()
                .orElseThrow(() -> ProblemException.notFound("campaign", id));
        Campaign c = require(id);
        requireManage(c, user);
        if (next == null) {
            throw ProblemException.badRequest("form-required", "send the form", Map.of("field", "fields"));
        }
        next.validated();
        if ("FINISHED".equals(c.status())) {
            throw ProblemException.conflict("campaign-finished", "campaign " + id + " has finished");
        }
        boolean started = !"DRAFT".equals(c.status())
                || jdbc.sql("select count(*) from campaign_visit where campaign_id = ?").param(id).query(Long.class).single() > 0;
        if (started) {
            c.form().requireCompatibleSuccessor(next);
        }
        jdbc.sql("update campaign set form_json = ?, form_version = form_version + 1 where id = ?")
                .params(next.toJson(), id).update();
        forget(id);
        return require(id);
    }

    // ---- volunteers -----------------------------------------------------------------------------

    public record Volunteer(long accountId, String username, String displayName, String gridPath, Instant addedAt) {
    }

    @Transactional
    public Volunteer addVolunteer(long id, String username, Long gridId, GridworkUser user) {
        Campaign c = openToVolunteers(id, user);
        if (username == null || username.isBlank()) {
            throw ProblemException.badRequest("username-required", "name the volunteer's account", Map.of("field", "username"));
        }
        long account = accounts.accountIdOf(username.strip()).orElseThrow(() -> ProblemException.badRequest(
                "unknown-account", "there is no account " + username, Map.of("field", "username")));
        return addVolunteer(c, account, gridId, user);
    }

    /** Adds the account picked on the campaign page (found with the account search) as a volunteer. */
    @Transactional
    public Volunteer addVolunteer(long id, long account, Long gridId, GridworkUser user) {
        Campaign c = openToVolunteers(id, user);
        if (accounts.usernameOf(account).isEmpty()) {
            throw ProblemException.badRequest("unknown-account", "there is no account " + account, Map.of("field", "accountId"));
        }
        return addVolunteer(c, account, gridId, user);
    }

    private Campaign openToVolunteers(long id, GridworkUser user) {
        Campaign c = require(id);
        requireManage(c, user);
        if ("FINISHED".equals(c.status())) {
            throw ProblemException.conflict("campaign-finished", "campaign " + id + " has finished");
        }
        return c;
    }

    private Volunteer addVolunteer(Campaign c, long account, Long gridId, GridworkUser user) {
        long id = c.id();
        String path = null;
        if (gridId != null) {
            GridNode node = grid.node(gridId).orElseThrow(() -> ProblemException.badRequest("unknown-grid",
                    "there is no grid " + gridId, Map.of("field", "gridId")));
            boolean inTargets = targetPaths(id).stream().anyMatch(t -> node.path().startsWith(t) || t.startsWith(node.path()));
            if (!inTargets) {
                throw ProblemException.badRequest("grid-outside-campaign", "grid " + node.name() + " is not among the targets",
                        Map.of("field", "gridId"));
            }
            path = node.path();
        }
        int changed = jdbc.sql("update campaign_volunteer set grid_path = ? where campaign_id = ? and account_id = ?")
                .params(path, id, account).update();
        if (changed == 0) {
            jdbc.sql("""
                    insert into campaign_volunteer (campaign_id, account_id, grid_path, added_by, added_at)
                    values (?, ?, ?, ?, ?)""").params(id, account, path, user.accountId(), ts(Instant.now())).update();
        }
        return volunteers(id).stream().filter(v -> v.accountId() == account).findFirst().orElseThrow();
    }

    @Transactional
    public void removeVolunteer(long id, long accountId, GridworkUser user) {
        Campaign c = require(id);
        requireManage(c, user);
        if (jdbc.sql("delete from campaign_volunteer where campaign_id = ? and account_id = ?").params(id, accountId)
                .update() == 0) {
            throw ProblemException.notFound("volunteer", accountId);
        }
    }

    /** Volunteers with their account names (read from the account table: a short list per campaign). */
    public List<Volunteer> volunteers(long id) {
        return jdbc.sql("""
                select v.account_id, a.username, a.display_name, v.grid_path, v.added_at
                  from campaign_volunteer v join v_access_account a on a.id = v.account_id
                 where v.campaign_id = ? order by v.added_at, v.account_id""").param(id)
                .query((rs, n) -> new Volunteer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Campaign.inst(rs, "added_at")))
                .list();
    }

    public record Recipient(long accountId, String displayName, String reason) {
    }

    /**
     * The dispatch's recipients as this viewer may read them: grid staff of the register (who run the sweep beside
     * them, {@link #readsRooms}) read the names in full; everyone else who sees the campaign (the property company,
     * owners committee, party branch, the service team, volunteers) reads them masked (张*丰), as residents see others.
     */
    public List<Recipient> recipients(long id, GridworkUser viewer) {
        List<Recipient> all = recipients(id);
        if (readsRooms(viewer)) {
            return all;
        }
        return all.stream().map(r -> new Recipient(r.accountId(), io.gridwork.shared.Masking.name(r.displayName()), r.reason()))
                .toList();
    }

    public List<Recipient> recipients(long id) {
        return jdbc.sql("""
                select r.account_id, a.display_name, r.reason from campaign_recipient r join v_access_account a on a.id = r.account_id
                 where r.campaign_id = ? order by r.account_id""").param(id)
                .query((rs, n) -> new Recipient(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }
}
