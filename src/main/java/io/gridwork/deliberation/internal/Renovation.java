package io.gridwork.deliberation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.deliberation.DeliberationApi.Party;
import io.gridwork.deliberation.internal.Follow.Status;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.images.PhotoImages;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.storage.FileStore;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.votes.VotesApi;

/**
 * Old-compound renovation (老旧小区改造): residents propose for the compound they live in; organisers turn chosen
 * proposals into a project with stages (方案, 施工, 验收 …), a budget in fen and a due date; spending entries, photos per
 * stage and dated progress updates follow it like a decision. A compound's residents and the staff reaching it see its
 * proposals and projects. The residents' vote on the plan is the votes module's: {@code planVoteId} links it.
 */
@Component
public class Renovation {

    public static final List<String> DEFAULT_STAGES = List.of("方案", "施工", "验收");
    static final int PHOTOS_PER_STAGE = 9;

    public enum StageStatus { PENDING, ACTIVE, DONE }

    public record Proposal(long id, long compoundId, String compoundName, String title, String detail, String byName,
            Instant at, Long projectId) {
    }

    public record Photo(long id, long stageId, int width, int height, String byName, Instant at) {
    }

    public record Stage(long id, int position, String name, StageStatus status, List<Photo> photos) {
    }

    public record Spending(long id, Long stageId, long amountFen, LocalDate spentOn, String description, String byName) {
    }

    public record Project(long id, long compoundId, String compoundName, String compoundPath, String title, String description,
            long budgetFen, long spentFen, Party party, Long ownerAccountId, String ownerName, LocalDate due, Status status,
            int progress, String closingNote, Instant closedAt, Long planVoteId, String planVoteKind, boolean overdue, List<Stage> stages,
            List<Spending> spending, List<Proposal> proposals, List<Follow.Update> updates) {

        public boolean overBudget() {
            return spentFen > budgetFen;
        }
    }

    public record NewProject(Long compoundId, List<Long> proposalIds, String title, String description, Long budgetFen,
            Party party, Long ownerAccountId, LocalDate due, List<String> stages) {
    }

    public record Upload(String name, byte[] content) {
    }

    private final JdbcClient jdbc;
    private final Reach reach;
    private final DelibTime time;
    private final PhotoImages images;
    private final FileStore files;
    private final VotesApi votes;

    Renovation(JdbcClient jdbc, Reach reach, DelibTime time, PhotoImages images, FileStore files, VotesApi votes) {
        this.votes = votes;
        this.jdbc = jdbc;
        this.reach = reach;
        this.time = time;
        this.images = images;
        this.files = files;
    }

    // ---- proposals ------------------------------------------------------------------------------

    @Transactional
    public Proposal propose(String title, String detail, GridworkUser user) {
        Long compound = reach.homeCompound(user);
        if (compound == null) {
            throw ProblemException.forbidden("residents propose for the compound they live in");
        }
        String t = Reach.text(title, 200, "title", true);
        String d = Reach.text(detail, 2000, "detail", false);
        long id = DelibTime.insert(jdbc.sql("""
                insert into delib_proposal (compound_id, title, detail, submitted_by, submitted_at) values (?, ?, ?, ?, ?)""")
                .params(compound, t, d, user.accountId(), DelibTime.ts(time.now())));
        return proposals("where p.id = ?", id).get(0);
    }

    /** Proposals of the compounds the user reaches (a resident: their own compound), newest first, at most 300. */
    public List<Proposal> visibleProposals(GridworkUser user) {
        List<Object> params = new ArrayList<>();
        String where = Reach.reachSql(user, params) + " or p.compound_id = ?";
        Long home = reach.homeCompound(user);
        params.add(home == null ? -1L : home);
        return proposals("where " + where + " order by p.submitted_at desc, p.id desc limit 300", params.toArray()).stream()
                .filter(p -> home != null && p.compoundId() == home || Reach.staffReaches(path(p.compoundId()), user)).toList();
    }

