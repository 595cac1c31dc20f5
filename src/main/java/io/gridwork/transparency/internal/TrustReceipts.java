package io.gridwork.transparency.internal;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.grid.GridNode;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;

/**
 * The scanned receipts (票据) of the trust account's postings: the trustee adds images to a posting (at booking or
 * later, when the invoice arrives); like the ledger they are never changed or removed. Everyone who reads the trust
 * account sees them.
 */
@Service
public class TrustReceipts {

    /** At most this many receipt images per posting. */
    public static final int PER_POSTING = 6;

    public record Receipt(long id, long postingId, int width, int height, String uploadedByName, Instant uploadedAt) {
    }

    private final JdbcClient jdbc;
    private final Compounds compounds;
    private final StoredPhotos stored;

    TrustReceipts(JdbcClient jdbc, Compounds compounds, StoredPhotos stored) {
        this.jdbc = jdbc;
        this.compounds = compounds;
        this.stored = stored;
    }

    /** The trustee adds receipt images to a posting of the compound. */
    @Transactional
    public List<Receipt> add(long compoundId, long postingId, List<MicroProjects.Upload> uploads, GridworkUser user) {
        GridNode compound = compounds.reached(compoundId, user);
        if (!user.has(Role.PROPERTY_STAFF) || !user.covers(compound.path())) {
            throw ProblemException.forbidden("the property company books the trust account as trustee");
        }
        // the compound's book row lock serialises additions, so two uploads cannot pass the per-posting limit together
        jdbc.sql("select compound_id from transparency_trust_book where compound_id = ? for update").param(compoundId)
                .query(Long.class).optional().orElseThrow(() -> ProblemException.notFound("posting", postingId));
        boolean exists = jdbc.sql("select count(*) from transparency_trust_posting where id = ? and compound_id = ?")
                .params(postingId, compoundId).query(Long.class).single() > 0;
        if (!exists) {
            throw ProblemException.notFound("posting", postingId);
        }
        long already = jdbc.sql("select count(*) from transparency_trust_receipt where posting_id = ?").param(postingId)
                .query(Long.class).single();
        int room = (int) Math.max(0, PER_POSTING - already);
        if (room == 0 || (uploads != null && uploads.size() > room)) {
            throw ProblemException.badRequest("too-many-photos", "a posting holds at most " + PER_POSTING + " receipt images ("
                    + already + " already)", Map.of("field", "photos"));
        }
        Instant now = Instant.now();
        for (StoredPhotos.Stored s : stored.store("transparency/trust/" + compoundId + "/" + postingId, uploads, PER_POSTING)) {
            jdbc.sql("""
                    insert into transparency_trust_receipt (posting_id, compound_id, file_key, width, height, uploaded_by_name, uploaded_at)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(postingId, compoundId, s.key(), s.width(), s.height(), user.displayName(), Timestamp.from(now)).update();
        }
        return of(List.of(postingId)).getOrDefault(postingId, List.of());
    }

    /** The receipt images of the postings, by posting. */
    Map<Long, List<Receipt>> of(Collection<Long> postingIds) {
        Map<Long, List<Receipt>> out = new HashMap<>();
        if (postingIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                select id, posting_id, width, height, uploaded_by_name, uploaded_at from transparency_trust_receipt
                 where posting_id in (:ids) order by id""").param("ids", postingIds)
                .query(rs -> {
                    out.computeIfAbsent(rs.getLong(2), k -> new java.util.ArrayList<>()).add(new Receipt(rs.getLong(1), rs.getLong(2),
                            rs.getInt(3), rs.getInt(4), rs.getString(5), rs.getTimestamp(6).toInstant()));
                });
        return out;
    }

    public InputStream open(long compoundId, long receiptId, GridworkUser user) throws IOException {
        compounds.reached(compoundId, user);
        String key = jdbc.sql("select file_key from transparency_trust_receipt where id = ? and compound_id = ?")
                .params(receiptId, compoundId).query(String.class).optional()
                .orElseThrow(() -> ProblemException.notFound("receipt", receiptId));
        return stored.open(key, "receipt", receiptId);
    }
}
