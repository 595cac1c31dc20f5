package io.gridwork.campaign.internal;

import static io.gridwork.campaign.internal.Campaign.ts;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.campaign.CampaignEvents;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import tools.jackson.core.type.TypeReference;

/**
 * Recording visits. A visit carries the phone's own id ({@code clientId}): a visit sent twice (after a
 * dropped connection) finds the first and changes nothing. In the same transaction the household's
 * current outcome moves (the latest visit by the time it happened wins, so a queue flushed out of
 * order still ends right) and the micro-grid's coverage counters move by the difference.
 */
@Service
public class CampaignVisits {

    public enum Outcome { DONE, NOT_HOME, REFUSED, VACANT }

    public record VisitRequest(String clientId, Long householdId, String outcome, Map<String, Object> answers,
            String note, Instant visitedAt) {
    }

    public record Visit(long id, long campaignId, long householdId, String clientId, Outcome outcome,
            Map<String, Object> answers, String note, int formVersion, int hazards, String recordedBy,
            Instant visitedAt, Instant receivedAt) {
    }

    public record Recorded(Visit visit, boolean duplicate) {
    }

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final TypeReference<Map<String, Object>> ANSWERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final CampaignService campaigns;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    CampaignVisits(JdbcClient jdbc, CampaignService campaigns, ApplicationEventPublisher events, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.events = events;
        this.tx = tx;
    }

    public Recorded record(long campaignId, VisitRequest in, GridworkUser user) {
        campaigns.requireSee(campaignId, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the visit as JSON");
        }
        if (in.clientId() == null || !CLIENT_ID.matcher(in.clientId()).matches()) {
            throw ProblemException.badRequest("client-id-required",
                    "each visit carries the id the phone made for it: 8-64 letters, digits, '-' or '_'",
                    Map.of("field", "clientId"));
        }
        try {
            return tx.execute(s -> recordOnce(campaignId, in, user));
        } catch (DuplicateKeyException raced) {
            // the same visit arrived twice at once: the other request recorded it
            return tx.execute(s -> existing(campaignId, in, user)
                    .orElseThrow(() -> raced));
        }
    }

    private java.util.Optional<Recorded> existing(long campaignId, VisitRequest in, GridworkUser user) {
        return find(campaignId, in.clientId()).map(v -> {
            if (in.householdId() != null && v.householdId() != in.householdId()) {
                throw ProblemException.conflict("client-id-reused",
                        "visit id " + in.clientId() + " was already used for another household");
            }
            return new Recorded(v, true);
        });
    }

    private Recorded recordOnce(long campaignId, VisitRequest in, GridworkUser user) {
        try {
            return recordNew(campaignId, in, user);
        } catch (ProblemException refused) {
            // a resend of a visit already recorded is absorbed, even when it would be refused now
            // (the campaign has finished since, say); nothing was written before the refusal
            var again = existing(campaignId, in, user);
            if (again.isPresent()) {
                return again.get();
            }
            throw refused;
        }
    }

