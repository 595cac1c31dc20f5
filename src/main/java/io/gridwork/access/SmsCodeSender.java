package io.gridwork.access;

/**
 * Sends a verification code by text message. The notify module provides it over its SMS gateway; when no
 * gateway is configured ({@link #available()} is false, as in the demo and the tests) the access module keeps
 * the codes in a local sink instead.
 */
public interface SmsCodeSender {

    /** True when a real SMS gateway is configured. */
    boolean available();

    /** Sends {@code text} to {@code phone}; {@code reference} identifies this message for the gateway. Throws on failure. */
    void send(String phone, String text, String reference) throws Exception;
}
