package io.gridwork.iot.internal;

/** Why a payload was refused; each is counted. */
public enum RejectReason {
    MALFORMED, OVERSIZE, UNKNOWN_DEVICE, DISABLED_DEVICE, UNKNOWN_TYPE, TOPIC_MISMATCH, BAD_SIGNATURE, REPLAY,
    BAD_IMAGE, PROCESSING_FAILED;

    /** The problem code of the HTTP answer, e.g. {@code unknown-device}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
