package io.gridwork.transparency.internal;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.Fields;
import io.gridwork.shared.web.ProblemException;

/**
 * 民生微实事: the small livelihood projects a community funds each year. The community's staff (and the street's) open a
 * year's round with its budget; residents of the community propose projects; in the choosing phase each resident
 * chooses one proposal, counted once (the choice's primary key is the round and the account, so two concurrent
 * choices of one resident cannot both count); when choosing is closed the staff select projects with an allocation
 * (the allocations never add up to more than the budget: the round's row is locked while they are checked), book
 * spending against a selected project (never more than its allocation: the project's row is locked) and complete it
 * with photos (checked and re-encoded like the demands' photos). Everything is public to the community: its
 * residents and the staff whose grids cover or lie in it.
 */
@Service
public class MicroProjects {

    public static final int MAX_PHOTOS = 9;

    public enum Phase { PROPOSING, CHOOSING, DECIDED }

    public enum Status { PROPOSED, SELECTED, DONE }

    public record Round(long communityId, String communityName, int year, long budgetFen, Phase phase, long allocatedFen,
            long spentFen, long choices, Long myChoice, List<Project> projects) {

        public long unallocatedFen() {
            return budgetFen - allocatedFen;
        }
    }

    public record Spend(long id, long amountFen, LocalDate spentOn, String description, String receipt, String bookedByName,
            Instant bookedAt) {
    }

    public record Photo(long id, int width, int height, String uploadedByName, Instant uploadedAt) {
    }

    public record Project(long id, long communityId, int year, String title, String description, long estimateFen,
            String proposedByName, Instant proposedAt, Status status, Long allocatedFen, String selectedByName, Instant selectedAt,
            String completionNote, String completedByName, Instant completedAt, long choices, long spentFen, List<Spend> spending,
            List<Photo> photos) {

        public long leftFen() {
            return (allocatedFen == null ? 0 : allocatedFen) - spentFen;
        }
    }

    public record NewProject(Long communityId, Integer year, String title, String description, Long estimateFen) {
    }

    public record NewSpend(Long amountFen, LocalDate spentOn, String description, String receipt) {
    }

    public record Upload(String name, byte[] content) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final Compounds compounds;
    private final StoredPhotos photos;

    MicroProjects(JdbcClient jdbc, GridApi grid, Compounds compounds, StoredPhotos photos) {
        this.jdbc = jdbc;
        this.grid = grid;
        this.compounds = compounds;
        this.photos = photos;
    }

    // ---- who ------------------------------------------------------------------------------------

    /** Community and street staff whose grids cover the community, and admins, run its rounds. */
    public static boolean manages(GridworkUser user, GridNode community) {
        return Contracts.manages(user) && user.covers(community.path());
    }

    /** A resident living in the community. */
    public boolean livesIn(GridworkUser user, GridNode community) {
        return compounds.homeCompound(user).flatMap(grid::node).map(c -> c.path().startsWith(community.path())).orElse(false);
    }

    private boolean within(GridworkUser user, GridNode community) {
        return user.covers(community.path()) || user.scopePaths().stream().anyMatch(p -> p.startsWith(community.path()))
                || livesIn(user, community);
    }

    /** A community the user is within (staff by grids, residents by home), else 404 as if absent. */
    public GridNode community(Long id, GridworkUser user) {
        if (id == null) {
            throw ProblemException.badRequest("field-required", "communityId is required", Map.of("field", "communityId"));
        }
        GridNode c = grid.node(id).filter(n -> n.level() == GridLevel.COMMUNITY && !n.retired())
                .orElseThrow(() -> ProblemException.notFound("community", id));
        if (!within(user, c)) {
            throw ProblemException.outOfReach("community", id);
        }
        return c;
    }

    private GridNode managed(Long id, GridworkUser user) {
        GridNode c = community(id, user);
        if (!manages(user, c)) {
            throw ProblemException.forbidden("the community's staff run its 民生微实事");
        }
        return c;
    }

