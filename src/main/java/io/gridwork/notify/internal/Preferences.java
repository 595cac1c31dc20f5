package io.gridwork.notify.internal;

import java.sql.Timestamp;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.people.PersonalDataCipher;
import io.gridwork.people.PhoneNumber;
import io.gridwork.shared.Masking;
import io.gridwork.shared.web.ProblemException;

/** Per-account preferences: contact details (encrypted, shown masked), channels per kind, quiet hours. */
@Service
@Transactional(readOnly = true)
public class Preferences {

    /** As shown: masks only. */
    public record View(String emailMask, String phoneMask, boolean quietHours, Map<Kind, Set<ChannelType>> channels) {
    }

    /**
     * A change. {@code email} / {@code phone}: null keeps the stored value, blank removes it. {@code channels}
     * null keeps the choices; otherwise replaces them (kinds not named get none).
     */
    public record Change(String email, String phone, Boolean quietHours, Map<Kind, Set<ChannelType>> channels) {
    }

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,185}\\.[^@\\s.]{2,63}");

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final NotifyTime time;

    Preferences(JdbcClient jdbc, PersonalDataCipher cipher, NotifyTime time) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.time = time;
    }

    public View of(long accountId) {
        Map<Kind, Set<ChannelType>> channels = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            channels.put(k, EnumSet.noneOf(ChannelType.class));
        }
        jdbc.sql("select kind, channel from notify_channel_choice where account_id = ?").param(accountId)
                .query(rs -> {
                    channels.get(Kind.valueOf(rs.getString(1))).add(ChannelType.valueOf(rs.getString(2)));
                });
        return jdbc.sql("select email_mask, phone_mask, quiet_hours from notify_preference where account_id = ?").param(accountId)
                .query((rs, i) -> new View(rs.getString(1), rs.getString(2), rs.getBoolean(3), channels))
                .optional().orElse(new View(null, null, true, channels));
    }

    /** Validates everything first, then writes: a refused change changes nothing. */
    @Transactional
    public View update(long accountId, Change c) {
        String email = c.email() == null ? null : c.email().strip();
        if (email != null && !email.isEmpty() && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            throw ProblemException.badRequest("invalid-email", "not an e-mail address", Map.of("field", "email"));
        }
        String phone = c.phone() == null ? null : c.phone().strip();
        if (phone != null && !phone.isEmpty() && PhoneNumber.problem(phone) != null) {
            throw ProblemException.badRequest("invalid-phone", "not a mainland mobile or fixed-line number", Map.of("field", "phone"));
        }
        if (c.channels() != null) {
            for (var e : c.channels().entrySet()) {
                if (e.getKey() == null || e.getValue() == null || e.getValue().stream().anyMatch(ch -> !ChannelType.CHOOSABLE.contains(ch))) {
                    throw ProblemException.badRequest("invalid-channel", "per kind, choose among EMAIL and SMS", Map.of("field", "channels"));
                }
            }
        }
        Timestamp now = Timestamp.from(time.now());
        jdbc.sql("insert into notify_preference (account_id, updated_at) values (?, ?) on conflict do nothing").params(accountId, now).update();
        if (email != null) {
            jdbc.sql("update notify_preference set email_enc = ?, email_mask = ?, updated_at = ? where account_id = ?")
                    .params(email.isEmpty() ? null : cipher.encrypt(email), email.isEmpty() ? null : Texts.maskEmail(email), now, accountId)
                    .update();
        }
        if (phone != null) {
            String normal = phone.isEmpty() ? null : PhoneNumber.normalize(phone);
            jdbc.sql("update notify_preference set phone_enc = ?, phone_mask = ?, updated_at = ? where account_id = ?")
                    .params(normal == null ? null : cipher.encrypt(normal), normal == null ? null : Masking.phone(normal), now, accountId)
                    .update();
        }
        if (c.quietHours() != null) {
            jdbc.sql("update notify_preference set quiet_hours = ?, updated_at = ? where account_id = ?").params(c.quietHours(), now, accountId).update();
        }
        if (c.channels() != null) {
            jdbc.sql("delete from notify_channel_choice where account_id = ?").param(accountId).update();
            for (var e : c.channels().entrySet()) {
                for (ChannelType ch : e.getValue()) {
                    jdbc.sql("insert into notify_channel_choice (account_id, kind, channel) values (?, ?, ?)")
                            .params(accountId, e.getKey().name(), ch.name()).update();
                }
            }
        }
        return of(accountId);
    }
}
