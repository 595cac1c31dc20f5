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

    /** The photo or its thumbnail, for anyone who may see the campaign. */
    public Content open(long photoId, boolean thumbnail, GridworkUser viewer) {
        record Row(long campaignId, String key, String thumb, String sha) {
        }
        Row row = jdbc.sql("select campaign_id, storage_key, thumb_key, sha256 from campaign_photo where id = ?").param(photoId)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).optional()
                .orElseThrow(() -> ProblemException.notFound("photo", photoId));
        if (!campaigns.maySee(campaigns.cached(row.campaignId()), viewer)) {
            throw ProblemException.outOfReach("photo", photoId);
        }
        try {
            InputStream in = store.open(thumbnail ? row.thumb() : row.key())
                    .orElseThrow(() -> ProblemException.notFound("photo", photoId));
            return new Content(in, "\"" + row.sha().substring(0, 16) + (thumbnail ? "t" : "") + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
