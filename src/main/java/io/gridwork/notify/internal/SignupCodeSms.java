package io.gridwork.notify.internal;

import org.springframework.stereotype.Component;

import io.gridwork.access.SmsCodeSender;
import io.gridwork.notify.SmsGateway;

/** Verification codes of the sign-up and the forgotten password go out through the SMS gateway. */
@Component
class SignupCodeSms implements SmsCodeSender {

    private final SmsGateway gateway;

    SignupCodeSms(SmsGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public boolean available() {
        return gateway.enabled();
    }

    @Override
    public void send(String phone, String text, String reference) throws Exception {
        gateway.send(phone, text, reference);
    }
}
