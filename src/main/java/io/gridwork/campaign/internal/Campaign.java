package io.gridwork.campaign.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** A campaign as stored. */
public record Campaign(long id, String title, String kind, long communityId, String anchorPath, String careTag,
        CampaignForm form, int formVersion, String status, Instant startsAt, Instant deadline, int households,
        long createdBy, String createdByName, Instant createdAt, Instant dispatchedAt, Instant finishedAt) {

    public static final String COLUMNS = "id, title, kind, community_id, anchor_path, care_tag, form_json, form_version, "
            + "status, starts_at, deadline, households, created_by, created_by_name, created_at, dispatched_at, finished_at";

    public boolean running() {
        return "RUNNING".equals(status);
    }

    public boolean emergency() {
        return "EMERGENCY".equals(kind);
    }

    static Campaign map(ResultSet rs, int n) throws SQLException {
        return new Campaign(rs.getLong("id"), rs.getString("title"), rs.getString("kind"), rs.getLong("community_id"),
                rs.getString("anchor_path"), rs.getString("care_tag"), CampaignForm.parse(rs.getString("form_json")),
                rs.getInt("form_version"), rs.getString("status"), inst(rs, "starts_at"), inst(rs, "deadline"),
                rs.getInt("households"), rs.getLong("created_by"), rs.getString("created_by_name"), inst(rs, "created_at"),
                inst(rs, "dispatched_at"), inst(rs, "finished_at"));
    }

    static Instant inst(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
