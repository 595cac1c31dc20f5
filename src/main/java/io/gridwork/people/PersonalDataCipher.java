package io.gridwork.people;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts personal numbers with AES-256-GCM (a fresh 96-bit nonce per value, stored in front of the
 * ciphertext) and derives HMAC-SHA256 lookup hashes with a separate key, so that a number can be
 * found without being decrypted. Keys come from configuration; when none is configured (the demo),
 * a key file is generated once and reused.
 */
@Component
public class PersonalDataCipher {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataCipher.class);
    private static final int NONCE = 12;

    private final SecretKeySpec dataKey;
    private final SecretKeySpec hashKey;
    private final SecureRandom random = new SecureRandom();
    // Mac and Cipher are not thread-safe and costly to look up; bulk imports call them a million times.
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(PersonalDataCipher::newCipher);

    public PersonalDataCipher(@Value("${gridwork.crypto.data-key:}") String dataKey,
            @Value("${gridwork.crypto.hash-key:}") String hashKey,
            @Value("${gridwork.crypto.key-file:./data/keys.properties}") String keyFile) {
        if (dataKey.isBlank() || hashKey.isBlank()) {
            Properties keys = loadOrCreate(Path.of(keyFile));
            dataKey = keys.getProperty("data-key");
            hashKey = keys.getProperty("hash-key");
        }
        this.dataKey = new SecretKeySpec(decodeKey(dataKey, "data-key"), "AES");
        this.hashKey = new SecretKeySpec(decodeKey(hashKey, "hash-key"), "HmacSHA256");
    }

    public String encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(128, nonce));
            byte[] ct = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(ct, 0, out, NONCE, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored);
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(128, in, 0, NONCE));
            return new String(cipher.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("stored personal data cannot be decrypted with the configured key", e);
        }
    }

    /** Keyed hash for exact lookup; equal inputs give equal hashes, the key keeps them unguessable. */
    public String hash(String plain) {
        if (plain == null) {
            return null;
        }
        return HexFormat.of().formatHex(macs.get().doFinal(plain.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("hashing failed", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] decodeKey(String base64, String name) {
        byte[] key = Base64.getDecoder().decode(base64.strip());
        if (key.length != 32) {
            throw new IllegalStateException("gridwork.crypto." + name + " must be 32 bytes, base64-encoded");
        }
        return key;
    }

    private Properties loadOrCreate(Path file) {
        Properties p = new Properties();
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
                return p;
            }
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            p.setProperty("data-key", randomKey());
            p.setProperty("hash-key", randomKey());
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "Gridwork personal-data keys, generated for this installation. Keep safe; never commit.");
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.warn("No crypto keys configured: generated {} (fine for the demo; configure real keys in production)", file);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create key file " + file, e);
        }
    }

    private String randomKey() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }
}