    /** The communities the user is within. */
    public List<GridNode> communities(GridworkUser user) {
        Map<Long, GridNode> out = new LinkedHashMap<>();
        for (String scope : user.scopePaths()) {
            List<GridNode> found = grid.nodesUnder(scope, GridLevel.COMMUNITY, null, Compounds.PICKER_LIMIT);
            if (found.isEmpty()) {
                communityAbove(scope).ifPresent(c -> out.putIfAbsent(c.id(), c));
            }
            found.forEach(c -> out.putIfAbsent(c.id(), c));
        }
        compounds.homeCompound(user).flatMap(grid::node).flatMap(c -> communityAbove(c.path())).ifPresent(c -> out.putIfAbsent(c.id(), c));
        return List.copyOf(out.values());
    }

    private Optional<GridNode> communityAbove(String path) {
        String[] parts = path.split("/");
        if (parts.length == 0) {
            return Optional.empty();
        }
        return grid.lineage(Long.parseLong(parts[parts.length - 1])).stream().filter(n -> n.level() == GridLevel.COMMUNITY).findFirst();
    }

    // ---- the round ------------------------------------------------------------------------------

    /** The year's round of a community (a round not opened yet has no budget and no projects). */
    public Round round(Long communityId, Integer year, GridworkUser user) {
        GridNode c = community(communityId, user);
        int y = year(year);
        Optional<Object[]> row = jdbc.sql("select budget_fen, phase from transparency_micro_round where community_id = ? and budget_year = ?")
                .params(c.id(), y).query((rs, i) -> new Object[] {rs.getLong(1), Phase.valueOf(rs.getString(2))}).optional();
        List<Project> projects = jdbc.sql(SELECT + " where p.community_id = ? and p.budget_year = ? order by choices desc, p.id")
                .params(c.id(), y).query(MicroProjects::project).list();
        long allocated = projects.stream().filter(p -> p.allocatedFen() != null).mapToLong(Project::allocatedFen).sum();
        long spent = projects.stream().mapToLong(Project::spentFen).sum();
        long choices = projects.stream().mapToLong(Project::choices).sum();
        Long mine = jdbc.sql("select project_id from transparency_micro_choice where community_id = ? and budget_year = ? and account_id = ?")
                .params(c.id(), y, user.accountId()).query(Long.class).optional().orElse(null);
        return new Round(c.id(), c.name(), y, row.map(r -> (Long) r[0]).orElse(0L), row.map(r -> (Phase) r[1]).orElse(null), allocated,
                spent, choices, mine, projects);
    }

