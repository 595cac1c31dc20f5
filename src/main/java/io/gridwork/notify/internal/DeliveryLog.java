package io.gridwork.notify.internal;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gridwork.shared.web.ProblemException;

/** The delivery log for admins: every send and failure, newest first. */
@Service
public class DeliveryLog {

    private final JdbcClient jdbc;

    DeliveryLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Delivery> list(String status, String channel, int limit) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (status != null && !status.isBlank()) {
            if (!List.of("PENDING", "SENDING", "SENT", "FAILED", "SKIPPED").contains(status)) {
                throw ProblemException.badRequest("invalid-status", "status is PENDING, SENDING, SENT, FAILED or SKIPPED",
                        java.util.Map.of("field", "status"));
            }
            where.add("status = ?");
            params.add(status);
        }
        if (channel != null && !channel.isBlank()) {
            try {
                params.add(ChannelType.valueOf(channel).name());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("invalid-channel", "channel is EMAIL, SMS or WECOM", java.util.Map.of("field", "channel"));
            }
            where.add("channel = ?");
        }
        int n = Math.max(1, Math.min(limit, 500));
        return jdbc.sql("select * from notify_delivery" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by id desc limit " + n)
                .params(params).query(Sender::row).list();
    }
}