    private List<Proposal> proposals(String where, Object... params) {
        List<Object[]> raw = jdbc.sql("""
                select p.id, p.compound_id, g.name, p.title, p.detail, p.submitted_by, p.submitted_at, p.project_id
                  from delib_proposal p join v_grid_node g on g.id = p.compound_id""" + " " + where)
                .params(params).query((rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getLong(6), rs.getTimestamp(7).toInstant(), rs.getObject(8, Long.class)}).list();
        Map<Long, String> names = reach.names(raw.stream().map(r -> (Long) r[5]).toList());
        return raw.stream().map(r -> new Proposal((Long) r[0], (Long) r[1], (String) r[2], (String) r[3], (String) r[4],
                names.getOrDefault((Long) r[5], ""), (Instant) r[6], (Long) r[7])).toList();
    }

    private String path(long gridId) {
        return reach.node(gridId).path();
    }

    // ---- projects -------------------------------------------------------------------------------

    @Transactional
    public Project create(NewProject n, GridworkUser user) {
        if (!Reach.organiser(user)) {
            throw ProblemException.forbidden("organisers make renovation projects");
        }
        if (n == null) {
            throw ProblemException.badRequest("field-required", "compoundId is required", Map.of("field", "compoundId"));
        }
        GridNode g = reach.meetingGrid(n.compoundId(), user);
        if (g.level() != GridLevel.COMPOUND) {
            throw ProblemException.badRequest("delib-grid-level", "a renovation project belongs to a compound", Map.of("field", "compoundId"));
        }
        String title = Reach.text(n.title(), 200, "title", true);
        String description = Reach.text(n.description(), 5000, "description", false);
        if (n.budgetFen() == null) {
            throw ProblemException.badRequest("field-required", "budgetFen is required", Map.of("field", "budgetFen"));
        }
        if (n.budgetFen() < 0) {
            throw ProblemException.badRequest("delib-negative-budget", "the budget is not negative", Map.of("field", "budgetFen"));
        }
        if (n.party() == null) {
            throw ProblemException.badRequest("field-required", "party is required", Map.of("field", "party"));
        }
        if (n.ownerAccountId() != null) {
            reach.requireAccount(n.ownerAccountId(), "ownerAccountId");
        }
        if (n.due() == null) {
            throw ProblemException.badRequest("field-required", "due is required", Map.of("field", "due"));
        }
        if (n.due().isBefore(time.today())) {
            throw ProblemException.badRequest("delib-due-past", "the due date lies ahead", Map.of("field", "due"));
        }
        List<String> stages = n.stages() == null ? DEFAULT_STAGES
                : n.stages().stream().map(s -> s == null ? "" : s.strip()).filter(s -> !s.isEmpty()).toList();
        if (stages.isEmpty() || stages.size() > 8 || stages.stream().anyMatch(s -> s.length() > 50)
                || stages.stream().distinct().count() != stages.size()) {
            throw ProblemException.badRequest("delib-invalid-stages", "one to eight distinct stages of at most 50 characters",
                    Map.of("field", "stages"));
        }
        List<Long> chosen = n.proposalIds() == null ? List.of() : n.proposalIds().stream().distinct().toList();
        if (chosen.isEmpty()) {
            throw ProblemException.badRequest("delib-no-proposal", "a project is made from at least one residents' proposal",
                    Map.of("field", "proposalIds"));
        }
        long id = DelibTime.insert(jdbc.sql("""
                insert into delib_project (compound_id, title, description, budget_fen, party, owner_account_id, due_date, status, progress,
                                           created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, 'OPEN', 0, ?, ?)""")
                .params(g.id(), title, description, n.budgetFen(), n.party().name(), n.ownerAccountId(), Date.valueOf(n.due()),
                        user.accountId(), DelibTime.ts(time.now())));
        for (Long p : chosen) {
            Optional<Object[]> row = jdbc.sql("select compound_id, project_id from delib_proposal where id = ?").param(p)
                    .query((rs, i) -> new Object[] {rs.getLong(1), rs.getObject(2, Long.class)}).optional();
            if (row.isEmpty() || (Long) row.get()[0] != g.id()) {
                throw ProblemException.badRequest("delib-unknown-proposal", "no such proposal of this compound", Map.of("field", "proposalIds"));
            }
            int taken = jdbc.sql("update delib_proposal set project_id = ? where id = ? and project_id is null").params(id, p).update();
            if (taken == 0) {
                throw ProblemException.conflict("delib-proposal-taken", "a chosen proposal belongs to another project");
            }
        }
        for (int i = 0; i < stages.size(); i++) {
            jdbc.sql("insert into delib_stage (project_id, position, name, status) values (?, ?, ?, ?)")
                    .params(id, i + 1, stages.get(i), i == 0 ? "ACTIVE" : "PENDING").update();
        }
        return find(id).orElseThrow();
    }

