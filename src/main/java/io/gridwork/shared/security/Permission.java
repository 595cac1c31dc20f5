package io.gridwork.shared.security;

/** Permissions granted on top of roles. */
public final class Permission {

    /** May see a full ID card or phone number (each use is audited). */
    public static final String PII_UNMASK = "PII_UNMASK";

    private Permission() {
    }
}
