package io.gridwork.shared.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where uploaded files live, addressed by a key such as {@code demands/42/7f3c….jpg}. Instances are
 * stateless and several may run, so the store must be shared by all of them: a mounted volume for
 * {@link LocalFileStore}, or object storage (S3, OSS, MinIO) through another implementation.
 * Keys are made by the application, never taken from a request.
 */
public interface FileStore {

    /** Stores the bytes under the key, replacing nothing: a key is written once. */
    void put(String key, byte[] content) throws IOException;

    /** The content, or empty when no file has the key. */
    Optional<InputStream> open(String key) throws IOException;

    /** Removes the file if it exists (used to undo a write whose database row did not commit). */
    void delete(String key) throws IOException;

    boolean exists(String key) throws IOException;
}
