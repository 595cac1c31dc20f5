package io.gridwork.campaign.internal;

import static io.gridwork.campaign.internal.Campaign.ts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

import io.gridwork.shared.images.PhotoImages;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.storage.FileStore;
import io.gridwork.shared.web.ProblemException;

/**
 * Photos taken on visits, uploaded before the visit that names them (a phone that was offline sends
 * them first when the network returns). Checked and re-encoded by {@link PhotoImages} (no EXIF, a
 * thumbnail), stored through the {@link FileStore}; the phone's id for the photo makes a re-upload
 * return the first one.
 */
@Service
public class CampaignPhotos {

    public record Photo(long id, long campaignId, Long visitId, int width, int height, long bytes, Instant uploadedAt) {
    }

    public record Content(InputStream stream, String etag) {
    }

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    private final JdbcClient jdbc;
    private final CampaignService campaigns;
    private final PhotoImages images;
    private final FileStore store;

    CampaignPhotos(JdbcClient jdbc, CampaignService campaigns, PhotoImages images, FileStore store) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.images = images;
        this.store = store;
    }

    public long maxBytes() {
        return images.maxBytes();
    }

    public Photo add(long campaignId, String clientId, String name, long size, byte[] content, GridworkUser user) {
        Campaign c = campaigns.require(campaignId);
        if (!campaigns.maySee(c, user)) {
            throw ProblemException.outOfReach("campaign", campaignId);
        }
        if (!c.running()) {
            throw ProblemException.conflict("campaign-not-running", "campaign " + campaignId + " is " + c.status());
        }
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw ProblemException.badRequest("client-id-required", "each photo carries the id the phone made for it",
                    Map.of("field", "clientId"));
        }
        var again = find(campaignId, user.accountId(), clientId);
        if (again.isPresent()) {
            return again.get();
        }
        String file = name == null || name.isBlank() ? "file" : name;
        images.checkSize(content != null ? content.length : size, file);
        PhotoImages.Processed p = images.process(content, file);
        String base = "campaigns/" + campaignId + "/" + UUID.randomUUID().toString().replace("-", "");
        String key = base + ".jpg";
        String thumb = base + "_thumb.jpg";
        try {
            store.put(key, p.jpeg());
            store.put(thumb, p.thumbnail());
            var id = new GeneratedKeyHolder();
            jdbc.sql("""
                    insert into campaign_photo (campaign_id, client_id, storage_key, thumb_key, width, height, bytes, sha256,
                        uploaded_by, uploaded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(campaignId, clientId, key, thumb, p.width(), p.height(), p.jpeg().length, p.sha256(),
                            user.accountId(), ts(Instant.now()))
                    .update(id, "id");
            return find(campaignId, user.accountId(), clientId).orElseThrow();
        } catch (DuplicateKeyException raced) {
            undo(key, thumb);
            return find(campaignId, user.accountId(), clientId).orElseThrow(() -> raced);
        } catch (IOException e) {
            undo(key, thumb);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            undo(key, thumb);
            throw e;
        }
    }

    private void undo(String... keys) {
        for (String k : keys) {
            try {
                store.delete(k);
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
        }
    }

    private java.util.Optional<Photo> find(long campaignId, long accountId, String clientId) {
        return jdbc.sql("""
                select id, campaign_id, visit_id, width, height, bytes, uploaded_at from campaign_photo
                 where campaign_id = ? and uploaded_by = ? and client_id = ?""")
                .params(campaignId, accountId, clientId)
                .query((rs, n) -> new Photo(rs.getLong(1), rs.getLong(2), (Long) rs.getObject(3, Long.class), rs.getInt(4),
                        rs.getInt(5), rs.getLong(6), Campaign.inst(rs, "uploaded_at")))
                .optional();
    }

    private record Stored(long campaignId, String key, String thumb, String sha, Long visitId, long uploadedBy) {
    }

    private java.util.Optional<Stored> stored(long photoId) {
        return jdbc.sql("select campaign_id, storage_key, thumb_key, sha256, visit_id, uploaded_by from campaign_photo where id = ?")
                .param(photoId).query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Long) rs.getObject(5, Long.class), rs.getLong(6)))
                .optional();
    }

    /**
     * The photo or its thumbnail. A visit's photos show a household's home: they are for whoever uploaded them, the
     * grid staff of the register covering the household, and the campaign's volunteers for their part (a photo not
     * yet named in a visit: its uploader and the campaign's grid staff). Anyone else who may see the campaign (the
     * property company, owners committee, party branch, the service team) is refused by role (403); a photo in
     * another part of the campaign is answered as one that does not exist (404).
     */
    public Content open(long photoId, boolean thumbnail, GridworkUser viewer) {
        Stored row = stored(photoId).orElseThrow(() -> ProblemException.notFound("photo", photoId));
        Campaign c = campaigns.cached(row.campaignId());
        if (!campaigns.maySee(c, viewer)) {
            throw ProblemException.outOfReach("photo", photoId);
        }
        if (row.uploadedBy() != viewer.accountId()) {
            boolean volunteer = campaigns.volunteerPath(c.id(), viewer.accountId()) != null;
            if (!CampaignService.readsRooms(viewer) && !volunteer) {
                throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, "visitors-only",
                        "visit photos are for the grid staff and volunteers who visit the households");
            }
            String household = row.visitId() == null ? null : jdbc.sql("""
                    select h.grid_path from campaign_visit v
                      join campaign_household h on h.campaign_id = v.campaign_id and h.household_id = v.household_id
                     where v.id = ?""").param(row.visitId()).query(String.class).optional().orElse(null);
            boolean reach = household == null ? CampaignService.readsRooms(viewer)
                    : campaigns.mayReadHousehold(c, household, viewer);
            if (!reach) {
                throw ProblemException.notFound("photo", photoId);
            }
        }
        return content(row, photoId, thumbnail);
    }

    /**
     * A photo for a module that has decided the viewer's reach itself: the rectification list shows the photos of the
     * visit that found an item to the party the item is assigned to.
     */
    public java.util.Optional<Content> openChecked(long photoId, boolean thumbnail) {
        return stored(photoId).map(row -> content(row, photoId, thumbnail));
    }

    private Content content(Stored row, long photoId, boolean thumbnail) {
        try {
            InputStream in = store.open(thumbnail ? row.thumb() : row.key())
                    .orElseThrow(() -> ProblemException.notFound("photo", photoId));
            return new Content(in, "\"" + row.sha().substring(0, 16) + (thumbnail ? "t" : "") + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
