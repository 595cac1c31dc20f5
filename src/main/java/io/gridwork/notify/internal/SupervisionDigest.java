package io.gridwork.notify.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.access.AccountApi;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.Party;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * 每日督办摘要: each morning, at the hour the community chose (Beijing time), its designated person gets the community's
 * yellow and red demands by responsible party, with the link to the supervision board (督办), in the inbox and on the
 * channels they chose for supervision messages ({@link Kind#DEMAND_SUPERVISION}). Nothing is sent on a day with nothing
 * yellow or red (the day's run is still recorded, with its zero counts).
 * <p>
 * <b>Once per community and day, across instances</b>: the run row {@code (community_id, digest_day)} is inserted with
 * {@code on conflict do nothing} in the transaction that posts the message; only the instance whose insert added the row
 * posts, a second waits on the first's key and then adds nothing. The scan runs every
 * {@code gridwork.notify.digest-scan-ms} (a minute; tests drive {@link #sendDue} themselves).
 */
@Service
public class SupervisionDigest {

    private static final Logger log = LoggerFactory.getLogger(SupervisionDigest.class);
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    /** Demands named per party in the text; the board lists them all. */
    static final int NAMED_PER_PARTY = 5;

    public record Setting(long communityId, long accountId, String accountName, int hour, boolean enabled, String updatedBy,
            Instant updatedAt) {
    }

    public record Run(LocalDate day, String accountName, int yellow, int red, boolean sent, Instant madeAt) {
    }

    public record Choice(long accountId, String name) {
    }

    private final JdbcClient jdbc;
    private final DemandApi demands;
    private final GridApi grid;
    private final AccountApi accounts;
    private final Outbox outbox;
    private final NotifyTime time;
    private final MessageSource messages;
    private final TransactionTemplate tx;

    SupervisionDigest(JdbcClient jdbc, DemandApi demands, GridApi grid, AccountApi accounts, Outbox outbox, NotifyTime time,
            MessageSource messages, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.demands = demands;
        this.grid = grid;
        this.accounts = accounts;
        this.outbox = outbox;
        this.time = time;
        this.messages = messages;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${gridwork.notify.digest-scan-ms:60000}", initialDelayString = "${gridwork.notify.digest-scan-ms:60000}")
    void scan() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            log.warn("supervision digest scan failed: {}", e.toString());
        }
    }

    /** Makes today's digest of every community whose hour has come and that has none yet; returns how many were made. */
    public int sendDue() {
        ZonedDateTime now = time.now().atZone(ZONE);
        LocalDate today = now.toLocalDate();
        List<Long> due = jdbc.sql("""
                select s.community_id from notify_digest_setting s
                 where s.enabled and s.send_hour <= ?
                   and not exists (select 1 from notify_digest_run r where r.community_id = s.community_id and r.digest_day = ?)
                 order by s.community_id""")
                .params(now.getHour(), java.sql.Date.valueOf(today)).query(Long.class).list();
        int made = 0;
        for (long community : due) {
            try {
                Boolean done = tx.execute(status -> makeDigest(community, today));
                if (Boolean.TRUE.equals(done)) {
                    made++;
                }
            } catch (org.springframework.dao.DataIntegrityViolationException e) {
                // another instance inserted the day's row at the same moment (H2 reports the clash instead of waiting)
                log.debug("digest of community {} on {} made elsewhere", community, today);
            }
        }
        return made;
    }

    /** Claims and makes one community's digest of a day; false when another instance (or an earlier run) made it. */
    boolean makeDigest(long communityId, LocalDate day) {
        Optional<Setting> setting = setting(communityId);
        GridNode community = grid.node(communityId).orElse(null);
        if (setting.isEmpty() || community == null) {
            return false;
        }
        List<DemandApi.BoardItem> board = demands.supervisionBoard(community.path());
        int red = (int) board.stream().filter(b -> "RED".equals(b.colour())).count();
        int yellow = board.size() - red;
        boolean send = !board.isEmpty();
        int claimed = jdbc.sql("""
                insert into notify_digest_run (community_id, digest_day, account_id, yellow, red, sent, made_at)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(communityId, java.sql.Date.valueOf(day), setting.get().accountId(), yellow, red, send,
                        Timestamp.from(time.now())).update();
        if (claimed == 0) {
            return false;
        }
        if (send) {
            outbox.post(new Outbox.Message("digest:" + communityId + ":" + day, Kind.DEMAND_SUPERVISION, false,
                    text("notify.digest.msgTitle", community.name(), day.toString(), red, yellow), body(board), "/supervision"),
                    List.of(setting.get().accountId()));
        }
        return true;
    }

    /** Per responsible party: its red and yellow counts and the first demands' reference numbers. */
    String body(List<DemandApi.BoardItem> board) {
        Map<Party, List<DemandApi.BoardItem>> byParty = new LinkedHashMap<>();
        for (DemandApi.BoardItem b : board) {
            for (Party p : b.openParties().isEmpty() ? List.of(Party.GRID) : b.openParties()) {
                byParty.computeIfAbsent(p, k -> new ArrayList<>()).add(b);
            }
        }
        List<String> lines = new ArrayList<>();
        byParty.forEach((party, items) -> {
            long red = items.stream().filter(b -> "RED".equals(b.colour())).count();
            List<String> refs = items.stream().limit(NAMED_PER_PARTY).map(DemandApi.BoardItem::refNo).toList();
            String more = items.size() > NAMED_PER_PARTY ? text("notify.digest.more", items.size() - NAMED_PER_PARTY) : "";
            lines.add(text("notify.digest.partyLine", text("party." + party), red, items.size() - red, String.join("、", refs) + more));
        });
        lines.add(text("notify.digest.link"));
        return String.join("\n", lines);
    }

    // ---- the community's setting -------------------------------------------------------------------

    public Optional<Setting> setting(long communityId) {
        return jdbc.sql("""
                select s.community_id, s.account_id, a.display_name, s.send_hour, s.enabled, s.updated_by, s.updated_at
                  from notify_digest_setting s join v_access_account a on a.id = s.account_id where s.community_id = ?""")
                .param(communityId).query((rs, n) -> new Setting(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
                        rs.getBoolean(5), rs.getString(6), rs.getTimestamp(7).toInstant())).optional();
    }

    /** The community (given, or the first of the viewer's scope) if community or street staff (or an admin) cover it. */
    public GridNode community(Long communityId, GridworkUser viewer) {
        if (!(viewer.has(Role.COMMUNITY_STAFF) || viewer.has(Role.STREET_STAFF) || viewer.isAdmin())) {
            throw ProblemException.forbidden("the digest is set by community staff");
        }
        GridNode node;
        if (communityId == null) {
            node = (viewer.isAdmin() ? List.of("/") : viewer.scopePaths()).stream()
                    .flatMap(p -> grid.nodesUnder(p, GridLevel.COMMUNITY, null, 1).stream()).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("community", "scope"));
        } else {
            node = grid.node(communityId).orElseThrow(() -> ProblemException.notFound("community", communityId));
            if (!viewer.covers(node.path())) {
                throw ProblemException.outOfReach("community", communityId);
            }
        }
        if (node.level() != GridLevel.COMMUNITY) {
            throw ProblemException.badRequest("digest-not-a-community", "the digest is set per community");
        }
        return node;
    }

    /** Who may be designated: community and street staff accounts whose scope covers the community. */
    public List<Choice> choices(GridNode community) {
        List<Long> ids = accounts.accountsCovering(community.path(), Set.of(Role.COMMUNITY_STAFF, Role.STREET_STAFF));
        Map<Long, String> names = accounts.displayNames(ids);
        return ids.stream().map(id -> new Choice(id, names.getOrDefault(id, ""))).toList();
    }

    public Setting save(GridNode community, Long accountId, Integer hour, boolean enabled, GridworkUser by) {
        if (hour == null || hour < 0 || hour > 23) {
            throw ProblemException.badRequest("digest-invalid-hour", "the hour is a whole number from 0 to 23");
        }
        if (accountId == null || choices(community).stream().noneMatch(c -> c.accountId() == accountId)) {
            throw ProblemException.badRequest("digest-invalid-person", "the designated person is community or street staff of the community");
        }
        Timestamp now = Timestamp.from(Instant.now());
        return tx.execute(status -> {
            int updated = jdbc.sql("""
                    update notify_digest_setting set account_id = ?, send_hour = ?, enabled = ?, updated_by = ?, updated_at = ?
                     where community_id = ?""").params(accountId, hour, enabled, by.displayName(), now, community.id()).update();
            if (updated == 0) {
                jdbc.sql("""
                        insert into notify_digest_setting (community_id, account_id, send_hour, enabled, updated_by, updated_at)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                        .params(community.id(), accountId, hour, enabled, by.displayName(), now).update();
            }
            return setting(community.id()).orElseThrow();
        });
    }

    /** The community's last digests, newest first. */
    public List<Run> runs(long communityId, int limit) {
        return jdbc.sql("""
                select r.digest_day, a.display_name, r.yellow, r.red, r.sent, r.made_at from notify_digest_run r
                  left join v_access_account a on a.id = r.account_id where r.community_id = ? order by r.digest_day desc fetch first ? rows only""")
                .params(communityId, limit).query((rs, n) -> new Run(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getInt(3),
                        rs.getInt(4), rs.getBoolean(5), rs.getTimestamp(6).toInstant())).list();
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, ZH);
    }
}
