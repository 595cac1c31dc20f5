package io.gridwork.transparency.internal;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;

/**
 * Photos of the work on a quarterly service report, by section (cleaning, greenery, repairs, security). The property
 * company adds and removes them while the report is a draft (or sent back); a published report's photos never change,
 * and a correction starts with copies of them (the stored files are shared: {@code Reports.correct}).
 */
@Service
public class ReportPhotos {

    /** At most this many photos per section of a report. */
    public static final int PER_SECTION = 6;

    public record Photo(long id, Reports.Section section, int width, int height, String uploadedByName, Instant uploadedAt) {
    }

    private final JdbcClient jdbc;
    private final Reports reports;
    private final StoredPhotos stored;

    ReportPhotos(JdbcClient jdbc, Reports reports, StoredPhotos stored) {
        this.jdbc = jdbc;
        this.reports = reports;
        this.stored = stored;
    }

    /** The photos of a report the user sees (404 as if absent otherwise), in the order they were added. */
    public List<Photo> of(long reportId, GridworkUser user) {
        reports.get(reportId, user);
        return of(reportId);
    }

    List<Photo> of(long reportId) {
        return jdbc.sql("""
                select id, section, width, height, uploaded_by_name, uploaded_at from transparency_report_photo
                 where report_id = ? order by id""").param(reportId)
                .query((rs, i) -> new Photo(rs.getLong(1), Reports.Section.valueOf(rs.getString(2)), rs.getInt(3), rs.getInt(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant()))
                .list();
    }

    /** The property company adds photos to a section of its draft service report. */
    @Transactional
    public List<Photo> add(long reportId, Reports.Section section, List<MicroProjects.Upload> uploads, GridworkUser user) {
        Reports.Report r = reports.forDrafter(reportId, user);
        if (r.kind() != Reports.Kind.SERVICE) {
            throw ProblemException.conflict("not-a-service-report", "photos belong to a service report");
        }
        if (section == null) {
            throw ProblemException.badRequest("field-required", "choose the section the photos show", Map.of("field", "section"));
        }
        // the report row's lock serialises additions, so two uploads cannot pass the limit together
        jdbc.sql("select id from transparency_report where id = ? for update").param(reportId).query(Long.class).single();
        long already = jdbc.sql("select count(*) from transparency_report_photo where report_id = ? and section = ?")
                .params(reportId, section.name()).query(Long.class).single();
        int room = (int) Math.max(0, PER_SECTION - already);
        if (room == 0 || (uploads != null && uploads.size() > room)) {
            throw ProblemException.badRequest("too-many-photos", "a section holds at most " + PER_SECTION + " photos ("
                    + already + " already)", Map.of("field", "photos"));
        }
        Instant now = Instant.now();
        for (StoredPhotos.Stored s : stored.store("transparency/reports/" + reportId, uploads, PER_SECTION)) {
            jdbc.sql("""
                    insert into transparency_report_photo (report_id, section, file_key, width, height, uploaded_by_name, uploaded_at)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(reportId, section.name(), s.key(), s.width(), s.height(), user.displayName(), Timestamp.from(now)).update();
        }
        return of(reportId);
    }

    /** The property company removes a photo from its draft; the file goes when no version uses it any more. */
    @Transactional
    public void remove(long reportId, long photoId, GridworkUser user) {
        reports.forDrafter(reportId, user);
        String key = key(reportId, photoId);
        jdbc.sql("delete from transparency_report_photo where id = ?").param(photoId).update();
        boolean shared = jdbc.sql("select count(*) from transparency_report_photo where file_key = ?").param(key)
                .query(Long.class).single() > 0;
        if (!shared) {
            stored.delete(key);
        }
    }

    public InputStream open(long reportId, long photoId, GridworkUser user) throws IOException {
        reports.get(reportId, user);
        return stored.open(key(reportId, photoId), "photo", photoId);
    }

    private String key(long reportId, long photoId) {
        return jdbc.sql("select file_key from transparency_report_photo where id = ? and report_id = ?").params(photoId, reportId)
                .query(String.class).optional().orElseThrow(() -> ProblemException.notFound("photo", photoId));
    }
}
