package io.gridwork.iot.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.gridwork.shared.web.ProblemException;

/**
 * Signed HTTP events. Headers: {@code X-Device-Code}, {@code X-Timestamp} (epoch seconds), {@code X-Nonce}
 * (8–64 characters of {@code [A-Za-z0-9_-]}) and {@code X-Signature}: lowercase hex of
 * HMAC-SHA256(device secret, timestamp + "\n" + nonce + "\n" + body). A timestamp outside the replay window
 * or a nonce seen before (kept in the database for the window, so every instance knows it) is a replay.
 */
@Service
public class HttpIntake {

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    private final PayloadParser parser;
    private final DeviceRegistry devices;
    private final EventIngest ingest;
    private final Rejects rejects;
    private final JdbcClient jdbc;
    private final IotProperties props;

    HttpIntake(PayloadParser parser, DeviceRegistry devices, EventIngest ingest, Rejects rejects, JdbcClient jdbc,
            IotProperties props) {
        this.parser = parser;
        this.devices = devices;
        this.ingest = ingest;
        this.rejects = rejects;
        this.jdbc = jdbc;
        this.props = props;
    }

    public long maxBytes() {
        return props.maxPayload().toBytes();
    }

    /** Checks the signature and the payload, then ingests; every refusal is counted and answered with a problem. */
    public EventIngest.Result receive(String deviceCode, String timestamp, String nonce, String signature, byte[] body) {
        if (deviceCode == null || timestamp == null || nonce == null || signature == null) {
            rejects.record(RejectReason.BAD_SIGNATURE, "HTTP", deviceCode, "signature headers missing");
            throw new ProblemException(HttpStatus.BAD_REQUEST, "signature-required",
                    "send X-Device-Code, X-Timestamp, X-Nonce and X-Signature");
        }
        try {
            if (body == null) {
                throw new Rejected(RejectReason.OVERSIZE, deviceCode, "more than " + maxBytes() + " bytes");
            }
            Device device = parser.device(deviceCode);
            long ts;
            try {
                ts = Long.parseLong(timestamp.strip());
            } catch (NumberFormatException e) {
                throw new Rejected(RejectReason.BAD_SIGNATURE, deviceCode, "X-Timestamp is not epoch seconds");
            }
            if (!NONCE.matcher(nonce).matches()) {
                throw new Rejected(RejectReason.BAD_SIGNATURE, deviceCode, "X-Nonce is 8 to 64 letters, digits, '-' or '_'");
            }
            byte[] key = devices.secretKey(device.id());
            byte[] expected = sign(key, timestamp.strip(), nonce, body);
            byte[] given;
            try {
                given = HexFormat.of().parseHex(signature.strip().toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                given = new byte[0];
            }
            if (!MessageDigest.isEqual(expected, given)) {
                throw new Rejected(RejectReason.BAD_SIGNATURE, deviceCode, "the signature does not match");
            }
            Instant now = Instant.now();
            if (Math.abs(now.getEpochSecond() - ts) > props.replayWindow().toSeconds()) {
                throw new Rejected(RejectReason.REPLAY, deviceCode, "X-Timestamp is outside the replay window");
            }
            int fresh = jdbc.sql("insert into iot_nonce (device_id, nonce, seen_at) values (?, ?, ?) on conflict do nothing")
                    .params(device.id(), nonce, Timestamp.from(now)).update();
            if (fresh == 0) {
                throw new Rejected(RejectReason.REPLAY, deviceCode, "this nonce was used before");
            }
            DeviceEvent event = parser.parse(device, body, "HTTP");
            return ingest.ingest(List.of(event)).get(0);
        } catch (Rejected r) {
            rejects.record(r.reason(), "HTTP", r.deviceCode() == null ? deviceCode : r.deviceCode(), r.getMessage());
            throw problem(r);
        } catch (ProblemException p) {
            rejects.record(RejectReason.PROCESSING_FAILED, "HTTP", deviceCode, p.code() + ": " + p.getMessage());
            throw p;
        }
    }

    static ProblemException problem(Rejected r) {
        HttpStatus status = switch (r.reason()) {
            case UNKNOWN_DEVICE, DISABLED_DEVICE, BAD_SIGNATURE, REPLAY -> HttpStatus.UNAUTHORIZED;
            case OVERSIZE -> HttpStatus.CONTENT_TOO_LARGE;
            case BAD_IMAGE -> HttpStatus.UNPROCESSABLE_CONTENT;
            default -> HttpStatus.BAD_REQUEST;
        };
        return new ProblemException(status, r.reason().code(), r.getMessage());
    }

    public static byte[] sign(byte[] key, String timestamp, String nonce, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Scheduled(fixedDelayString = "${gridwork.iot.prune-nonces-ms:60000}", initialDelayString = "${gridwork.iot.prune-nonces-ms:60000}")
    void pruneNonces() {
        jdbc.sql("delete from iot_nonce where seen_at < ?")
                .param(Timestamp.from(Instant.now().minus(props.replayWindow().multipliedBy(2)))).update();
    }
}
