package io.gridwork.demand.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.demand.DemandStatus;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.images.PhotoImages;
import io.gridwork.shared.storage.FileStore;
import io.gridwork.shared.web.ProblemException;

/**
 * Photos of a demand: up to {@code gridwork.photos.per-stage} (9) at report time, by the reporter or
 * the staff member who entered the demand, and as many with the resolution, by a handler. An upload
 * of several files is all or nothing: every file is checked and re-encoded before anything is
 * written, the count is checked again under a lock on the demand, and files whose row did not commit
 * are removed.
 */
@Service
public class DemandPhotos {

    private static final Logger log = LoggerFactory.getLogger(DemandPhotos.class);

    /** When a photo was taken: with the report, or with the result. */
    public enum Stage { REPORT, RESOLUTION }

    /** A photo as listed: its size and who added it when; the bytes come from {@link #open}. */
    public record Photo(long id, long demandId, Stage stage, int width, int height, long bytes, int thumbWidth,
            int thumbHeight, String sha256, String uploadedBy, Instant uploadedAt) {
    }

    /** A file as it arrived; {@code content} is null when the part was too large to read ({@code size} says how large). */
    public record Upload(String name, long size, byte[] content) {
    }

    /** The bytes of a stored image, with a validator for caching. */
    public record Content(InputStream stream, long length, String etag) {
    }

    private final JdbcClient jdbc;
    private final DemandRepository demands;
    private final DemandDetails details;
    private final PhotoImages images;
    private final FileStore store;
    private final TransactionTemplate tx;
    private final int perStage;

    DemandPhotos(JdbcClient jdbc, DemandRepository demands, DemandDetails details, PhotoImages images, FileStore store,
            TransactionTemplate tx, @Value("${gridwork.photos.per-stage:9}") int perStage) {
        this.jdbc = jdbc;
        this.demands = demands;
        this.details = details;
        this.images = images;
        this.store = store;
        this.tx = tx;
        this.perStage = perStage;
    }

    public long maxBytes() {
        return images.maxBytes();
    }

    public int perStage() {
        return perStage;
    }

