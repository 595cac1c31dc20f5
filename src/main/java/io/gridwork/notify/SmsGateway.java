package io.gridwork.notify;

/**
 * Sends one text message to one phone number. The built-in implementation posts JSON to a configured HTTP
 * gateway ({@code gridwork.notify.sms.*}); a deployment may provide its own bean instead.
 */
public interface SmsGateway {

    /** True when the gateway is configured and may be used. */
    boolean enabled();

    /**
     * Sends {@code text} to {@code phone}. {@code reference} is stable for one delivery (also across retries)
     * so that a gateway can drop a repeated request. Throws on any failure.
     */
    void send(String phone, String text, String reference) throws Exception;
}
