package io.gridwork.notify.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.notify.SmsGateway;
import io.gridwork.people.PersonalDataCipher;

/** Text messages through the {@link SmsGateway}; the phone number is decrypted only to send. */
@Component
class SmsChannel implements ExternalChannel {

    private final SmsGateway gateway;
    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;

    SmsChannel(SmsGateway gateway, JdbcClient jdbc, PersonalDataCipher cipher) {
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    @Override
    public ChannelType type() {
        return ChannelType.SMS;
    }

    @Override
    public void send(Delivery d) throws Exception {
        if (!gateway.enabled()) {
            throw new IllegalStateException("SMS is not configured (gridwork.notify.sms.url)");
        }
        String phone = jdbc.sql("select phone_enc from notify_preference where account_id = ?").param(d.accountId())
                .query(String.class).optional().map(cipher::decrypt)
                .orElseThrow(() -> new IllegalStateException("account " + d.accountId() + " has no phone number"));
        gateway.send(phone, "【微网实格】" + d.title() + "：" + d.body(), "gridwork-delivery-" + d.id());
    }
}