    /** Records a new visit; a visit sent before hits the unique client id and {@link #record} finds it. */
    private Recorded recordNew(long campaignId, VisitRequest in, GridworkUser user) {
        Campaign c = campaigns.cached(campaignId);
        if (in.householdId() == null) {
            throw ProblemException.badRequest("household-required", "say which household was visited",
                    Map.of("field", "householdId"));
        }
        Outcome outcome;
        try {
            outcome = Outcome.valueOf(String.valueOf(in.outcome()).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-outcome", "outcome is DONE, NOT_HOME, REFUSED or VACANT",
                    Map.of("field", "outcome"));
        }
        record Place(long buildingId, long gridId, String gridPath, String status, int formVersion) {
        }
        // the campaign's status and form version come fresh with the household
        Place place = jdbc.sql("""
                select h.building_id, h.grid_id, h.grid_path, c.status, c.form_version
                  from campaign_household h join campaign c on c.id = h.campaign_id
                 where h.campaign_id = ? and h.household_id = ?""")
                .params(campaignId, in.householdId())
                .query((rs, n) -> new Place(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5)))
                .optional()
                .orElseThrow(() -> new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "household-not-in-campaign",
                        "household " + in.householdId() + " is not among the households of campaign " + campaignId,
                        Map.of("field", "householdId")));
        if (!place.status().equals(c.status()) || place.formVersion() != c.formVersion()) {
            campaigns.forget(campaignId);
            c = campaigns.require(campaignId);
        }
        if (!campaigns.mayVisit(c, place.gridPath(), user)) {
            throw ProblemException.forbidden("household " + in.householdId() + " lies outside your grids and you do not "
                    + "volunteer for this part of campaign " + campaignId);
        }
        if (!c.running()) {
            throw ProblemException.conflict("campaign-not-running", "campaign " + campaignId + " is " + c.status()
                    + "; visits are recorded while it runs");
        }
        Map<String, Object> answers = Map.of();
        if (outcome == Outcome.DONE) {
            answers = c.form().check(in.answers(), photosOf(campaignId, user, in.answers()));
        } else if (in.answers() != null && !in.answers().isEmpty()) {
            throw ProblemException.badRequest("answers-not-expected", "only a DONE visit carries answers",
                    Map.of("field", "answers"));
        }
        String note = in.note() == null ? null : in.note().strip();
        if (note != null && note.length() > 1000) {
            throw ProblemException.badRequest("note-too-long", "a note has at most 1000 characters", Map.of("field", "note"));
        }
        Instant now = Instant.now();
        Instant at = in.visitedAt() == null || in.visitedAt().isAfter(now.plus(Duration.ofMinutes(5))) ? now : in.visitedAt();
        List<CampaignForm.Hazard> hazards = c.form().hazards(answers);

        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into campaign_visit (campaign_id, household_id, client_id, outcome, answers_json, note, form_version,
                    hazards, recorded_by, recorded_by_name, visited_at, received_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(campaignId, in.householdId(), in.clientId(), outcome.name(),
                        answers.isEmpty() ? null : CampaignForm.JSON.writeValueAsString(answers), note, c.formVersion(),
                        hazards.size(), user.accountId(), user.displayName(), ts(at), ts(now))
                .update(key, "id");
        long visitId = key.getKey().longValue();

        // the household's row is the lock: visits to one household count one after the other
        record Current(String outcome, int hazards, Instant at) {
        }
        Current cur = jdbc.sql("""
                select outcome, hazards, visited_at from campaign_household where campaign_id = ? and household_id = ? for update""")
                .params(campaignId, in.householdId())
                .query((rs, n) -> new Current(rs.getString(1), rs.getInt(2), Campaign.inst(rs, "visited_at"))).single();
        if (cur.at() == null || !cur.at().isAfter(at)) {
            jdbc.sql("""
                    update campaign_household set outcome = ?, hazards = ?, visit_id = ?, visited_at = ?
                     where campaign_id = ? and household_id = ?""")
                    .params(outcome.name(), hazards.size(), visitId, ts(at), campaignId, in.householdId()).update();
            int[] d = new int[4];
            if (cur.outcome() != null) {
                d[Outcome.valueOf(cur.outcome()).ordinal()]--;
            }
            d[outcome.ordinal()]++;
            jdbc.sql("""
                    update campaign_coverage set done = done + ?, not_home = not_home + ?, refused = refused + ?,
                        vacant = vacant + ?, hazards = hazards + ? where campaign_id = ? and grid_id = ?""")
                    .params(d[0], d[1], d[2], d[3], hazards.size() - cur.hazards(), campaignId, place.gridId()).update();
        }
        List<Long> photoIds = c.form().photoIds(answers);
        if (!photoIds.isEmpty()) {
            jdbc.sql("update campaign_photo set visit_id = :visit where campaign_id = :c and id in (:ids) and visit_id is null")
                    .param("visit", visitId).param("c", campaignId).param("ids", photoIds).update();
        }
        for (CampaignForm.Hazard h : hazards) {
            events.publishEvent(new CampaignEvents.HazardFound("campaign:" + campaignId + ":visit:" + visitId + ":" + h.fieldKey(),
                    campaignId, visitId, c.communityId(), in.householdId(), place.buildingId(), place.gridId(),
                    place.gridPath(), h.label() + ": " + h.answer(), c.title() + (note == null || note.isEmpty() ? "" : " — " + note),
                    photoIds, user.accountId(), at));
        }
        return new Recorded(new Visit(visitId, campaignId, in.householdId(), in.clientId(), outcome, answers, note,
                c.formVersion(), hazards.size(), user.displayName(), at, now), false);
    }

    /** The ids of photos this user uploaded to the campaign (only when the answers name some). */
    private Set<Long> photosOf(long campaignId, GridworkUser user, Map<String, Object> answers) {
        if (answers == null || answers.values().stream().noneMatch(v -> v instanceof List<?> l && !l.isEmpty()
                && l.get(0) instanceof Number)) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select id from campaign_photo where campaign_id = ? and uploaded_by = ?")
                .params(campaignId, user.accountId()).query(Long.class).list());
    }

    static final String SELECT = """
            select id, campaign_id, household_id, client_id, outcome, answers_json, note, form_version, hazards,
                   recorded_by_name, visited_at, received_at from campaign_visit""";

    static Visit map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        String json = rs.getString("answers_json");
        return new Visit(rs.getLong("id"), rs.getLong("campaign_id"), rs.getLong("household_id"), rs.getString("client_id"),
                Outcome.valueOf(rs.getString("outcome")), json == null ? Map.of() : CampaignForm.JSON.readValue(json, ANSWERS),
                rs.getString("note"), rs.getInt("form_version"), rs.getInt("hazards"), rs.getString("recorded_by_name"),
                Campaign.inst(rs, "visited_at"), Campaign.inst(rs, "received_at"));
    }

    public java.util.Optional<Visit> find(long campaignId, String clientId) {
        return jdbc.sql(SELECT + " where campaign_id = ? and client_id = ?").params(campaignId, clientId)
                .query(CampaignVisits::map).optional();
    }

    /** The visits to one household, newest first. */
    public List<Visit> ofHousehold(long campaignId, long householdId) {
        return jdbc.sql(SELECT + " where campaign_id = ? and household_id = ? order by visited_at desc, id desc")
                .params(campaignId, householdId).query(CampaignVisits::map).list();
    }
}