    public boolean sees(Project p, GridworkUser user) {
        Long home = reach.homeCompound(user);
        return home != null && home == p.compoundId() || Reach.staffReaches(p.compoundPath(), user)
                || p.ownerAccountId() != null && p.ownerAccountId() == user.accountId();
    }

    public boolean mayUpdate(Project p, GridworkUser user) {
        return Reach.acts(p.compoundPath(), p.party(), p.ownerAccountId(), user);
    }

    public Project get(long id, GridworkUser user) {
        Project p = find(id).orElseThrow(() -> ProblemException.notFound("project", id));
        if (!sees(p, user)) {
            throw ProblemException.outOfReach("project", id);
        }
        return p;
    }

    /** The project, locked, which the user may update (404 out of reach, 403 seen but not theirs, 409 done). */
    private Project updatable(long id, GridworkUser user) {
        Project p = get(id, user);
        if (!mayUpdate(p, user)) {
            throw ProblemException.forbidden("the organisers, the owner and the responsible party follow a project");
        }
        jdbc.sql("select id from delib_project where id = ? for update").param(id).query(Long.class).single();
        p = find(id).orElseThrow();
        if (p.status() == Status.DONE) {
            throw ProblemException.conflict("delib-already-done", "this is done; its closing note is final");
        }
        return p;
    }

    /** Projects of the compounds the user reaches (a resident: their own), overdue first, then by due date. */
    public List<Project> visible(GridworkUser user) {
        List<Object> params = new ArrayList<>();
        String where = Reach.reachSql(user, params) + " or p.compound_id = ? or p.owner_account_id = ?";
        Long home = reach.homeCompound(user);
        params.add(home == null ? -1L : home);
        params.add(user.accountId());
        return ids("where " + where + " limit 300", params.toArray()).stream().map(id -> find(id).orElseThrow())
                .filter(p -> sees(p, user))
                .sorted(Comparator.comparing((Project p) -> !p.overdue()).thenComparing(p -> p.status() == Status.DONE)
                        .thenComparing(Project::due))
                .toList();
    }

    /** Overdue projects of the grids a supervisor reaches. */
    public List<Project> overdue(GridworkUser user) {
        if (!Reach.supervisor(user)) {
            throw ProblemException.forbidden("the overdue list is for community staff");
        }
        List<Object> params = new ArrayList<>();
        String where = Reach.reachSql(user, params);
        params.add(Date.valueOf(time.today()));
        return ids("where " + where + " and p.status <> 'DONE' and p.due_date < ? limit 300", params.toArray()).stream()
                .map(id -> find(id).orElseThrow()).filter(p -> Reach.staffReaches(p.compoundPath(), user)).toList();
    }

    private List<Long> ids(String where, Object... params) {
        return jdbc.sql("select p.id from delib_project p join v_grid_node g on g.id = p.compound_id " + where).params(params)
                .query(Long.class).list();
    }

