package io.gridwork.access.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.access.SmsCodeSender;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.shared.Masking;
import io.gridwork.shared.web.ProblemException;

/**
 * Six-digit verification codes sent by SMS: stored as a keyed hash, valid for a few minutes, single-use, void
 * after too many wrong attempts; only the latest code of a number and purpose counts. Sending is limited per
 * number (a minute, an hour) and per client address (an hour), counted in the database so that every
 * instance agrees.
 */
@Component
public class SmsCodes {

    /** What a code is for. */
    public enum Purpose { SIGNUP, RESET }

    /** The outcome of checking a code; only {@code OK} carries the code row's id. */
    public record Check(Outcome outcome, long id, int attemptsLeft) {
    }

    public enum Outcome { OK, NONE, WRONG, EXPIRED, USED, VOID }

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final ObjectProvider<SmsCodeSender> senders;
    private final SmsCodeSink sink;
    private final SecureRandom random = new SecureRandom();
    private final Duration ttl;
    private final int perNumberMinute;
    private final int perNumberHour;
    private final int perAddressHour;
    private final int maxAttempts;

    SmsCodes(JdbcClient jdbc, PersonalDataCipher cipher, ObjectProvider<SmsCodeSender> senders, SmsCodeSink sink,
            @Value("${gridwork.signup.code-ttl:PT5M}") Duration ttl,
            @Value("${gridwork.signup.codes-per-number-minute:1}") int perNumberMinute,
            @Value("${gridwork.signup.codes-per-number-hour:5}") int perNumberHour,
            @Value("${gridwork.signup.codes-per-address-hour:20}") int perAddressHour,
            @Value("${gridwork.signup.code-max-attempts:5}") int maxAttempts) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.senders = senders;
        this.sink = sink;
        this.ttl = ttl;
        this.perNumberMinute = perNumberMinute;
        this.perNumberHour = perNumberHour;
        this.perAddressHour = perAddressHour;
        this.maxAttempts = maxAttempts;
    }

    /** True when codes go to a real SMS gateway; false when they go to the local sink (demo, tests). */
    public boolean gatewayConfigured() {
        SmsCodeSender sender = senders.getIfAvailable();
        return sender != null && sender.available();
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * Creates a code for the number (already validated and normalised) within the rate limits, then sends it.
     * The row stays even when sending fails, so a failing gateway cannot be hammered.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void send(Purpose purpose, String phone, String clientAddr) {
        String code = create(purpose, phone, clientAddr);
        String text = "【微网实格】您的验证码是 " + code + "，" + ttl.toMinutes() + " 分钟内有效。"
                + (purpose == Purpose.SIGNUP ? "用于居民注册。" : "用于找回密码。") + "请勿告诉他人。";
        SmsCodeSender sender = senders.getIfAvailable();
        if (sender != null && sender.available()) {
            try {
                sender.send(phone, text, "gridwork-code-" + purpose.name().toLowerCase() + "-" + cipher.hash(phone + code).substring(0, 16));
            } catch (Exception e) {
                throw new ProblemException(HttpStatus.BAD_GATEWAY, "sms-failed", "the text message could not be sent; try again later");
            }
        } else {
            sink.accept(phone, code, text);
        }
    }

    private String create(Purpose purpose, String phone, String clientAddr) {
        Instant now = Instant.now();
        String phoneHash = cipher.hash(phone);
        String addr = clientAddr == null ? "unknown" : clientAddr.length() > 64 ? clientAddr.substring(0, 64) : clientAddr;
        if (count("phone_hash", phoneHash, now.minusSeconds(60)) >= perNumberMinute) {
            throw tooMany("code-too-soon", "wait a minute before asking for another code");
        }
        if (count("phone_hash", phoneHash, now.minusSeconds(3600)) >= perNumberHour) {
            throw tooMany("code-limit-number", "too many codes for this number in the last hour");
        }
        if (count("client_addr", addr, now.minusSeconds(3600)) >= perAddressHour) {
            throw tooMany("code-limit-address", "too many codes from this network address in the last hour");
        }
        String code = String.format("%06d", random.nextInt(1_000_000));
        try {
            jdbc.sql("""
                    insert into sms_code (purpose, phone_hash, client_addr, code_hash, minute_slot, created_at, expires_at)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(purpose.name(), phoneHash, addr, codeHash(purpose, phone, code), now.getEpochSecond() / 60,
                            Timestamp.from(now), Timestamp.from(now.plus(ttl)))
                    .update();
        } catch (DuplicateKeyException e) {
            // another request for this number in the same minute got there first
            throw tooMany("code-too-soon", "wait a minute before asking for another code");
        }
        return code;
    }

    private long count(String column, String value, Instant since) {
        return jdbc.sql("select count(*) from sms_code where " + column + " = ? and created_at > ?")
                .params(value, Timestamp.from(since)).query(Long.class).single();
    }

    /**
     * Checks a code against the latest one sent for the number and purpose, in a transaction of its own so that
     * a wrong attempt is counted even when the caller's request is refused. Does not use the code up.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Check check(Purpose purpose, String phone, String code) {
        var row = jdbc.sql("""
                select id, code_hash, attempts, expires_at, used_at from sms_code
                 where purpose = ? and phone_hash = ? order by id desc limit 1""")
                .params(purpose.name(), cipher.hash(phone))
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getTimestamp(4), rs.getTimestamp(5)})
                .optional();
        if (row.isEmpty()) {
            return new Check(Outcome.NONE, 0, 0);
        }
        long id = (Long) row.get()[0];
        int attempts = (Integer) row.get()[2];
        if (row.get()[4] != null) {
            return new Check(Outcome.USED, id, 0);
        }
        if (attempts >= maxAttempts) {
            return new Check(Outcome.VOID, id, 0);
        }
        if (((Timestamp) row.get()[3]).toInstant().isBefore(Instant.now())) {
            return new Check(Outcome.EXPIRED, id, 0);
        }
        String given = code == null ? "" : code.strip();
        if (given.matches("\\d{6}") && MessageDigest.isEqual(codeHash(purpose, phone, given).getBytes(StandardCharsets.US_ASCII),
                ((String) row.get()[1]).getBytes(StandardCharsets.US_ASCII))) {
            return new Check(Outcome.OK, id, maxAttempts - attempts);
        }
        jdbc.sql("update sms_code set attempts = attempts + 1 where id = ?").param(id).update();
        return new Check(Outcome.WRONG, id, maxAttempts - attempts - 1);
    }

    /**
     * Refuses a code that did not check out; uses up one that did, inside the caller's transaction: if the
     * caller's work fails, the code stays usable; if two requests race with the same code, only one uses it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void use(Check c) {
        switch (c.outcome()) {
            case NONE -> throw ProblemException.badRequest("code-missing", "ask for a verification code first",
                    Map.of("field", "code"));
            case USED -> throw ProblemException.badRequest("code-used", "this code was used already; ask for a new one",
                    Map.of("field", "code"));
            case VOID -> throw ProblemException.badRequest("code-void", "too many wrong attempts; ask for a new code",
                    Map.of("field", "code"));
            case EXPIRED -> throw ProblemException.badRequest("code-expired", "the code has expired; ask for a new one",
                    Map.of("field", "code"));
            case WRONG -> throw new ProblemException(HttpStatus.BAD_REQUEST, c.attemptsLeft() > 0 ? "code-wrong" : "code-void",
                    "wrong verification code (" + c.attemptsLeft() + " attempts left)", Map.of("field", "code"));
            case OK -> {
                int n = jdbc.sql("update sms_code set used_at = ? where id = ? and used_at is null and attempts < ?")
                        .params(Timestamp.from(Instant.now()), c.id(), maxAttempts).update();
                if (n == 0) {
                    throw ProblemException.badRequest("code-used", "this code was used already; ask for a new one",
                            Map.of("field", "code"));
                }
            }
        }
    }

    private String codeHash(Purpose purpose, String phone, String code) {
        return cipher.hash("sms-code:" + purpose.name() + ":" + phone + ":" + code);
    }

    private static ProblemException tooMany(String code, String detail) {
        return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, code, detail);
    }

    static String mask(String phone) {
        return Masking.phone(phone);
    }
}
