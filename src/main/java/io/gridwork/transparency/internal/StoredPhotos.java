package io.gridwork.transparency.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.gridwork.shared.images.PhotoImages;
import io.gridwork.shared.storage.FileStore;
import io.gridwork.shared.web.ProblemException;

/**
 * The module's photos (民生微实事 completions, service report sections, trust receipts): every upload checked and
 * re-encoded as the demands' photos are, then stored under a key the module makes. Stored inside a transaction, the
 * files are removed again if it rolls back, so no file outlives a row that did not commit.
 */
@Component("transparencyStoredPhotos")
class StoredPhotos {

    private static final Logger log = LoggerFactory.getLogger(StoredPhotos.class);

    record Stored(String key, int width, int height) {
    }

    private final PhotoImages images;
    private final FileStore files;

    StoredPhotos(PhotoImages images, FileStore files) {
        this.images = images;
        this.files = files;
    }

    /** Checks every upload first (400 on the first bad one, nothing stored), then stores them under {@code prefix/}. */
    List<Stored> store(String prefix, List<MicroProjects.Upload> uploads, int max) {
        if (uploads == null || uploads.isEmpty()) {
            throw ProblemException.badRequest("photos-required", "send at least one photo (field: photos)", Map.of("field", "photos"));
        }
        if (uploads.size() > max) {
            throw ProblemException.badRequest("too-many-photos", "at most " + max + " photos", Map.of("field", "photos"));
        }
        List<PhotoImages.Processed> checked = new ArrayList<>();
        for (MicroProjects.Upload u : uploads) {
            checked.add(images.process(u.content(), u.name() == null ? "photo" : u.name()));
        }
        List<Stored> stored = new ArrayList<>();
        try {
            for (PhotoImages.Processed p : checked) {
                String key = prefix + "/" + UUID.randomUUID() + ".jpg";
                files.put(key, p.jpeg());
                stored.add(new Stored(key, p.width(), p.height()));
            }
        } catch (IOException | RuntimeException e) {
            forget(stored);
            throw new IllegalStateException("cannot store a photo", e);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        forget(stored);
                    }
                }
            });
        }
        return stored;
    }

    InputStream open(String key, String what, long id) throws IOException {
        return files.open(key).orElseThrow(() -> ProblemException.notFound(what, id));
    }

    void delete(String key) {
        try {
            files.delete(key);
        } catch (IOException e) {
            log.warn("could not remove the photo {}", key, e);
        }
    }

    private void forget(List<Stored> stored) {
        stored.forEach(s -> delete(s.key()));
    }
}