    @Transactional
    public Project update(long id, String status, Integer progress, String note, GridworkUser user) {
        Project p = updatable(id, user);
        Follow.Change c = Follow.check(status, progress, note, p.status(), p.progress());
        Instant now = time.now();
        jdbc.sql("update delib_project set status = ?, progress = ?, closing_note = ?, closed_at = ? where id = ? and status <> 'DONE'")
                .params(c.status().name(), c.progress(), c.status() == Status.DONE ? c.note() : null,
                        c.status() == Status.DONE ? DelibTime.ts(now) : null, id).update();
        jdbc.sql("insert into delib_project_update (project_id, status, progress, note, updated_by, updated_at) values (?, ?, ?, ?, ?, ?)")
                .params(id, c.status().name(), c.progress(), c.note(), user.accountId(), DelibTime.ts(now)).update();
        return find(id).orElseThrow();
    }

    @Transactional
    public Project stageStatus(long id, long stageId, StageStatus status, GridworkUser user) {
        Project p = updatable(id, user);
        Stage s = stage(p, stageId);
        if (status == null) {
            throw ProblemException.badRequest("field-required", "status is required", Map.of("field", "status"));
        }
        if (status.ordinal() <= s.status().ordinal()) {
            throw ProblemException.conflict("delib-stage-order", "a stage goes from pending to active to done");
        }
        jdbc.sql("update delib_stage set status = ? where id = ? and status = ?").params(status.name(), stageId, s.status().name()).update();
        return find(id).orElseThrow();
    }

