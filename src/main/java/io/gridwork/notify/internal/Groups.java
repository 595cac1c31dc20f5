package io.gridwork.notify.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.access.AccountApi;
import io.gridwork.grid.BuildingView;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * The group matrix (微信矩阵群): audiences that mirror the grid, their owners and admins, notices with read
 * receipts, tasks whose answers are collected per household, reminders to the households that have not
 * answered, and questions answered by staff. Members of an audience are the resident accounts living under
 * it when a notice is published (the recipients are kept, so receipts and completeness refer to them).
 * <p>
 * Who may do what: staff whose scope covers the audience's grid may do everything; an audience's OWNER may
 * also set its robot and managers; its ADMINs publish, remind and reply. Recipients read, answer and ask.
 * A second answer from the same household <em>replaces</em> the first (the latest counts; revisions are
 * counted), so a family can correct a mistaken reply.
 */
@Service
@Transactional(readOnly = true)
public class Groups implements io.gridwork.notify.GroupsApi {

    public enum ManagerRole { OWNER, ADMIN }

    public enum NoticeType { NOTICE, TASK }

    public record Audience(long id, String name, Long gridId, Long buildingId, String gridPath, String webhookMask,
            Instant createdAt) {
    }

    public record Manager(long accountId, String name, ManagerRole role) {
    }

    public record AudienceView(Audience audience, List<Manager> managers, int members, List<NoticeSummary> notices,
            boolean canManage, boolean canOwn) {
    }

    public record NoticeSummary(long id, NoticeType type, String title, Instant createdAt, String authorName, int recipients,
            int unread) {
    }

    public record Notice(long id, long audienceId, String audienceName, NoticeType type, String title, String body,
            List<String> options, Instant dueAt, String authorName, Instant createdAt) {
        public boolean isTask() {
            return type == NoticeType.TASK;
        }
    }

    /** What a viewer sees of a notice: their own receipt and answer, and whether they may manage it. */
    public record NoticeView(Notice notice, boolean recipient, Instant readAt, String myAnswer, boolean canManage) {
    }

    public record BuildingResult(long buildingId, String buildingName, int households, int answered, int missing,
            int accounts, int read) {
    }

    public record Answer(long householdId, long buildingId, String answer, String answeredBy, Instant answeredAt,
            int revisions) {
    }

    public record Results(long noticeId, int recipients, int read, int unread, int households, int answered,
            List<BuildingResult> buildings, List<Answer> answers) {
    }

    public record Question(long id, long noticeId, String askedBy, String body, Instant askedAt, String reply,
            String repliedBy, Instant repliedAt) {
    }

    private final JdbcClient jdbc;
    private final GridApi grid;
    private final AccountApi accounts;
    private final PersonalDataCipher cipher;
    private final Outbox outbox;
    private final NotifyTime time;
    private final MessageSource messages;
    private final org.springframework.jdbc.core.JdbcTemplate batches;
    private final NotifyProperties props;

    private final GroupHandOvers handOvers;

    Groups(NotifyProperties props, org.springframework.jdbc.core.JdbcTemplate batches, JdbcClient jdbc, GridApi grid, AccountApi accounts, PersonalDataCipher cipher, Outbox outbox, NotifyTime time,
            MessageSource messages, GroupHandOvers handOvers) {
        this.handOvers = handOvers;
        this.jdbc = jdbc;
        this.grid = grid;
        this.accounts = accounts;
        this.cipher = cipher;
        this.outbox = outbox;
        this.time = time;
        this.messages = messages;
        this.batches = batches;
        this.props = props;
    }

    // ---- audiences ------------------------------------------------------------------------------