    /**
     * Checks photos before anything else is written (the report form sends them with the demand): each
     * must be a real image within the limits, and there may be at most {@link #perStage()}.
     */
    public void check(List<Upload> files) {
        if (files.size() > perStage()) {
            throw new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "photo-limit",
                    "at most " + perStage() + " photos", Map.of("field", "photos"));
        }
        files.forEach(this::process);
    }

    /** A file checked against the limits and re-encoded. */
    private PhotoImages.Processed process(Upload f) {
        String name = f.name() == null || f.name().isBlank() ? "file" : f.name();
        images.checkSize(f.content() != null ? f.content().length : f.size(), name);
        return images.process(f.content(), name);
    }

    /**
     * Stores each image and its thumbnail under new keys of the demand, then runs {@code write} with the keys (one pair
     * per image); the files are removed again if storing or writing fails.
     */
    private <T> T stored(long demandId, List<PhotoImages.Processed> processed, Function<List<String[]>, T> write) {
        List<String> written = new ArrayList<>();
        try {
            List<String[]> keys = new ArrayList<>();
            for (PhotoImages.Processed p : processed) {
                String base = "demands/" + demandId + "/" + UUID.randomUUID().toString().replace("-", "");
                String[] k = {base + ".jpg", base + "_thumb.jpg"};
                store.put(k[0], p.jpeg());
                written.add(k[0]);
                store.put(k[1], p.thumbnail());
                written.add(k[1]);
                keys.add(k);
            }
            return write.apply(keys);
        } catch (IOException | RuntimeException e) {
            undo(written);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The row of one stored image ({@code accountId} null: a device's); answers its id. */
    private long insertRow(long demandId, Stage stage, String[] keys, PhotoImages.Processed p, Long accountId, String name,
            Timestamp at) {
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                insert into demand_photo (demand_id, stage, storage_key, thumb_key, content_type, width, height, bytes,
                    thumb_width, thumb_height, sha256, source_format, uploaded_by, uploaded_by_name, uploaded_at)
                values (?, ?, ?, ?, 'image/jpeg', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(demandId, stage.name(), keys[0], keys[1], p.width(), p.height(), p.jpeg().length, p.thumbWidth(),
                        p.thumbHeight(), p.sha256(), p.sourceFormat(), accountId, name, at)
                .update(key, "id");
        return key.getKey().longValue();
    }

    public List<Photo> add(long demandId, Stage stage, List<Upload> files, GridworkUser user) {
        Demand d = requireMaySee(demandId, user);
        if (stage == null) {
            throw ProblemException.badRequest("stage-required", "say whether the photos are of the REPORT or the RESOLUTION",
                    Map.of("field", "stage"));
        }
        if (files == null || files.isEmpty()) {
            throw ProblemException.badRequest("file-required", "attach at least one photo as 'file'", Map.of("field", "file"));
        }
        requireMayAdd(d, stage, user);
        requireRoom(demandId, stage, files.size());

        List<PhotoImages.Processed> processed = files.stream().map(this::process).toList();
        List<Long> ids = stored(demandId, processed, keys -> tx.execute(status -> insert(d, stage, processed, keys, user)));
        return ids.stream().map(id -> find(demandId, id)).toList();
    }

    /** A device's image as the report photo of the demand it raised (checked and re-encoded like any photo). */
    public long addFromDevice(long demandId, byte[] content, String actorName) {
        images.checkSize(content.length, "device-image");
        PhotoImages.Processed p = images.process(content, "device-image");
        return stored(demandId, List.of(p), keys -> insertRow(demandId, Stage.REPORT, keys.get(0), p, null, actorName,
                Timestamp.from(Instant.now())));
    }

    private List<Long> insert(Demand d, Stage stage, List<PhotoImages.Processed> processed, List<String[]> keys,
            GridworkUser user) {
        // the lock makes concurrent uploads count one after the other
        String status = jdbc.sql("select status from demand where id = ? for update").param(d.id).query(String.class).single();
        requireRoom(d.id, stage, processed.size());
        Timestamp now = Timestamp.from(Instant.now());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < processed.size(); i++) {
            ids.add(insertRow(d.id, stage, keys.get(i), processed.get(i), user.accountId(), user.displayName(), now));
        }
        int total = count(d.id, stage);
        jdbc.sql("""
                insert into demand_event_log (demand_id, at, actor_id, actor_name, action, from_status, to_status, note)
                values (?, ?, ?, ?, 'PHOTO_ADDED', ?, ?, ?)""")
                .params(d.id, now, user.accountId(), user.displayName(), status, status,
                        stage.name() + " +" + processed.size() + " (" + total + "/" + perStage + ")")
                .update();
        demands.stepped(d.id, now, null); // the count of photos is not a handler's note
        return ids;
    }

    private void undo(List<String> keys) {
        for (String k : keys) {
            try {
                store.delete(k);
            } catch (IOException | RuntimeException e) {
                log.warn("could not remove {} after a failed upload: {}", k, e.toString());
            }
        }
    }

    private void requireRoom(long demandId, Stage stage, int adding) {
        int have = count(demandId, stage);
        if (have + adding > perStage) {
            throw new ProblemException(HttpStatus.CONFLICT, "photo-limit",
                    "at most " + perStage + " " + stage.name().toLowerCase() + " photos per demand; it has " + have,
                    Map.of("limit", perStage, "have", have, "adding", adding));
        }
    }

    private int count(long demandId, Stage stage) {
        return jdbc.sql("select count(*) from demand_photo where demand_id = ? and stage = ?").params(demandId, stage.name())
                .query(Integer.class).single();
    }

    /**
     * REPORT photos: the reporter, or the staff member who entered the demand, while it is open.
     * RESOLUTION photos: grid staff of the demand's grid, or a party with a live assignment on it,
     * unless the demand was rejected.
     */
    private void requireMayAdd(Demand d, Stage stage, GridworkUser user) {
        if (stage == Stage.REPORT) {
            boolean reporter = d.reporterAccountId != null && d.reporterAccountId == user.accountId();
            boolean enteredIt = d.enteredBy != null && d.enteredBy == user.accountId() && user.covers(d.gridPath);
            if (!reporter && !enteredIt) {
                throw ProblemException.forbidden("report photos are added by whoever reported or entered the demand");
            }
            if (!d.status.isOpen()) {
                throw ProblemException.conflict("demand-closed", "demand " + d.refNo + " is " + d.status
                        + "; report photos can no longer be added");
            }
            return;
        }
        boolean gridStaff = DemandService.isGridStaff(user) && user.covers(d.gridPath);
        boolean party = !gridStaff && user.covers(d.gridPath) && !DemandDetails.partiesOf(user).isEmpty()
                && jdbc.sql("select party from demand_assignment where demand_id = ? and status <> 'WITHDRAWN'").param(d.id)
                        .query(String.class).list().stream()
                        .anyMatch(p -> DemandService.mayActFor(io.gridwork.demand.Party.valueOf(p), user));
        if (!gridStaff && !party) {
            throw ProblemException.forbidden("resolution photos are added by the demand's handlers");
        }
        if (d.status == DemandStatus.REJECTED) {
            throw ProblemException.conflict("demand-rejected", "demand " + d.refNo + " was rejected");
        }
    }

    /** The stages the user may add photos to now (for showing an upload form), room left aside. */
    public java.util.Set<Stage> stagesOpenTo(long demandId, GridworkUser user) {
        Demand d = demands.require(demandId);
        java.util.Set<Stage> out = java.util.EnumSet.noneOf(Stage.class);
        for (Stage s : Stage.values()) {
            try {
                requireMayAdd(d, s, user);
                out.add(s);
            } catch (ProblemException refused) {
                // not this stage
            }
        }
        return out;
    }

    /** The photos of a demand the viewer may see (403 otherwise), report first, oldest first. */
    public List<Photo> list(long demandId, GridworkUser viewer) {
        requireMaySee(demandId, viewer);
        return listUnchecked(demandId);
    }

    /** The photos of a demand without a viewer check, for the ledger and print view after their own check. */
    public List<Photo> listUnchecked(long demandId) {
        return jdbc.sql(SELECT + " where demand_id = ? order by case stage when 'REPORT' then 0 else 1 end, id")
                .param(demandId).query(DemandPhotos::map).list();
    }

    /** The image (or its thumbnail) if the viewer may see the demand. */
    public Content open(long demandId, long photoId, boolean thumbnail, GridworkUser viewer) {
        requireMaySee(demandId, viewer);
        record Row(String key, String thumbKey, long bytes, String sha) {
        }
        Row row = jdbc.sql("select storage_key, thumb_key, bytes, sha256 from demand_photo where id = ? and demand_id = ?")
                .params(photoId, demandId)
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4))).optional()
                .orElseThrow(() -> ProblemException.notFound("photo", photoId));
        String key = thumbnail ? row.thumbKey() : row.key();
        try {
            InputStream in = store.open(key).orElseThrow(() -> new ProblemException(HttpStatus.GONE, "photo-missing",
                    "the file of photo " + photoId + " is missing from the store"));
            return new Content(in, thumbnail ? -1 : row.bytes(), "\"" + row.sha() + (thumbnail ? "-t" : "") + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Demand requireMaySee(long demandId, GridworkUser viewer) {
        Demand d = demands.require(demandId);
        if (!details.maySee(d, viewer)) {
            throw ProblemException.outOfReach("demand", demandId);
        }
        return d;
    }

    private Photo find(long demandId, long id) {
        return jdbc.sql(SELECT + " where demand_id = ? and id = ?").params(demandId, id).query(DemandPhotos::map).single();
    }

    private static final String SELECT = """
            select id, demand_id, stage, width, height, bytes, thumb_width, thumb_height, sha256, uploaded_by_name, uploaded_at
              from demand_photo""";

    private static Photo map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Photo(rs.getLong("id"), rs.getLong("demand_id"), Stage.valueOf(rs.getString("stage")), rs.getInt("width"),
                rs.getInt("height"), rs.getLong("bytes"), rs.getInt("thumb_width"), rs.getInt("thumb_height"),
                rs.getString("sha256"), rs.getString("uploaded_by_name"), DemandRepository.inst(rs, "uploaded_at"));
    }
}