    @Transactional
    public Project addSpending(long id, Long stageId, Long amountFen, LocalDate spentOn, String description, GridworkUser user) {
        Project p = updatable(id, user);
        if (stageId != null) {
            stage(p, stageId);
        }
        if (amountFen == null || amountFen <= 0) {
            throw ProblemException.badRequest("delib-invalid-amount", "an amount above zero, in fen", Map.of("field", "amountFen"));
        }
        if (amountFen > 100_000_000_000L) {
            throw ProblemException.badRequest("delib-invalid-amount", "an amount above zero, in fen", Map.of("field", "amountFen"));
        }
        if (spentOn == null || spentOn.isAfter(time.today())) {
            throw ProblemException.badRequest("delib-invalid-spent-on", "the day the money was spent, not in the future",
                    Map.of("field", "spentOn"));
        }
        String what = Reach.text(description, 200, "description", true);
        jdbc.sql("""
                insert into delib_spending (project_id, stage_id, amount_fen, spent_on, description, booked_by, booked_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, stageId, amountFen, Date.valueOf(spentOn), what, user.accountId(), DelibTime.ts(time.now())).update();
        return find(id).orElseThrow();
    }

    /** Refuses (404, 403, 409, 400) what {@link #addPhotos} would, before the upload is read. */
    public void checkPhotoTarget(long id, long stageId, GridworkUser user) {
        Project p = get(id, user);
        if (!mayUpdate(p, user)) {
            throw ProblemException.forbidden("the organisers, the owner and the responsible party follow a project");
        }
        if (p.status() == Status.DONE) {
            throw ProblemException.conflict("delib-already-done", "this is done; its closing note is final");
        }
        stage(p, stageId);
    }

    /** Photos of a stage: each a real image within the size limit (its type read from its content), re-encoded without EXIF. */
    @Transactional
    public Project addPhotos(long id, long stageId, List<Upload> uploads, GridworkUser user) {
        Project p = updatable(id, user);
        Stage s = stage(p, stageId);
        if (uploads == null || uploads.isEmpty()) {
            throw ProblemException.badRequest("photos-required", "send at least one photo (field: file)", Map.of("field", "file"));
        }
        if (s.photos().size() + uploads.size() > PHOTOS_PER_STAGE) {
            throw ProblemException.badRequest("delib-too-many-photos", "a stage keeps at most " + PHOTOS_PER_STAGE + " photos",
                    Map.of("field", "file"));
        }
        List<PhotoImages.Processed> kept = new ArrayList<>();
        for (Upload u : uploads) {
            kept.add(images.process(u.content(), u.name() == null || u.name().isBlank() ? "photo" : u.name()));
        }
        List<String> keys = new ArrayList<>();
        try {
            for (PhotoImages.Processed k : kept) {
                String key = "renovation/" + id + "/" + UUID.randomUUID() + ".jpg";
                files.put(key, k.jpeg());
                keys.add(key);
                jdbc.sql("""
                        insert into delib_photo (project_id, stage_id, file_key, width, height, uploaded_by, uploaded_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                        .params(id, stageId, key, k.width(), k.height(), user.accountId(), DelibTime.ts(time.now())).update();
            }
        } catch (IOException | RuntimeException e) {
            for (String key : keys) {
                try {
                    files.delete(key);
                } catch (IOException ignored) {
                    // the row is rolled back; an orphan file harms nothing
                }
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot store a photo", e);
        }
        return find(id).orElseThrow();
    }

    public InputStream photo(long id, long photoId, GridworkUser user) throws IOException {
        get(id, user);
        String key = jdbc.sql("select file_key from delib_photo where id = ? and project_id = ?").params(photoId, id).query(String.class)
                .optional().orElseThrow(() -> ProblemException.notFound("photo", photoId));
        return files.open(key).orElseThrow(() -> ProblemException.notFound("photo", photoId));
    }

    /** Links the residents' vote on the plan, once (community, street and admin staff covering the compound). */
    @Transactional
    public Project linkPlanVote(long id, long voteId, GridworkUser user) {
        Project p = get(id, user);
        if (!Reach.supervisor(user) || !user.covers(p.compoundPath())) {
            throw ProblemException.forbidden("community staff link the plan's vote");
        }
        int changed = jdbc.sql("update delib_project set plan_vote_id = ?, plan_vote_kind = 'POLL' where id = ? and plan_vote_id is null")
                .params(voteId, id).update();
        if (changed == 0) {
            throw ProblemException.conflict("delib-vote-linked", "the plan's vote is linked already");
        }
        return find(id).orElseThrow();
    }

    /** The state of the project's plan vote, when one is linked. */
    public Optional<VotesApi.VoteState> planVote(Project p) {
        if (p.planVoteId() == null) {
            return Optional.empty();
        }
        return votes.voteState(p.planVoteKind() == null ? VotesApi.VoteKind.POLL : VotesApi.VoteKind.valueOf(p.planVoteKind()), p.planVoteId());
    }

    /** Whether the user may start the plan's vote now (organisers covering the compound, the plan stage still open). */
    public boolean mayStartPlanVote(Project p, GridworkUser user) {
        if (!Reach.supervisor(user) || !user.covers(p.compoundPath()) || p.status() == Status.DONE || planStageDone(p)) {
            return false;
        }
        return planVote(p).map(v -> v.status() == VotesApi.VoteStatus.CLOSED && Boolean.FALSE.equals(v.passed())).orElse(true);
    }

    private static boolean planStageDone(Project p) {
        return !p.stages().isEmpty() && p.stages().get(0).status() == StageStatus.DONE;
    }

    /**
     * Starts the residents' vote on the plan through the votes module: a poll of the compound's households, or an
     * owners' decision under Art. 278 (matter given, e.g. REBUILD or COMMON_PARTS_USE) when the plan touches common
     * parts. Refused while a vote is linked that is open or has passed (409 delib-vote-linked), once the plan stage is
     * done or the project finished (409 delib-plan-decided); the votes module's refusals (e.g. units without area) stand.
     */
    @Transactional
    public Project startPlanVote(long id, VotesApi.VoteKind kind, String matter, GridworkUser user) {
        Project p = get(id, user);
        if (!Reach.supervisor(user) || !user.covers(p.compoundPath())) {
            throw ProblemException.forbidden("community staff start the plan's vote");
        }
        if (kind == null) {
            throw ProblemException.badRequest("field-required", "kind is required (POLL or DECISION)", Map.of("field", "kind"));
        }
        jdbc.sql("select id from delib_project where id = ? for update").param(id).query(Long.class).single();
        p = find(id).orElseThrow();
        if (p.status() == Status.DONE || planStageDone(p)) {
            throw ProblemException.conflict("delib-plan-decided", "the plan stage is over");
        }
        if (!planVote(p).map(v -> v.status() == VotesApi.VoteStatus.CLOSED && Boolean.FALSE.equals(v.passed())).orElse(true)) {
            throw ProblemException.conflict("delib-vote-linked", "the plan's vote is open or has passed");
        }
        String title = "改造方案表决：" + p.title();
        String body = (p.description() == null ? "" : p.description() + "\n") + "预算 " + String.format("%,.2f", p.budgetFen() / 100.0) + " 元。";
        long vote = kind == VotesApi.VoteKind.POLL ? votes.startPlanPoll(p.compoundId(), title, body, user)
                : votes.startPlanDecision(p.compoundId(), title, body, matter, "同意按本方案实施“" + p.title() + "”", user);
        jdbc.sql("update delib_project set plan_vote_id = ?, plan_vote_kind = ? where id = ?").params(vote, kind.name(), id).update();
        note(p, user.accountId(), kind == VotesApi.VoteKind.POLL ? "发起居民投票表决改造方案" : "发起业主共同决定（民法典第二百七十八条）表决改造方案");
        return find(id).orElseThrow();
    }

    private void note(Project p, long accountId, String text) {
        jdbc.sql("insert into delib_project_update (project_id, status, progress, note, updated_by, updated_at) values (?, ?, ?, ?, ?, ?)")
                .params(p.id(), p.status().name(), p.progress(), text, accountId, DelibTime.ts(time.now())).update();
    }

    /**
     * When a project's plan vote closes: passed, the plan stage is done, the next stage starts and the project is in
     * progress; failed, a dated note says so and organisers may put a revised plan to a new vote.
     */
    @org.springframework.context.event.EventListener
    void onVoteClosed(io.gridwork.votes.VotesEvents.VoteClosed e) {
        List<Long> ids = jdbc.sql("select id from delib_project where plan_vote_kind = ? and plan_vote_id = ? and status <> 'DONE'")
                .params(e.kind().name(), e.voteId()).query(Long.class).list();
        for (long id : ids) {
            Project p = find(id).orElseThrow();
            VotesApi.VoteState v = votes.voteState(e.kind(), e.voteId()).orElseThrow();
            if (Boolean.TRUE.equals(v.passed())) {
                if (!p.stages().isEmpty()) {
                    jdbc.sql("update delib_stage set status = 'DONE' where id = ?").param(p.stages().get(0).id()).update();
                    if (p.stages().size() > 1 && p.stages().get(1).status() == StageStatus.PENDING) {
                        jdbc.sql("update delib_stage set status = 'ACTIVE' where id = ?").param(p.stages().get(1).id()).update();
                    }
                }
                jdbc.sql("update delib_project set status = 'IN_PROGRESS' where id = ? and status = 'OPEN'").param(id).update();
                note(find(id).orElseThrow(), e.closedByAccountId(), "改造方案经表决通过（" + v.agree() + " 票同意，" + v.oppose() + " 票反对），进入下一阶段");
            } else {
                note(p, e.closedByAccountId(), "改造方案未获表决通过（" + v.agree() + " 票同意，" + v.oppose() + " 票反对），可修改方案后重新发起表决");
            }
        }
    }

    private static Stage stage(Project p, long stageId) {
        return p.stages().stream().filter(s -> s.id() == stageId).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("delib-unknown-stage", "no such stage of this project", Map.of("field", "stageId")));
    }