    @Transactional
    public Audience create(Long gridId, Long buildingId, String name, GridworkUser user) {
        if ((gridId == null) == (buildingId == null)) {
            throw ProblemException.badRequest("invalid-target", "give either a grid or a building", Map.of("field", "gridId"));
        }
        String path;
        String defaultName;
        String target;
        if (gridId != null) {
            GridNode node = grid.node(gridId).orElseThrow(() -> ProblemException.badRequest("invalid-target",
                    "grid " + gridId + " does not exist", Map.of("field", "gridId")));
            if (node.level() == GridLevel.DISTRICT || node.level() == GridLevel.STREET) {
                throw ProblemException.badRequest("invalid-target", "audiences are communities, compounds, micro-grids or buildings",
                        Map.of("field", "gridId"));
            }
            path = node.path();
            defaultName = node.name();
            target = "grid:" + gridId;
        } else {
            BuildingView b = grid.building(buildingId).orElseThrow(() -> ProblemException.badRequest("invalid-target",
                    "building " + buildingId + " does not exist", Map.of("field", "buildingId")));
            long at = b.microGridId() != null ? b.microGridId() : b.compoundId();
            path = grid.node(at).orElseThrow().path();
            defaultName = b.compoundName() + b.name();
            target = "building:" + buildingId;
        }
        if (!user.isStaff()) {
            throw ProblemException.forbidden("audiences are made by grid staff");
        }
        if (!user.covers(path)) { // answered like a target that does not exist
            throw ProblemException.badRequest("invalid-target", (gridId != null ? "grid " + gridId : "building " + buildingId)
                    + " does not exist", Map.of("field", gridId != null ? "gridId" : "buildingId"));
        }
        String n = name == null || name.isBlank() ? defaultName + "群" : name.strip();
        if (n.length() > 200) {
            throw ProblemException.badRequest("invalid-name", "names have at most 200 characters", Map.of("field", "name"));
        }
        if (jdbc.sql("select count(*) from notify_audience where target_key = ?").param(target).query(Integer.class).single() > 0) {
            throw ProblemException.conflict("audience-exists", "this grid or building already has an audience");
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into notify_audience (target_key, grid_id, building_id, grid_path, name, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?)")
                .params(target, gridId, buildingId, path, n, user.accountId(), Timestamp.from(time.now()))
                .update(keys, "id");
        return audience(Objects.requireNonNull(keys.getKey()).longValue()).orElseThrow();
    }

    public Optional<Audience> audience(long id) {
        return jdbc.sql("select id, name, grid_id, building_id, grid_path, webhook_mask, created_at from notify_audience where id = ?")
                .param(id).query((rs, i) -> new Audience(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class),
                        rs.getObject(4, Long.class), rs.getString(5), rs.getString(6), Sender.inst(rs.getTimestamp(7))))
                .optional();
    }

    private Audience require(long id) {
        return audience(id).orElseThrow(() -> ProblemException.notFound("audience", id));
    }

