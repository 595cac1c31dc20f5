package io.gridwork.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.access.AccountApi;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.notify.internal.ChannelType;
import io.gridwork.notify.internal.Kind;
import io.gridwork.notify.internal.NotifyProperties;
import io.gridwork.notify.internal.NotifyTime;
import io.gridwork.notify.internal.Preferences;
import io.gridwork.notify.internal.Sender;
import io.gridwork.notify.internal.SupervisionDigest;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * 每日督办摘要: made once per community and day at the community's hour (also when two instances scan at once), with
 * the yellow and red demands by responsible party and the board's link, in the designated person's inbox and as an
 * e-mail through a real SMTP peer; a day with nothing yellow or red sends nothing; the setting's page and its scope.
 */
@GridworkTest
class SupervisionDigestTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired SupervisionDigest digest;
    @Autowired DemandService demands;
    @Autowired GridApi grid;
    @Autowired AccountApi accounts;
    @Autowired Preferences preferences;
    @Autowired Sender sender;
    @Autowired NotifyTime time;
    @Autowired NotifyProperties props;
    @Autowired JdbcClient jdbc;
    @Autowired TestPeople people;
    @Autowired MockMvc mvc;

    SmtpPeer smtp;
    GridworkUser admin;
    GridNode community;
    long building;
    long secretary;
    String address;

    @BeforeEach
    void aCommunityOfItsOwn() throws Exception {
        smtp = new SmtpPeer();
        props.getEmail().setHost("127.0.0.1");
        props.getEmail().setPort(smtp.port());
        props.getEmail().setFrom("gridwork-test@localhost");
        admin = people.user("admin");
        GridNode demo = grid.nodeByCode("510108001001").orElseThrow();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        community = grid.create(demo.parentId(), GridLevel.COMMUNITY, "督办摘要社区" + tag, null, null);
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "督办小区", null, null);
        GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "督办微网格", null, null);
        building = grid.createBuilding(compound.id(), micro.id(), "1", "1栋", 6, null, null);
        secretary = accounts.createAccount("digest-" + tag, "password-" + tag + "X9", "摘要书记" + tag, null,
                Set.of(Role.COMMUNITY_STAFF), Set.of(), List.of(community.id()));
        address = "digest-" + tag + "@example.org";
        preferences.update(secretary, new Preferences.Change(address, null, true,
                Map.of(Kind.DEMAND_SUPERVISION, Set.of(ChannelType.EMAIL))));
    }

    @AfterEach
    void reset() throws Exception {
        props.getEmail().setHost("");
        time.use(null);
        smtp.close();
    }

    /** The module's clock at a local time in Shanghai on a day far ahead (no other test's digest falls on it). */
    private LocalDate at(LocalDate day, LocalTime t) {
        time.use(Clock.fixed(day.atTime(t).atZone(SHANGHAI).toInstant(), ZoneOffset.UTC));
        return day;
    }

    /** A demand of the building: red or yellow now, dispatched to {@code party} (null: left with the grid). */
    private String demand(boolean red, Party party) {
        long id = demands.submit(new DemandService.Submission("WATER_LEAK", "督办摘要测试", null, null, building, null, null, null,
                null, null, io.gridwork.demand.Channel.STATION, "测试", null), admin, null).id();
        Instant now = Instant.now();
        if (party != null) {
            demands.accept(id, Grade.MEDIUM, null, null, admin);
            demands.dispatch(id, Set.of(party), null, admin);
            jdbc.sql("update demand set resolve_yellow_at = ?, resolve_due_at = ? where id = ?")
                    .params(Timestamp.from(now.minus(3, ChronoUnit.HOURS)), Timestamp.from(red ? now.minus(1, ChronoUnit.HOURS)
                            : now.plus(3, ChronoUnit.HOURS)), id).update();
        } else {
            jdbc.sql("update demand set respond_yellow_at = ?, respond_due_at = ? where id = ?")
                    .params(Timestamp.from(now.minus(3, ChronoUnit.HOURS)), Timestamp.from(red ? now.minus(1, ChronoUnit.HOURS)
                            : now.plus(3, ChronoUnit.HOURS)), id).update();
        }
        return jdbc.sql("select ref_no from demand where id = ?").param(id).query(String.class).single();
    }

    private List<Map<String, Object>> inbox() {
        return jdbc.sql("select title, body, link, kind from notify_message where account_id = ? order by id").param(secretary)
                .query().listOfRows();
    }

    @Test
    void theDesignatedPersonGetsTheYellowAndRedDemandsByPartyOnceADayAtTheHour() throws Exception {
        String redProperty = demand(true, Party.PROPERTY);
        String yellowProperty = demand(false, Party.PROPERTY);
        String redGrid = demand(true, null);
        demand(false, null);
        digest.save(community, secretary, 8, true, admin);

        LocalDate day = at(LocalDate.now(SHANGHAI).plusDays(500), LocalTime.of(7, 30));
        digest.sendDue();
        assertThat(digest.runs(community.id(), 5)).as("before the hour").isEmpty();
        assertThat(inbox()).isEmpty();

        at(day, LocalTime.of(8, 5));
        digest.sendDue();
        assertThat(digest.runs(community.id(), 5)).singleElement().satisfies(r -> {
            assertThat(r.day()).isEqualTo(day);
            assertThat(r.red()).isEqualTo(2);
            assertThat(r.yellow()).isEqualTo(2);
            assertThat(r.sent()).isTrue();
        });
        assertThat(inbox()).singleElement().satisfies(m -> {
            assertThat(m.get("kind")).isEqualTo("DEMAND_SUPERVISION");
            assertThat((String) m.get("title")).contains(community.name()).contains("红牌 2 件").contains("黄牌 2 件");
            assertThat((String) m.get("body")).contains("物业").contains(redProperty).contains(yellowProperty).contains(redGrid)
                    .contains("红牌 1 件，黄牌 1 件");
            assertThat(m.get("link")).isEqualTo("/supervision");
        });
        // the outbox row for the chosen channel, and the mail through the SMTP peer
        assertThat(jdbc.sql("select count(*) from notify_delivery where account_id = ? and channel = 'EMAIL'").param(secretary)
                .query(Long.class).single()).isEqualTo(1);
        sender.sendDue();
        SmtpPeer.Received mail = smtp.next(10);
        assertThat(mail).as("the SMTP server received the digest").isNotNull();
        assertThat(mail.to()).singleElement().asString().contains(address);
        assertThat(mail.message().getSubject()).contains("每日督办").contains("红牌 2 件");
        assertThat(mail.message().getContent().toString()).contains(redProperty).contains("/supervision");

        // later the same day, and two instances at once the next day: one digest each day
        at(day, LocalTime.of(11, 0));
        digest.sendDue();
        assertThat(inbox()).hasSize(1);
        at(day.plusDays(1), LocalTime.of(9, 0));
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger made = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                made.addAndGet(digest.sendDue());
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(digest.runs(community.id(), 5)).hasSize(2);
        assertThat(inbox()).hasSize(2);
        assertThat(made.get()).as("digests made by the two scans together").isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDayWithNothingYellowOrRedSendsNothing() {
        digest.save(community, secretary, 6, true, admin);
        at(LocalDate.now(SHANGHAI).plusDays(520), LocalTime.of(6, 0));
        digest.sendDue();
        assertThat(digest.runs(community.id(), 5)).singleElement().satisfies(r -> {
            assertThat(r.sent()).isFalse();
            assertThat(r.red() + r.yellow()).isZero();
        });
        assertThat(inbox()).isEmpty();
        assertThat(jdbc.sql("select count(*) from notify_delivery where account_id = ?").param(secretary).query(Long.class).single())
                .isZero();
    }

    @Test
    void theSettingIsTheCommunitysOwnAndRefusesWhatIsWrong() throws Exception {
        // only staff of the community may be designated; the hour is 0–23
        assertThat(digest.choices(community)).extracting(SupervisionDigest.Choice::accountId).contains(secretary);
        long resident = people.freshResident().accountId();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> digest.save(community, resident, 8, true, admin))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("digest-invalid-person"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> digest.save(community, secretary, 24, true, admin))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("digest-invalid-hour"));
        assertThat(digest.setting(community.id())).isEmpty();

        GridworkUser communityStaff = people.user("community");
        mvc.perform(get("/notify/digest").param("community", String.valueOf(community.id())).with(user(communityStaff)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/notify/digest").with(user(communityStaff))).andExpect(status().isOk());
        mvc.perform(post("/notify/digest").with(user(admin)).with(csrf()).param("community", String.valueOf(community.id()))
                .param("accountId", String.valueOf(secretary)).param("hour", "x"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attributeExists("error"));
        mvc.perform(post("/notify/digest").with(user(admin)).with(csrf()).param("community", String.valueOf(community.id()))
                .param("accountId", String.valueOf(secretary)).param("hour", "30"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attributeExists("error"));
        assertThat(digest.setting(community.id())).isEmpty();
        mvc.perform(post("/notify/digest").with(user(admin)).with(csrf()).param("community", String.valueOf(community.id()))
                .param("accountId", String.valueOf(secretary)).param("hour", "7").param("enabled", "on"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("done", "saved"));
        assertThat(digest.setting(community.id())).hasValueSatisfying(s -> {
            assertThat(s.hour()).isEqualTo(7);
            assertThat(s.accountId()).isEqualTo(secretary);
            assertThat(s.enabled()).isTrue();
        });
        String page = mvc.perform(get("/notify/digest").param("community", String.valueOf(community.id())).with(user(admin)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("每日督办摘要").contains("07:00");
    }
}
