package io.gridwork.iot.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.gridwork.demand.DemandApi;
import io.gridwork.shared.web.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an event payload:
 * <pre>{"id": "msg-0001", "type": "THROW", "at": "2026-11-23T08:15:00Z", "image": "&lt;base64 JPEG/PNG&gt;",
 *  "imageUrl": "https://...", "note": "..."}</pre>
 * Only {@code type} is required. Without {@code id}, the SHA-256 of the payload stands in, so a redelivered
 * message is still recognised. Every failed check is a {@link Rejected} with its reason.
 */
@Component
public class PayloadParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern MESSAGE_ID = Pattern.compile("[\\x21-\\x7e]{1,100}");

    private final DeviceRegistry devices;
    private final DemandApi demands;
    private final IotProperties props;

    PayloadParser(DeviceRegistry devices, DemandApi demands, IotProperties props) {
        this.devices = devices;
        this.demands = demands;
        this.props = props;
    }

    /** Finds an enabled device by code, or rejects. */
    public Device device(String code) {
        Device d = code == null ? null : devices.byCode(code).orElse(null);
        if (d == null) {
            throw new Rejected(RejectReason.UNKNOWN_DEVICE, code, "no device with code " + code);
        }
        if (!d.enabled()) {
            throw new Rejected(RejectReason.DISABLED_DEVICE, code, "device " + code + " is disabled");
        }
        return d;
    }

    /** Splits {prefix}/{community}/devices/{device}/events and checks the device belongs to the community. */
    public Device deviceOfTopic(String topic) {
        String prefix = props.mqtt().topicPrefix() + "/";
        String[] parts = topic.startsWith(prefix) ? topic.substring(prefix.length()).split("/") : new String[0];
        if (parts.length != 4 || !parts[1].equals("devices") || !parts[3].equals("events")) {
            throw new Rejected(RejectReason.TOPIC_MISMATCH, null, "unexpected topic " + topic);
        }
        Device d = device(parts[2]);
        if (!d.communityCode().equals(parts[0])) {
            throw new Rejected(RejectReason.TOPIC_MISMATCH, d.code(), "device " + d.code() + " does not belong to community " + parts[0]);
        }
        return d;
    }

    public DeviceEvent parse(Device device, byte[] payload, String via) {
        if (payload.length > props.maxPayload().toBytes()) {
            throw new Rejected(RejectReason.OVERSIZE, device.code(), payload.length + " bytes, at most " + props.maxPayload().toBytes());
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JacksonException e) {
            throw new Rejected(RejectReason.MALFORMED, device.code(), "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Rejected(RejectReason.MALFORMED, device.code(), "the payload is not a JSON object");
        }
        String type = text(root, "type");
        if (type == null) {
            throw new Rejected(RejectReason.MALFORMED, device.code(), "'type' is missing");
        }
        type = type.strip().toUpperCase(java.util.Locale.ROOT);
        if (!device.type().accepts(type)) {
            throw new Rejected(RejectReason.UNKNOWN_TYPE, device.code(), "a " + device.type() + " does not send " + cut(type));
        }
        String id = text(root, "id");
        if (id == null) {
            id = "sha256:" + sha256(payload).substring(0, 64);
        } else if (!MESSAGE_ID.matcher(id).matches()) {
            throw new Rejected(RejectReason.MALFORMED, device.code(), "'id' is 1 to 100 printable characters");
        }
        Instant now = Instant.now();
        Instant at = now;
        String atText = text(root, "at");
        if (atText != null) {
            try {
                at = Instant.parse(atText);
            } catch (DateTimeParseException e) {
                throw new Rejected(RejectReason.MALFORMED, device.code(), "'at' is not an ISO-8601 instant");
            }
            if (at.isAfter(now.plusSeconds(300))) {
                at = now; // a device clock running ahead must not open incidents in the future
            }
        }
        byte[] image = null;
        String imageText = text(root, "image");
        if (imageText != null && !DeviceType.HEARTBEAT.equals(type)) {
            try {
                image = Base64.getMimeDecoder().decode(imageText.startsWith("data:")
                        ? imageText.substring(imageText.indexOf(',') + 1) : imageText);
            } catch (IllegalArgumentException e) {
                throw new Rejected(RejectReason.BAD_IMAGE, device.code(), "'image' is not base64");
            }
            try {
                demands.checkPhoto(image, "image");
            } catch (ProblemException e) {
                throw new Rejected(RejectReason.BAD_IMAGE, device.code(), e.code() + ": " + e.getMessage());
            }
        }
        String imageUrl = text(root, "imageUrl");
        if (imageUrl != null && !(imageUrl.startsWith("https://") || imageUrl.startsWith("http://")) || imageUrl != null && imageUrl.length() > 500) {
            throw new Rejected(RejectReason.MALFORMED, device.code(), "'imageUrl' is an http(s) address of at most 500 characters");
        }
        String note = text(root, "note");
        return new DeviceEvent(device, id, type, at, image, imageUrl, note == null ? null : cut(note), via);
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw new Rejected(RejectReason.MALFORMED, null, "'" + field + "' must be a string");
        }
        String s = n.asString();
        return s.isBlank() ? null : s;
    }

    private static String cut(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