    /** Audiences in the viewer's scope (staff) and those they manage. */
    public List<Audience> list(GridworkUser user) {
        List<Audience> all = jdbc.sql("""
                select id, name, grid_id, building_id, grid_path, webhook_mask, created_at from notify_audience a
                 where exists (select 1 from notify_audience_manager m where m.audience_id = a.id and m.account_id = ?)
                    or ? = true order by grid_path, id""")
                .params(user.accountId(), user.isStaff())
                .query((rs, i) -> new Audience(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class),
                        rs.getObject(4, Long.class), rs.getString(5), rs.getString(6), Sender.inst(rs.getTimestamp(7))))
                .list();
        Set<Long> managed = managedBy(user.accountId());
        return all.stream().filter(a -> managed.contains(a.id()) || (user.isStaff() && user.covers(a.gridPath()))).toList();
    }

    private Set<Long> managedBy(long accountId) {
        return new LinkedHashSet<>(jdbc.sql("select audience_id from notify_audience_manager where account_id = ?")
                .param(accountId).query(Long.class).list());
    }

    private Optional<ManagerRole> managerRole(long audienceId, long accountId) {
        return jdbc.sql("select manager_role from notify_audience_manager where audience_id = ? and account_id = ?")
                .params(audienceId, accountId).query(String.class).optional().map(ManagerRole::valueOf);
    }

    private boolean staffOver(Audience a, GridworkUser user) {
        return user.isStaff() && user.covers(a.gridPath());
    }

    boolean canManage(Audience a, GridworkUser user) {
        return staffOver(a, user) || managerRole(a.id(), user.accountId()).isPresent();
    }

    /** Refuses a change of the audience: 403 to its managers, and to everyone else as if it did not exist. */
    private ProblemException audienceRefusal(Audience a, GridworkUser user, String message) {
        return canManage(a, user) ? ProblemException.forbidden(message) : ProblemException.outOfReach("audience", a.id());
    }

    /** Refuses an action on a notice: 403 to those who see it, and to everyone else as if it did not exist. */
    private ProblemException noticeRefusal(Notice n, Audience a, GridworkUser user, String message) {
        boolean sees = canManage(a, user) || receipt(n.id(), user.accountId()).isPresent();
        return sees ? ProblemException.forbidden(message) : ProblemException.outOfReach("notice", n.id());
    }

    boolean canOwn(Audience a, GridworkUser user) {
        return staffOver(a, user) || managerRole(a.id(), user.accountId()).filter(r -> r == ManagerRole.OWNER).isPresent();
    }

    public AudienceView audienceView(long id, GridworkUser user) {
        Audience a = require(id);
        boolean manage = canManage(a, user);
        if (!manage) {
            throw ProblemException.outOfReach("audience", id);
        }
        List<Manager> managers = jdbc.sql("select account_id, manager_role from notify_audience_manager where audience_id = ? order by manager_role desc, account_id")
                .param(id).query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).list().stream()
                .map(r -> new Manager((Long) r[0], null, ManagerRole.valueOf((String) r[1]))).toList();
        Map<Long, String> names = accounts.displayNames(managers.stream().map(Manager::accountId).toList());
        managers = managers.stream().map(m -> new Manager(m.accountId(), names.getOrDefault(m.accountId(), "?"), m.role())).toList();
        int members = members(a).size();
        return new AudienceView(a, managers, members, notices(id), manage, canOwn(a, user));
    }

    /** An account a group's owner may make a manager: a member of the group found by name (no username or number). */
    public record MemberChoice(long id, String displayName, String username, String phoneMask) {
    }

    /**
     * The group's members whose name contains {@code q}, for its owners (a resident owner searches among the group's
     * residents, never all accounts); staff over the grid search accounts with the general account search.
     */
    public List<MemberChoice> searchMembers(long id, String q, int limit, GridworkUser user) {
        Audience a = require(id);
        if (!canOwn(a, user)) {
            throw audienceRefusal(a, user, "only staff over the grid or the audience's owners choose its managers");
        }
        String term = q == null ? "" : q.strip();
        if (term.isEmpty() || term.length() > 50) {
            return List.of();
        }
        return members(a).stream().filter(m -> m.displayName() != null && m.displayName().contains(term))
                .map(m -> new MemberChoice(m.accountId(), m.displayName(), null, null)).distinct().limit(limit).toList();
    }

    List<AccountApi.ResidentAccount> members(Audience a) {
        return accounts.residentAccounts(a.gridPath(), a.buildingId());
    }

    @Transactional
    public Audience setWebhook(long id, String url, boolean required, GridworkUser user) {
        Audience a = require(id);
        if (!canOwn(a, user)) {
            throw audienceRefusal(a, user, "only staff over the grid or the audience's owners set its robot");
        }
        if (url == null && required) {
            throw ProblemException.badRequest("url-required", "give the robot's webhook url (empty to remove it)", Map.of("field", "url"));
        }
        String u = url == null ? "" : url.strip();
        if (!u.isEmpty()) {
            boolean ok = u.length() <= 1000 && (u.startsWith("https://") || u.startsWith("http://"));
            String host = null;
            if (ok) {
                try {
                    host = java.net.URI.create(u).getHost();
                    ok = host != null;
                } catch (IllegalArgumentException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw ProblemException.badRequest("invalid-webhook", "the robot's webhook must be an http(s) URL", Map.of("field", "url"));
            }
            if (!props.getWecom().allows(host)) {
                throw ProblemException.badRequest("webhook-host-not-allowed", "robots may only be reached at "
                        + props.getWecom().getAllowedHosts() + " (gridwork.notify.wecom.allowed-hosts)", Map.of("field", "url"));
            }
        }
        jdbc.sql("update notify_audience set webhook_enc = ?, webhook_mask = ? where id = ?")
                .params(u.isEmpty() ? null : cipher.encrypt(u), u.isEmpty() ? null : Texts.maskUrl(u), id).update();
        return require(id);
    }

    /** Adds or changes a manager ({@code role}), or removes one ({@code remove}). */
    @Transactional
    public void setManager(long id, Long accountId, ManagerRole role, boolean remove, GridworkUser user) {
        Audience a = require(id);
        if (!canOwn(a, user)) {
            throw audienceRefusal(a, user, "only staff over the grid or the audience's owners choose its managers");
        }
        if (accountId == null || accounts.displayNames(List.of(accountId)).isEmpty()) {
            throw ProblemException.badRequest("invalid-account", "no such account", Map.of("field", "accountId"));
        }
        if (!remove && role == null) {
            throw ProblemException.badRequest("invalid-role", "role is OWNER or ADMIN", Map.of("field", "role"));
        }
        if (!remove && members(a).stream().noneMatch(m -> m.accountId() == accountId)
                && !accounts.accountsCovering(a.gridPath(), java.util.EnumSet.complementOf(
                        java.util.EnumSet.of(io.gridwork.shared.security.Role.RESIDENT, io.gridwork.shared.security.Role.MERCHANT)))
                        .contains(accountId)) {
            throw ProblemException.badRequest("not-in-group", "owners and admins are residents of the group or staff over its grid",
                    Map.of("field", "accountId"));
        }
        jdbc.sql("delete from notify_audience_manager where audience_id = ? and account_id = ?").params(id, accountId).update();
        if (!remove) {
            jdbc.sql("insert into notify_audience_manager (audience_id, account_id, manager_role) values (?, ?, ?)")
                    .params(id, accountId, role.name()).update();
        }
    }

    // ---- notices and tasks ----------------------------------------------------------------------

    @Transactional
    public Notice publish(long audienceId, NoticeType type, String title, String body, List<String> options, Instant dueAt,
            GridworkUser user) {
        Audience a = require(audienceId);
        if (!canManage(a, user)) {
            throw ProblemException.outOfReach("audience", audienceId);
        }
        if (type == null) {
            throw ProblemException.badRequest("invalid-type", "type is NOTICE or TASK", Map.of("field", "type"));
        }
        String t = title == null ? "" : title.strip();
        String b = body == null ? "" : body.strip();
        if (t.isEmpty() || t.length() > 200) {
            throw ProblemException.badRequest("title-required", "a title of 1 to 200 characters", Map.of("field", "title"));
        }
        if (b.isEmpty() || b.length() > 4000) {
            throw ProblemException.badRequest("body-required", "a text of 1 to 4000 characters", Map.of("field", "body"));
        }
        List<String> opts = options == null ? List.of() : options.stream().filter(Objects::nonNull).map(String::strip)
                .filter(s -> !s.isEmpty()).distinct().toList();
        if (type == NoticeType.NOTICE && !opts.isEmpty()) {
            throw ProblemException.badRequest("invalid-options", "only tasks have answer options", Map.of("field", "options"));
        }
        if (opts.size() > 10 || opts.stream().anyMatch(o -> o.length() > 50 || o.contains("\n"))) {
            throw ProblemException.badRequest("invalid-options", "at most 10 options of at most 50 characters", Map.of("field", "options"));
        }
        if (dueAt != null && !dueAt.isAfter(time.now())) {
            throw ProblemException.badRequest("invalid-due", "the due time must lie in the future", Map.of("field", "dueAt"));
        }
        Instant now = time.now();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into notify_notice (audience_id, notice_type, title, body, options, due_at, created_by, author_name, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(audienceId, type.name(), t, b, opts.isEmpty() ? null : String.join("\n", opts),
                        dueAt == null ? null : Timestamp.from(dueAt), user.accountId(), user.displayName(), Timestamp.from(now))
                .update(keys, "id");
        long id = Objects.requireNonNull(keys.getKey()).longValue();
        List<AccountApi.ResidentAccount> members = members(a);
        List<Object[]> batch = new ArrayList<>();
        Set<Long> seen = new LinkedHashSet<>();
        for (var m : members) {
            if (seen.add(m.accountId())) {
                batch.add(new Object[] {id, m.accountId(), m.householdId(), m.buildingId()});
            }
        }
        if (!batch.isEmpty()) {
            batches.batchUpdate("insert into notify_notice_recipient (notice_id, account_id, household_id, building_id) values (?, ?, ?, ?)", batch);
        }
        String key = type == NoticeType.TASK ? "task" : "notice";
        Outbox.Message msg = new Outbox.Message("notice:" + id, type == NoticeType.TASK ? Kind.TASK : Kind.NOTICE, false,
                text("notify.msg." + key + ".title", t, b), text("notify.msg." + key + ".body", t, b), "/notices/" + id);
        outbox.post(msg, seen);
        outbox.postToRobot(msg, audienceId);
        return notice(id).orElseThrow();
    }

    public Optional<Notice> notice(long id) {
        return jdbc.sql("""
                select n.id, n.audience_id, a.name, n.notice_type, n.title, n.body, n.options, n.due_at, n.author_name, n.created_at
                  from notify_notice n join notify_audience a on a.id = n.audience_id where n.id = ?""")
                .param(id)
                .query((rs, i) -> new Notice(rs.getLong(1), rs.getLong(2), rs.getString(3), NoticeType.valueOf(rs.getString(4)),
                        rs.getString(5), rs.getString(6), rs.getString(7) == null ? List.of() : Arrays.asList(rs.getString(7).split("\n")),
                        Sender.inst(rs.getTimestamp(8)), rs.getString(9), Sender.inst(rs.getTimestamp(10))))
                .optional();
    }

    private Notice requireNotice(long id) {
        return notice(id).orElseThrow(() -> ProblemException.notFound("notice", id));
    }

    public List<NoticeSummary> notices(long audienceId) {
        return jdbc.sql("""
                select n.id, n.notice_type, n.title, n.created_at, n.author_name,
                       (select count(*) from notify_notice_recipient r where r.notice_id = n.id),
                       (select count(*) from notify_notice_recipient r where r.notice_id = n.id and r.read_at is null)
                  from notify_notice n where n.audience_id = ? order by n.id desc""")
                .param(audienceId)
                .query((rs, i) -> new NoticeSummary(rs.getLong(1), NoticeType.valueOf(rs.getString(2)), rs.getString(3),
                        Sender.inst(rs.getTimestamp(4)), rs.getString(5), rs.getInt(6), rs.getInt(7)))
                .list();
    }

    /** Notices the account received, newest first. */
    public List<NoticeSummary> received(long accountId) {
        return jdbc.sql("""
                select n.id, n.notice_type, n.title, n.created_at, n.author_name, 0, case when r.read_at is null then 1 else 0 end
                  from notify_notice_recipient r join notify_notice n on n.id = r.notice_id
                 where r.account_id = ? order by n.id desc limit 100""")
                .param(accountId)
                .query((rs, i) -> new NoticeSummary(rs.getLong(1), NoticeType.valueOf(rs.getString(2)), rs.getString(3),
                        Sender.inst(rs.getTimestamp(4)), rs.getString(5), rs.getInt(6), rs.getInt(7)))
                .list();
    }

    private record Receipt(long householdId, long buildingId, Instant readAt) {
    }

    private Optional<Receipt> receipt(long noticeId, long accountId) {
        return jdbc.sql("select household_id, building_id, read_at from notify_notice_recipient where notice_id = ? and account_id = ?")
                .params(noticeId, accountId)
                .query((rs, i) -> new Receipt(rs.getLong(1), rs.getLong(2), Sender.inst(rs.getTimestamp(3)))).optional();
    }

    /** A notice as its viewer may see it: recipients, managers and staff over the audience. */
    public NoticeView noticeView(long noticeId, GridworkUser user) {
        Notice n = requireNotice(noticeId);
        Audience a = require(n.audienceId());
        Optional<Receipt> r = receipt(noticeId, user.accountId());
        boolean manage = canManage(a, user);
        if (r.isEmpty() && !manage) {
            throw ProblemException.outOfReach("notice", noticeId);
        }
        String mine = r.flatMap(x -> jdbc.sql("select answer from notify_task_answer where notice_id = ? and household_id = ?")
                .params(noticeId, x.householdId()).query(String.class).optional()).orElse(null);
        return new NoticeView(n, r.isPresent(), r.map(Receipt::readAt).orElse(null), mine, manage);
    }

    /** The recipient's read receipt (the first reading counts). */
    @Transactional
    public void markRead(long noticeId, GridworkUser user) {
        Notice n = requireNotice(noticeId);
        if (receipt(noticeId, user.accountId()).isEmpty()) {
            throw noticeRefusal(n, require(n.audienceId()), user, "notice " + noticeId + " was not sent to you");
        }
        jdbc.sql("update notify_notice_recipient set read_at = ? where notice_id = ? and account_id = ? and read_at is null")
                .params(Timestamp.from(time.now()), noticeId, user.accountId()).update();
        jdbc.sql("update notify_message set read_at = ? where account_id = ? and event_key = ? and read_at is null")
                .params(Timestamp.from(time.now()), user.accountId(), "notice:" + noticeId).update();
    }

    /** One answer per household; a later one replaces it. Answering also counts as reading. */
    @Transactional
    public void answer(long noticeId, String answer, GridworkUser user) {
        Notice n = requireNotice(noticeId);
        Receipt r = receipt(noticeId, user.accountId())
                .orElseThrow(() -> noticeRefusal(n, require(n.audienceId()), user, "task " + noticeId + " was not sent to you"));
        if (!n.isTask()) {
            throw ProblemException.conflict("not-a-task", "notice " + noticeId + " asks for no answer");
        }
        String text = answer == null ? "" : answer.strip();
        if (text.isEmpty() || text.length() > 1000) {
            throw ProblemException.badRequest("answer-required", "an answer of 1 to 1000 characters", Map.of("field", "answer"));
        }
        if (!n.options().isEmpty() && !n.options().contains(text)) {
            throw ProblemException.badRequest("invalid-answer", "choose one of the options", Map.of("field", "answer"));
        }
        if (n.dueAt() != null && time.now().isAfter(n.dueAt())) {
            throw ProblemException.conflict("task-closed", "the task closed at " + n.dueAt());
        }
        Timestamp now = Timestamp.from(time.now());
        int changed = jdbc.sql("update notify_task_answer set answer = ?, account_id = ?, answered_at = ?, revisions = revisions + 1 where notice_id = ? and household_id = ?")
                .params(text, user.accountId(), now, noticeId, r.householdId()).update();
        if (changed == 0) {
            jdbc.sql("insert into notify_task_answer (notice_id, household_id, building_id, account_id, answer, answered_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing")
                    .params(noticeId, r.householdId(), r.buildingId(), user.accountId(), text, now).update();
        }
        markRead(noticeId, user);
    }

    public Results results(long noticeId, GridworkUser user) {
        Notice n = requireNotice(noticeId);
        Audience a = require(n.audienceId());
        if (!canManage(a, user)) {
            throw noticeRefusal(n, a, user, "only staff over the grid or the audience's managers see the results");
        }
        Map<Long, BuildingResult> byBuilding = new LinkedHashMap<>();
        jdbc.sql("""
                select r.building_id, count(distinct r.household_id), count(*), count(r.read_at),
                       (select count(*) from notify_task_answer t where t.notice_id = r.notice_id and t.building_id = r.building_id)
                  from notify_notice_recipient r where r.notice_id = ? group by r.notice_id, r.building_id order by r.building_id""")
                .param(noticeId)
                .query(rs -> {
                    long b = rs.getLong(1);
                    byBuilding.put(b, new BuildingResult(b, grid.building(b).map(BuildingView::name).orElse(String.valueOf(b)),
                            rs.getInt(2), rs.getInt(5), rs.getInt(2) - rs.getInt(5), rs.getInt(3), rs.getInt(4)));
                });
        List<Object[]> raw = jdbc.sql("select household_id, building_id, answer, account_id, answered_at, revisions from notify_task_answer where notice_id = ? order by building_id, household_id")
                .param(noticeId)
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                    Sender.inst(rs.getTimestamp(5)), rs.getInt(6)})
                .list();
        Map<Long, String> names = accounts.displayNames(raw.stream().map(r -> (Long) r[3]).distinct().toList());
        List<Answer> answers = raw.stream().map(r -> new Answer((Long) r[0], (Long) r[1], (String) r[2],
                io.gridwork.shared.Masking.name(names.getOrDefault((Long) r[3], "?")), (Instant) r[4], (Integer) r[5])).toList();
        int recipients = byBuilding.values().stream().mapToInt(BuildingResult::accounts).sum();
        int read = byBuilding.values().stream().mapToInt(BuildingResult::read).sum();
        int households = byBuilding.values().stream().mapToInt(BuildingResult::households).sum();
        return new Results(noticeId, recipients, read, recipients - read, households, answers.size(),
                List.copyOf(byBuilding.values()), answers);
    }

    /** Reminds every recipient whose household has not answered; returns the number of households reminded. */
    @Transactional
    public int remind(long noticeId, GridworkUser user) {
        Notice n = requireNotice(noticeId);
        Audience a = require(n.audienceId());
        if (!canManage(a, user)) {
            throw noticeRefusal(n, a, user, "only staff over the grid or the audience's managers send reminders");
        }
        if (!n.isTask()) {
            throw ProblemException.conflict("not-a-task", "notice " + noticeId + " asks for no answer");
        }
        List<Object[]> missing = jdbc.sql("""
                select r.account_id, r.household_id from notify_notice_recipient r
                 where r.notice_id = ? and not exists
                   (select 1 from notify_task_answer t where t.notice_id = r.notice_id and t.household_id = r.household_id)""")
                .param(noticeId).query((rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2)}).list();
        if (missing.isEmpty()) {
            return 0;
        }
        // one reminder per minute at most: a double click sends nothing twice
        long minute = time.now().getEpochSecond() / 60;
        outbox.post(new Outbox.Message("notice:" + noticeId + ":remind:" + minute, Kind.TASK, false,
                text("notify.msg.taskReminder.title", n.title()), text("notify.msg.taskReminder.body", n.title()),
                "/notices/" + noticeId), missing.stream().map(r -> (Long) r[0]).toList());
        return (int) missing.stream().map(r -> r[1]).distinct().count();
    }

    // ---- questions and answers ------------------------------------------------------------------

    public List<Question> questions(long noticeId, GridworkUser user) {
        noticeView(noticeId, user);
        return jdbc.sql("select id, notice_id, author_name, body, asked_at, reply, replier_name, replied_at from notify_question where notice_id = ? order by id")
                .param(noticeId)
                .query((rs, i) -> new Question(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        Sender.inst(rs.getTimestamp(5)), rs.getString(6), rs.getString(7), Sender.inst(rs.getTimestamp(8))))
                .list();
    }

    @Transactional
    public Question askQuestion(long noticeId, String body, GridworkUser user) {
        noticeView(noticeId, user);
        String text = body == null ? "" : body.strip();
        if (text.isEmpty() || text.length() > 1000) {
            throw ProblemException.badRequest("question-required", "a question of 1 to 1000 characters", Map.of("field", "body"));
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into notify_question (notice_id, account_id, author_name, body, asked_at) values (?, ?, ?, ?, ?)")
                .params(noticeId, user.accountId(), io.gridwork.shared.Masking.name(user.displayName()), text, Timestamp.from(time.now()))
                .update(keys, "id");
        long id = Objects.requireNonNull(keys.getKey()).longValue();
        return questions(noticeId, user).stream().filter(q -> q.id() == id).findFirst().orElseThrow();
    }

    @Transactional
    public Question replyTo(long noticeId, long questionId, String reply, GridworkUser user) {
        Notice n = requireNotice(noticeId);
        Audience a = require(n.audienceId());
        if (!canManage(a, user)) {
            throw noticeRefusal(n, a, user, "only staff over the grid or the audience's managers answer questions");
        }
        Long asker = jdbc.sql("select account_id from notify_question where id = ? and notice_id = ?").params(questionId, noticeId)
                .query(Long.class).optional().orElseThrow(() -> ProblemException.notFound("question", questionId));
        String text = reply == null ? "" : reply.strip();
        if (text.isEmpty() || text.length() > 2000) {
            throw ProblemException.badRequest("reply-required", "a reply of 1 to 2000 characters", Map.of("field", "reply"));
        }
        jdbc.sql("update notify_question set reply = ?, replied_by = ?, replier_name = ?, replied_at = ? where id = ?")
                .params(text, user.accountId(), user.displayName(), Timestamp.from(time.now()), questionId).update();
        outbox.post(new Outbox.Message("notice:" + noticeId + ":question:" + questionId + ":reply:" + text.hashCode(), Kind.NOTICE,
                false, text("notify.msg.reply.title"), text("notify.msg.reply.body", n.title(), text), "/notices/" + noticeId),
                List.of(asker));
        return questions(noticeId, user).stream().filter(q -> q.id() == questionId).findFirst().orElseThrow();
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, java.util.Locale.SIMPLIFIED_CHINESE);
    }

    // ---- GroupsApi --------------------------------------------------------------------------------

    @Override
    @Transactional
    public long createAudience(Long gridId, Long buildingId, String name, GridworkUser actor) {
        return create(gridId, buildingId, name, actor).id();
    }

    @Override
    @Transactional
    public void addManager(long audienceId, long accountId, boolean owner, GridworkUser actor) {
        setManager(audienceId, accountId, owner ? ManagerRole.OWNER : ManagerRole.ADMIN, false, actor);
    }

    @Override
    @Transactional
    public long publish(long audienceId, boolean task, String title, String body, List<String> options, Instant dueAt,
            GridworkUser actor) {
        return publish(audienceId, task ? NoticeType.TASK : NoticeType.NOTICE, title, body, options, dueAt, actor).id();
    }

    @Override
    @Transactional
    public long ask(long noticeId, String question, GridworkUser actor) {
        return askQuestion(noticeId, question, actor).id();
    }

    @Override
    @Transactional
    public void reply(long noticeId, long questionId, String reply, GridworkUser actor) {
        replyTo(noticeId, questionId, reply, actor);
    }

    @Override
    public long audiencesUnder(String gridPath) {
        return jdbc.sql("select count(*) from notify_audience where grid_path like ?").param(gridPath + "%")
                .query(Long.class).single();
    }

    @Override
    public int handOverManagers(java.util.Collection<Long> fromAccountIds, long toAccountId, String gridPath) {
        return handOvers.handOver(fromAccountIds, toAccountId, gridPath);
    }

    @Override
    public List<Long> managedAudiences(long accountId, String gridPath) {
        return handOvers.managed(List.of(accountId), gridPath);
    }

    @Override
    public long unreadMessages(long accountId) {
        // the same count as Inbox.unread (the menu's badge)
        return jdbc.sql("select count(*) from notify_message where account_id = ? and read_at is null").param(accountId)
                .query(Long.class).single();
    }

    @Override
    public List<TaskAnswers> taskAnswersByBuilding(String gridPath, Instant from, Instant to) {
        // households asked: the distinct households among the recipients (several accounts may share one)
        return jdbc.sql("""
                select n.id, n.title, n.created_at, n.due_at, r.building_id, count(distinct r.household_id),
                       count(distinct case when t.household_id is not null then r.household_id end)
                  from notify_notice n join notify_audience a on a.id = n.audience_id
                  join notify_notice_recipient r on r.notice_id = n.id
                  left join notify_task_answer t on t.notice_id = n.id and t.household_id = r.household_id
                 where n.notice_type = 'TASK' and n.created_at >= ? and n.created_at < ? and a.grid_path like ?
                 group by n.id, n.title, n.created_at, n.due_at, r.building_id
                 order by n.created_at, n.id, r.building_id""")
                .params(Timestamp.from(from), Timestamp.from(to), gridPath + "%")
                .query((rs, i) -> new TaskAnswers(rs.getLong(1), rs.getString(2), Sender.inst(rs.getTimestamp(3)),
                        Sender.inst(rs.getTimestamp(4)), rs.getLong(5), rs.getLong(6), rs.getLong(7)))
                .list();
    }
}