    public Optional<Project> find(long id) {
        LocalDate today = time.today();
        Optional<Project> head = jdbc.sql("""
                select p.id, p.compound_id, g.name, g.path, p.title, p.description, p.budget_fen,
                       (select coalesce(sum(s.amount_fen), 0) from delib_spending s where s.project_id = p.id),
                       p.party, p.owner_account_id, p.due_date, p.status, p.progress, p.closing_note, p.closed_at, p.plan_vote_id,
                       p.plan_vote_kind
                  from delib_project p join v_grid_node g on g.id = p.compound_id where p.id = ?""")
                .param(id)
                .query((rs, i) -> {
                    LocalDate due = rs.getDate(11).toLocalDate();
                    Status s = Status.valueOf(rs.getString(12));
                    return new Project(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getLong(7), rs.getLong(8), Party.valueOf(rs.getString(9)), rs.getObject(10, Long.class), null, due, s,
                            rs.getInt(13), rs.getString(14), DelibTime.instant(rs.getTimestamp(15)), rs.getObject(16, Long.class),
                            rs.getString(17), s != Status.DONE && due.isBefore(today), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                }).optional();
        if (head.isEmpty()) {
            return head;
        }
        Project p = head.get();
        List<Long> people = new ArrayList<>();
        people.add(p.ownerAccountId());
        List<Object[]> photos = jdbc.sql("select id, stage_id, width, height, uploaded_by, uploaded_at from delib_photo where project_id = ? order by id")
                .param(id).query((rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getLong(5),
                    rs.getTimestamp(6).toInstant()}).list();
        photos.forEach(r -> people.add((Long) r[4]));
        List<Object[]> spend = jdbc.sql("""
                select id, stage_id, amount_fen, spent_on, description, booked_by from delib_spending where project_id = ? order by spent_on, id""")
                .param(id).query((rs, i) -> new Object[] {rs.getLong(1), rs.getObject(2, Long.class), rs.getLong(3),
                    rs.getDate(4).toLocalDate(), rs.getString(5), rs.getLong(6)}).list();
        spend.forEach(r -> people.add((Long) r[5]));
        List<Object[]> ups = jdbc.sql("select status, progress, note, updated_by, updated_at from delib_project_update where project_id = ? order by id")
                .param(id).query((rs, i) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                    rs.getTimestamp(5).toInstant()}).list();
        ups.forEach(r -> people.add((Long) r[3]));
        Map<Long, String> names = reach.names(people);
        for (Stage s : jdbc.sql("select id, position, name, status from delib_stage where project_id = ? order by position").param(id)
                .query((rs, i) -> new Stage(rs.getLong(1), rs.getInt(2), rs.getString(3), StageStatus.valueOf(rs.getString(4)),
                        new ArrayList<>())).list()) {
            photos.stream().filter(r -> (Long) r[1] == s.id()).forEach(r -> s.photos().add(new Photo((Long) r[0], s.id(), (Integer) r[2],
                    (Integer) r[3], names.getOrDefault((Long) r[4], ""), (Instant) r[5])));
            p.stages().add(s);
        }
        spend.forEach(r -> p.spending().add(new Spending((Long) r[0], (Long) r[1], (Long) r[2], (LocalDate) r[3], (String) r[4],
                names.getOrDefault((Long) r[5], ""))));
        ups.forEach(r -> p.updates().add(new Follow.Update(Status.valueOf((String) r[0]), (Integer) r[1], (String) r[2], (Long) r[3],
                names.getOrDefault((Long) r[3], ""), (Instant) r[4])));
        p.proposals().addAll(proposals("where p.project_id = ? order by p.id", id));
        return Optional.of(new Project(p.id(), p.compoundId(), p.compoundName(), p.compoundPath(), p.title(), p.description(), p.budgetFen(),
                p.spentFen(), p.party(), p.ownerAccountId(), p.ownerAccountId() == null ? null : names.getOrDefault(p.ownerAccountId(), ""),
                p.due(), p.status(), p.progress(), p.closingNote(), p.closedAt(), p.planVoteId(), p.planVoteKind(), p.overdue(), p.stages(), p.spending(),
                p.proposals(), p.updates()));
    }
}
