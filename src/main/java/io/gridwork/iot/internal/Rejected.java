package io.gridwork.iot.internal;

/** A payload refused by a check: the reason is counted, the message is kept for the admins' page. */
public class Rejected extends RuntimeException {

    private final RejectReason reason;
    private final String deviceCode;

    public Rejected(RejectReason reason, String deviceCode, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.deviceCode = deviceCode;
    }

    public RejectReason reason() {
        return reason;
    }

    public String deviceCode() {
        return deviceCode;
    }
}
