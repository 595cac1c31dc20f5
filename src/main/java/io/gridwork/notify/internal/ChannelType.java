package io.gridwork.notify.internal;

/** Where a message goes. The in-app inbox always receives it; the others are chosen or configured. */
public enum ChannelType {
    INBOX, EMAIL, SMS, WECOM;

    /** Channels an account may choose per kind. */
    public static final java.util.List<ChannelType> CHOOSABLE = java.util.List.of(EMAIL, SMS);
}