    /** The staff open the year's round with a budget, or change the budget (never below what is allocated). */
    @Transactional
    public Round budget(Long communityId, Integer year, Long budgetFen, GridworkUser user) {
        GridNode c = managed(communityId, user);
        int y = year(year);
        if (budgetFen == null) {
            throw ProblemException.badRequest("field-required", "budgetFen is required", Map.of("field", "budgetFen"));
        }
        if (budgetFen < 0) {
            throw ProblemException.badRequest("negative-amount", "a budget is never negative", Map.of("field", "budgetFen"));
        }
        Timestamp now = Timestamp.from(Instant.now());
        try {
            jdbc.sql("""
                    insert into transparency_micro_round (community_id, budget_year, budget_fen, phase, updated_by_name, updated_at)
                    values (?, ?, ?, 'PROPOSING', ?, ?) on conflict do nothing""").params(c.id(), y, budgetFen, user.displayName(), now)
                    .update();
        } catch (DuplicateKeyException e) {
            // opened at the same moment: the update below applies
        }
        lockRound(c.id(), y);
        long allocated = allocated(c.id(), y);
        if (budgetFen < allocated) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "over-budget", "the projects selected have " + allocated + " fen allocated; the budget "
                    + "cannot be less", Map.of("allocatedFen", allocated));
        }
        jdbc.sql("update transparency_micro_round set budget_fen = ?, updated_by_name = ?, updated_at = ? where community_id = ? and budget_year = ?")
                .params(budgetFen, user.displayName(), now, c.id(), y).update();
        return round(c.id(), y, user);
    }

    /** The staff move the round on: proposals, then residents' choice, then decided (never back). */
    @Transactional
    public Round phase(Long communityId, Integer year, Phase to, GridworkUser user) {
        GridNode c = managed(communityId, user);
        int y = year(year);
        if (to == null) {
            throw ProblemException.badRequest("field-required", "name the phase", Map.of("field", "phase"));
        }
        Phase now = lockRound(c.id(), y);
        if (to.ordinal() != now.ordinal() + 1) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "micro-phase", "the round is " + now + "; it moves on one phase at a time, never back");
        }
        jdbc.sql("update transparency_micro_round set phase = ?, updated_by_name = ?, updated_at = ? where community_id = ? and budget_year = ?")
                .params(to.name(), user.displayName(), Timestamp.from(Instant.now()), c.id(), y).update();
        return round(c.id(), y, user);
    }

    private Phase lockRound(long communityId, int year) {
        return jdbc.sql("select phase from transparency_micro_round where community_id = ? and budget_year = ? for update")
                .params(communityId, year).query(String.class).optional().map(Phase::valueOf)
                .orElseThrow(() -> ProblemException.conflict("micro-no-round", "the year's round has not been opened with a budget"));
    }

    private long allocated(long communityId, int year) {
        return jdbc.sql("select coalesce(sum(allocated_fen), 0) from transparency_micro_project where community_id = ? and budget_year = ?")
                .params(communityId, year).query(Long.class).single();
    }

    // ---- residents ------------------------------------------------------------------------------

    /** A resident of the community proposes a project while proposals are open. */
    @Transactional
    public Project propose(NewProject in, GridworkUser user) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the proposal as JSON");
        }
        GridNode c = community(in.communityId(), user);
        if (!livesIn(user, c)) {
            throw ProblemException.forbidden("the community's residents propose projects");
        }
        int y = year(in.year());
        String title = Fields.text(in.title(), "title", 100, true);
        String description = Fields.text(in.description(), "description", 2000, true);
        if (in.estimateFen() == null) {
            throw ProblemException.badRequest("field-required", "estimateFen is required", Map.of("field", "estimateFen"));
        }
        if (in.estimateFen() <= 0) {
            throw ProblemException.badRequest("negative-amount", "an estimate is an amount above zero", Map.of("field", "estimateFen"));
        }
        Phase phase = jdbc.sql("select phase from transparency_micro_round where community_id = ? and budget_year = ? ")
                .params(c.id(), y).query(String.class).optional().map(Phase::valueOf).orElse(null);
        if (phase != Phase.PROPOSING) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "micro-not-proposing", "proposals for " + y + " are not open");
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into transparency_micro_project (community_id, budget_year, title, description, estimate_fen, proposed_by_id,
                    proposed_by_name, proposed_at, status) values (?, ?, ?, ?, ?, ?, ?, ?, 'PROPOSED')""")
                .params(c.id(), y, title, description, in.estimateFen(), user.accountId(), Masking.name(user.displayName()),
                        Timestamp.from(Instant.now()))
                .update(keys, "id");
        return find(keys.getKey().longValue()).orElseThrow();
    }

    /** A resident of the community chooses one proposal while choosing is open: once per round, never twice. */
    @Transactional
    public Project choose(long projectId, GridworkUser user) {
        Project p = get(projectId, user);
        GridNode c = grid.node(p.communityId()).orElseThrow();
        if (!livesIn(user, c) || !user.has(Role.RESIDENT)) {
            throw ProblemException.forbidden("the community's residents choose");
        }
        Phase phase = jdbc.sql("select phase from transparency_micro_round where community_id = ? and budget_year = ? ")
                .params(p.communityId(), p.year()).query(String.class).optional().map(Phase::valueOf).orElseThrow();
        if (phase != Phase.CHOOSING) {
            throw ProblemException.conflict("micro-not-choosing", "residents choose only while the choice is open");
        }
        int inserted;
        try {
            inserted = jdbc.sql("""
                    insert into transparency_micro_choice (community_id, budget_year, account_id, project_id, chosen_at)
                    values (?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(p.communityId(), p.year(), user.accountId(), p.id(), Timestamp.from(Instant.now())).update();
        } catch (DuplicateKeyException e) {
            inserted = 0;
        }
        if (inserted == 0) {
            throw ProblemException.conflict("micro-chosen-already", "you have chosen in this round already; a choice counts once");
        }
        return find(projectId).orElseThrow();
    }

    // ---- staff ----------------------------------------------------------------------------------

    /** Once choosing is closed, the staff select a proposal as a project with its allocation, within the budget. */
    @Transactional
    public Project select(long projectId, Long allocatedFen, GridworkUser user) {
        Project p = get(projectId, user);
        managed(p.communityId(), user);
        if (allocatedFen == null) {
            throw ProblemException.badRequest("field-required", "allocatedFen is required", Map.of("field", "allocatedFen"));
        }
        if (allocatedFen <= 0) {
            throw ProblemException.badRequest("negative-amount", "an allocation is an amount above zero", Map.of("field", "allocatedFen"));
        }
        Phase phase = lockRound(p.communityId(), p.year());
        if (phase != Phase.DECIDED) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "micro-not-decided", "projects are selected once the residents' choice is closed");
        }
        long budget = jdbc.sql("select budget_fen from transparency_micro_round where community_id = ? and budget_year = ?")
                .params(p.communityId(), p.year()).query(Long.class).single();
        long allocated = allocated(p.communityId(), p.year());
        if (allocated + allocatedFen > budget) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "over-budget", "the budget has " + (budget - allocated) + " fen left to allocate", Map.of("leftFen", budget - allocated));
        }
        int changed = jdbc.sql("""
                update transparency_micro_project set status = 'SELECTED', allocated_fen = ?, selected_by_name = ?, selected_at = ?
                 where id = ? and status = 'PROPOSED'""").params(allocatedFen, user.displayName(), Timestamp.from(Instant.now()), projectId)
                .update();
        if (changed == 0) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "micro-selected-already", "the project is selected already");
        }
        return find(projectId).orElseThrow();
    }

    /** The staff book spending against a selected project: never more than its allocation. */
    @Transactional
    public Project spend(long projectId, NewSpend in, GridworkUser user) {
        Project p = get(projectId, user);
        managed(p.communityId(), user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the spending as JSON");
        }
        if (in.amountFen() == null) {
            throw ProblemException.badRequest("field-required", "amountFen is required", Map.of("field", "amountFen"));
        }
        if (in.amountFen() <= 0) {
            throw ProblemException.badRequest("negative-amount", "spending is an amount above zero", Map.of("field", "amountFen"));
        }
        if (in.spentOn() == null) {
            throw ProblemException.badRequest("field-required", "spentOn is required", Map.of("field", "spentOn"));
        }
        String description = Fields.text(in.description(), "description", 300, true);
        String receipt = Fields.text(in.receipt(), "receipt", 100, true);
        Object[] row = jdbc.sql("select status, allocated_fen from transparency_micro_project where id = ? for update").param(projectId)
                .query((rs, i) -> new Object[] {rs.getString(1), rs.getObject(2, Long.class)}).single();
        if (!Status.SELECTED.name().equals(row[0])) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "micro-not-selected", "spending is booked on a selected project that is not completed");
        }
        long spent = jdbc.sql("select coalesce(sum(amount_fen), 0) from transparency_micro_spend where project_id = ?").param(projectId)
                .query(Long.class).single();
        long allocated = (Long) row[1];
        if (spent + in.amountFen() > allocated) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "over-budget", "the project has " + (allocated - spent) + " fen left of its allocation", Map.of("leftFen", allocated - spent));
        }
        jdbc.sql("""
                insert into transparency_micro_spend (project_id, amount_fen, spent_on, description, receipt, booked_by_name, booked_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(projectId, in.amountFen(), Date.valueOf(in.spentOn()), description, receipt, user.displayName(),
                        Timestamp.from(Instant.now()))
                .update();
        return find(projectId).orElseThrow();
    }

    /** The staff complete a selected project with a note and at least one photo (checked as the demands' photos are). */
    @Transactional
    public Project complete(long projectId, String note, List<Upload> uploads, GridworkUser user) {
        Project p = get(projectId, user);
        managed(p.communityId(), user);
        String text = Fields.text(note, "note", 2000, true);
        if (uploads == null || uploads.isEmpty()) {
            throw ProblemException.badRequest("photos-required", "send at least one photo (field: photos)", Map.of("field", "photos"));
        }
        if (uploads.size() > MAX_PHOTOS) {
            throw ProblemException.badRequest("too-many-photos", "at most " + MAX_PHOTOS + " photos", Map.of("field", "photos"));
        }
        if (p.status() != Status.SELECTED) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "micro-not-selected", "a selected project that is not completed yet is completed");
        }
        int changed = jdbc.sql("""
                update transparency_micro_project set status = 'DONE', completion_note = ?, completed_by_name = ?, completed_at = ?
                 where id = ? and status = 'SELECTED'""").params(text, user.displayName(), Timestamp.from(Instant.now()), projectId).update();
        if (changed == 0) {
            throw ProblemException.conflict("micro-not-selected", "the project was completed meanwhile");
        }
        for (StoredPhotos.Stored k : photos.store("micro-projects/" + projectId, uploads, MAX_PHOTOS)) {
            jdbc.sql("""
                    insert into transparency_micro_photo (project_id, file_key, width, height, uploaded_by_name, uploaded_at)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(projectId, k.key(), k.width(), k.height(), user.displayName(), Timestamp.from(Instant.now())).update();
        }
        return find(projectId).orElseThrow();
    }

    // ---- reading --------------------------------------------------------------------------------

    /** A project of a community the user is within, else 404 as if absent. */
    public Project get(long id, GridworkUser user) {
        Project p = find(id).orElseThrow(() -> ProblemException.notFound("project", id));
        try {
            community(p.communityId(), user);
        } catch (ProblemException e) {
            throw ProblemException.outOfReach("project", id);
        }
        return p;
    }

    public InputStream photo(long projectId, long photoId, GridworkUser user) throws IOException {
        get(projectId, user);
        String key = jdbc.sql("select file_key from transparency_micro_photo where id = ? and project_id = ?").params(photoId, projectId)
                .query(String.class).optional().orElseThrow(() -> ProblemException.notFound("photo", photoId));
        return photos.open(key, "photo", photoId);
    }

    public Optional<Project> find(long id) {
        return jdbc.sql(SELECT + " where p.id = ?").param(id).query(MicroProjects::project).optional().map(this::withDetails);
    }

    /** True when no round has been opened (the demo opens one then). */
    public boolean none() {
        return jdbc.sql("select count(*) from transparency_micro_round").query(Long.class).single() == 0;
    }

    private Project withDetails(Project p) {
        List<Spend> spending = jdbc.sql("""
                select id, amount_fen, spent_on, description, receipt, booked_by_name, booked_at from transparency_micro_spend
                 where project_id = ? order by spent_on, id""").param(p.id())
                .query((rs, i) -> new Spend(rs.getLong(1), rs.getLong(2), rs.getDate(3).toLocalDate(), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getTimestamp(7).toInstant()))
                .list();
        List<Photo> photos = jdbc.sql("""
                select id, width, height, uploaded_by_name, uploaded_at from transparency_micro_photo where project_id = ? order by id""")
                .param(p.id())
                .query((rs, i) -> new Photo(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getTimestamp(5).toInstant()))
                .list();
        return new Project(p.id(), p.communityId(), p.year(), p.title(), p.description(), p.estimateFen(), p.proposedByName(),
                p.proposedAt(), p.status(), p.allocatedFen(), p.selectedByName(), p.selectedAt(), p.completionNote(), p.completedByName(),
                p.completedAt(), p.choices(), p.spentFen(), spending, photos);
    }

    private static int year(Integer year) {
        if (year == null) {
            return LocalDate.now(Quarter.ZONE).getYear();
        }
        if (year < 2000 || year > 2100) {
            throw ProblemException.badRequest("invalid-year", "the year is out of range", Map.of("field", "year"));
        }
        return year;
    }

    private static final String SELECT = """
            select p.*, (select count(*) from transparency_micro_choice c where c.project_id = p.id) as choices,
                   (select coalesce(sum(s.amount_fen), 0) from transparency_micro_spend s where s.project_id = p.id) as spent
              from transparency_micro_project p""";

    private static Project project(ResultSet rs, int i) throws SQLException {
        return new Project(rs.getLong("id"), rs.getLong("community_id"), rs.getInt("budget_year"), rs.getString("title"),
                rs.getString("description"), rs.getLong("estimate_fen"), rs.getString("proposed_by_name"),
                rs.getTimestamp("proposed_at").toInstant(), Status.valueOf(rs.getString("status")), rs.getObject("allocated_fen", Long.class),
                rs.getString("selected_by_name"), instant(rs.getTimestamp("selected_at")), rs.getString("completion_note"),
                rs.getString("completed_by_name"), instant(rs.getTimestamp("completed_at")), rs.getLong("choices"), rs.getLong("spent"),
                List.of(), List.of());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
