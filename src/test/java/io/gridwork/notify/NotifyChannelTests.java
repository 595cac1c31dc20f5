package io.gridwork.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.notify.internal.ChannelType;
import io.gridwork.notify.internal.Groups;
import io.gridwork.notify.internal.Kind;
import io.gridwork.notify.internal.NotifyProperties;
import io.gridwork.notify.internal.NotifyTime;
import io.gridwork.notify.internal.Outbox;
import io.gridwork.notify.internal.Preferences;
import io.gridwork.notify.internal.Sender;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each external channel delivers to a real peer on a free local port (an SMTP server, an HTTP server for the
 * WeCom robot and the SMS gateway); quiet hours, retries with backoff, recorded failures and claims that keep
 * two instances from sending one delivery twice.
 */
@GridworkTest
class NotifyChannelTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired TestPeople testPeople;
    @Autowired GroupFixture fixture;
    @Autowired Outbox outbox;
    @Autowired Sender sender;
    @Autowired Preferences preferences;
    @Autowired Groups groups;
    @Autowired NotifyTime time;
    @Autowired NotifyProperties props;
    @Autowired JdbcClient jdbc;

    SmtpPeer smtp;
    HttpPeer http;
    int maxAttempts;

    @BeforeEach
    void peers() throws Exception {
        smtp = new SmtpPeer();
        http = new HttpPeer(new HttpPeer.Reply(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        props.getEmail().setHost("127.0.0.1");
        props.getEmail().setPort(smtp.port());
        props.getEmail().setFrom("gridwork-test@localhost");
        maxAttempts = props.getMaxAttempts();
        props.getWecom().setAllowedHosts(new java.util.ArrayList<>(List.of("qyapi.weixin.qq.com", "127.0.0.1")));
        at(LocalDate.now(SHANGHAI).plusDays(400), LocalTime.of(10, 0));
    }

    @AfterEach
    void reset() throws Exception {
        props.getEmail().setHost("");
        props.getSms().setUrl("");
        props.getSms().setApiKey("");
        props.getSms().setSecret("");
        props.setMaxAttempts(maxAttempts);
        props.getWecom().setAllowedHosts(new java.util.ArrayList<>(List.of("qyapi.weixin.qq.com")));
        time.use(null);
        smtp.close();
        http.close();
    }

    /** The module's clock at a local time in Shanghai (in the future, so that every row of this test is due then). */
    private Instant at(LocalDate day, LocalTime t) {
        Instant i = day.atTime(t).atZone(SHANGHAI).toInstant();
        time.use(Clock.fixed(i, ZoneOffset.UTC));
        return i;
    }

    private record Row(String status, int attempts, String lastError, Instant nextAt) {
    }

    private Row delivery(String dedupePrefix) {
        return jdbc.sql("select status, attempts, last_error, next_at from notify_delivery where dedupe_key like ?")
                .param(dedupePrefix + "%")
                .query((rs, i) -> new Row(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .single();
    }

    private String key() {
        return "test:" + UUID.randomUUID();
    }

    @Test
    void emailReachesTheSmtpServerWithTheChineseSubjectIntact() throws Exception {
        GridworkUser r = testPeople.freshResident();
        String address = "r" + r.accountId() + "@example.org";
        preferences.update(r.accountId(), new Preferences.Change(address, null, true,
                Map.of(Kind.DEMAND_FEEDBACK, Set.of(ChannelType.EMAIL))));
        String k = key();
        String subject = "您反映的诉求已办结，请确认并评价（" + r.accountId() + "）";
        outbox.post(new Outbox.Message(k, Kind.DEMAND_FEEDBACK, false, subject, "楼道灯已更换。", "/demands/1"), List.of(r.accountId()));

        sender.sendDue();

        SmtpPeer.Received mail = smtp.next(10);
        assertThat(mail).as("the SMTP server received the mail").isNotNull();
        assertThat(mail.message().getSubject()).isEqualTo(subject);
        assertThat(mail.to()).singleElement().asString().contains(address);
        assertThat(mail.message().getContent().toString()).contains("楼道灯已更换。").contains("/demands/1");
        assertThat(delivery(k)).extracting(Row::status, Row::attempts).containsExactly("SENT", 1);
        // the inbox got it too, and the address is stored encrypted and shown masked
        assertThat(jdbc.sql("select count(*) from notify_message where event_key = ? and account_id = ?").params(k, r.accountId())
                .query(Integer.class).single()).isOne();
        assertThat(preferences.of(r.accountId()).emailMask()).isEqualTo(address.substring(0, 2) + "***@example.org");
        assertThat(jdbc.sql("select email_enc from notify_preference where account_id = ?").param(r.accountId())
                .query(String.class).single()).doesNotContain("example.org");
    }

    @Test
    void wecomRobotReceivesTheNoticeAndANonZeroErrcodeIsRetriedWithBackoffThenRecordedAsFailed() throws Exception {
        var b = fixture.building(1, 1);
        GridworkUser community = testPeople.user("community");
        Groups.Audience audience = groups.create(null, b.id(), null, community);
        String secretKey = UUID.randomUUID().toString();
        groups.setWebhook(audience.id(), http.url("/cgi-bin/webhook/send?key=" + secretKey), true, community);
        assertThat(groups.audience(audience.id()).orElseThrow().webhookMask()).doesNotContain(secretKey);

        // first a success
        Groups.Notice n = groups.publish(audience.id(), Groups.NoticeType.NOTICE, "燃气安全月通知", "请检查家中燃气报警器。", null, null, community);
        sender.sendDue();
        HttpPeer.Request req = http.next(10);
        assertThat(req).isNotNull();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.query()).isEqualTo("key=" + secretKey);
        JsonNode body = JSON.readTree(req.body());
        assertThat(body.path("msgtype").asString()).isEqualTo("text");
        assertThat(body.path("text").path("content").asString()).contains("燃气安全月通知").contains("/notices/" + n.id());
        assertThat(delivery("notice:" + n.id() + "|g")).extracting(Row::status).isEqualTo("SENT");

        // then the robot refuses: errcode 93000 (an HTTP 200 all the same)
        props.setMaxAttempts(2);
        http.then(new HttpPeer.Reply(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"),
                new HttpPeer.Reply(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"));
        Instant t0 = time.now();
        Groups.Notice m = groups.publish(audience.id(), Groups.NoticeType.NOTICE, "停水通知", "明日 9:00-12:00 停水。", null, null, community);
        String prefix = "notice:" + m.id() + "|g";
        sender.sendDue();
        Row first = delivery(prefix);
        assertThat(first.status()).isEqualTo("PENDING");
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.lastError()).contains("93000");
        assertThat(first.nextAt()).as("waits the backoff base").isEqualTo(t0.plus(props.getBackoffBase()));

        sender.sendDue();
        assertThat(delivery(prefix).attempts()).as("not due again before the backoff").isEqualTo(1);

        time.use(Clock.fixed(t0.plus(props.getBackoffBase()).plusSeconds(1), ZoneOffset.UTC));
        sender.sendDue();
        Row second = delivery(prefix);
        assertThat(second.status()).as("the last attempt failed: recorded as failed").isEqualTo("FAILED");
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.lastError()).contains("45009");
        http.next(1);
        http.next(1);
        http.next(1);
        sender.sendDue();
        assertThat(http.pending()).as("a failed delivery is not tried again").isZero();
    }

    @Test
    void aRetryAfterAFailureDeliversWithBackoff() throws Exception {
        GridworkUser r = testPeople.freshResident();
        String apiKey = UUID.randomUUID().toString();
        props.getSms().setUrl(http.url("/sms/send"));
        props.getSms().setApiKey(apiKey);
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String secretText = HexFormat.of().formatHex(secret);
        props.getSms().setSecret(secretText);
        preferences.update(r.accountId(), new Preferences.Change(null, "139 1234 5678", true, Map.of(Kind.CAMPAIGN, Set.of(ChannelType.SMS))));
        assertThat(preferences.of(r.accountId()).phoneMask()).isEqualTo("139****5678");

        http.then(new HttpPeer.Reply(503, "{\"error\":\"busy\"}"));
        Instant t0 = time.now();
        String k = key();
        outbox.post(new Outbox.Message(k, Kind.CAMPAIGN, true, "紧急排查", "今晚 21:00 燃气安全排查，请到岗。", null), List.of(r.accountId()));
        sender.sendDue();
        HttpPeer.Request refused = http.next(10);
        assertThat(refused).isNotNull();
        Row failed = delivery(k);
        assertThat(failed.status()).isEqualTo("PENDING");
        assertThat(failed.lastError()).contains("503");
        assertThat(failed.nextAt()).isEqualTo(t0.plus(props.getBackoffBase()));

        time.use(Clock.fixed(t0.plus(props.getBackoffBase()), ZoneOffset.UTC));
        sender.sendDue();
        HttpPeer.Request ok = http.next(10);
        assertThat(ok).isNotNull();
        assertThat(ok.header("X-Api-Key")).isEqualTo(apiKey);
        assertThat(ok.header("Idempotency-Key")).isEqualTo(refused.header("Idempotency-Key"));
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.path("phone").asString()).isEqualTo("13912345678");
        assertThat(body.path("text").asString()).contains("燃气安全排查");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secretText.getBytes(), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((ok.header("X-Timestamp") + "\n" + ok.body()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(ok.header("X-Signature")).isEqualTo(expected);
        Row sent = delivery(k);
        assertThat(sent.status()).isEqualTo("SENT");
        assertThat(sent.attempts()).isEqualTo(2);
    }

    @Test
    void quietHoursDeferANonUrgentMessageButNotAnUrgentOne() throws Exception {
        GridworkUser r = testPeople.freshResident();
        preferences.update(r.accountId(), new Preferences.Change("q" + r.accountId() + "@example.org", null, true,
                Map.of(Kind.DEMAND_FEEDBACK, Set.of(ChannelType.EMAIL), Kind.CAMPAIGN, Set.of(ChannelType.EMAIL))));
        LocalDate day = LocalDate.now(SHANGHAI).plusDays(401);
        at(day, LocalTime.of(23, 30));
        String calm = key();
        String urgent = key();
        outbox.post(new Outbox.Message(calm, Kind.DEMAND_FEEDBACK, false, "夜间普通消息", "明早再发", null), List.of(r.accountId()));
        outbox.post(new Outbox.Message(urgent, Kind.CAMPAIGN, true, "夜间紧急消息", "立即发送", null), List.of(r.accountId()));
        assertThat(delivery(calm).nextAt()).isEqualTo(day.plusDays(1).atTime(7, 0).atZone(SHANGHAI).toInstant());

        sender.sendDue();
        assertThat(subjects()).contains("夜间紧急消息").doesNotContain("夜间普通消息");
        assertThat(delivery(urgent).status()).isEqualTo("SENT");
        assertThat(delivery(calm).status()).as("the non-urgent one waits").isEqualTo("PENDING");

        at(day.plusDays(1), LocalTime.of(6, 59));
        sender.sendDue();
        assertThat(delivery(calm).status()).isEqualTo("PENDING");
        at(day.plusDays(1), LocalTime.of(7, 0));
        sender.sendDue();
        assertThat(subjects()).contains("夜间普通消息");
        assertThat(delivery(calm).status()).isEqualTo("SENT");
    }

    @Test
    void twoInstancesAndARedeliveredEventSendEachMessageOnce() throws Exception {
        List<GridworkUser> rs = List.of(testPeople.freshResident(), testPeople.freshResident(), testPeople.freshResident());
        for (GridworkUser r : rs) {
            preferences.update(r.accountId(), new Preferences.Change("d" + r.accountId() + "@example.org", null, true,
                    Map.of(Kind.NOTICE, Set.of(ChannelType.EMAIL))));
        }
        String k = key();
        var msg = new Outbox.Message(k, Kind.NOTICE, false, "只发一次 " + k, "正文", null);
        List<Long> ids = rs.stream().map(GridworkUser::accountId).toList();
        assertThat(outbox.post(msg, ids)).isEqualTo(3);
        assertThat(outbox.post(msg, ids)).as("a redelivered event adds nothing").isZero();
        assertThat(jdbc.sql("select count(*) from notify_delivery where dedupe_key like ?").param(k + "|%").query(Integer.class).single())
                .isEqualTo(3);

        Sender second = sender.otherInstance();
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        Thread a = Thread.ofPlatform().start(() -> { await(go); sent.addAndGet(sender.sendDue()); });
        Thread b = Thread.ofPlatform().start(() -> { await(go); sent.addAndGet(second.sendDue()); });
        go.countDown();
        a.join();
        b.join();
        assertThat(sent.get()).as("the two senders together sent at least these three").isGreaterThanOrEqualTo(3);
        long mine = subjects().stream().filter(("只发一次 " + k)::equals).count();
        assertThat(mine).as("each of the three recipients got one mail").isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from notify_delivery where dedupe_key like ? and status = 'SENT' and attempts = 1")
                .param(k + "|%").query(Integer.class).single()).isEqualTo(3);
        // a restarted instance finds nothing left to send
        sender.otherInstance().sendDue();
        assertThat(subjects()).doesNotContain("只发一次 " + k);
    }

    @Test
    void aDeliveryLeftSendingByADeadInstanceIsSentOnceItsLeaseRunsOut() throws Exception {
        GridworkUser r = testPeople.freshResident();
        preferences.update(r.accountId(), new Preferences.Change("l" + r.accountId() + "@example.org", null, false,
                Map.of(Kind.NOTICE, Set.of(ChannelType.EMAIL))));
        String k = key();
        outbox.post(new Outbox.Message(k, Kind.NOTICE, false, "租约到期后补发 " + k, "正文", null), List.of(r.accountId()));
        Instant now = time.now();
        // an instance claimed it and died before sending
        jdbc.sql("update notify_delivery set status = 'SENDING', attempts = 1, claimed_by = 'dead', claimed_until = ? where dedupe_key like ?")
                .params(java.sql.Timestamp.from(now.plus(props.getLease())), k + "|%").update();
        sender.sendDue();
        assertThat(subjects()).as("still leased: nobody else sends it").doesNotContain("租约到期后补发 " + k);
        time.use(Clock.fixed(now.plus(props.getLease()).plusSeconds(1), ZoneOffset.UTC));
        sender.otherInstance().sendDue();
        assertThat(subjects()).containsOnlyOnce("租约到期后补发 " + k);
        assertThat(delivery(k)).extracting(Row::status, Row::attempts).containsExactly("SENT", 2);
    }

    /** Subjects of the mails the SMTP server holds (waiting a little for the first). */
    private List<String> subjects() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        SmtpPeer.Received m = smtp.next(5);
        while (m != null) {
            out.add(m.message().getSubject());
            m = smtp.next(1);
        }
        return out;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
