package io.gridwork.access.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.gridwork.shared.Masking;

/**
 * Where verification codes go when no SMS gateway is configured (the demo and the tests): the last codes of
 * this instance are kept in memory for tests to read, and each is written to the log so that the person
 * running the demo can find it. Pages never show a code.
 */
@Component
public class SmsCodeSink {

    private static final Logger log = LoggerFactory.getLogger(SmsCodeSink.class);
    private static final int KEEP = 200;

    private final Map<String, String> last = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEEP;
        }
    };

    synchronized void accept(String phone, String code, String text) {
        last.remove(phone);
        last.put(phone, code);
        log.warn("No SMS gateway configured (gridwork.notify.sms.url): the message to {} is: {}", Masking.phone(phone), text);
    }

    /** The last code sent to this number by this instance. */
    public synchronized Optional<String> lastCode(String phone) {
        return Optional.ofNullable(last.get(phone));
    }
}
