package io.gridwork.iot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.Channel;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.iot.internal.DeviceRegistry;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.SignedIn;
import io.gridwork.support.TestPeople;

/** Signed HTTP events: the signature, replays, bad payloads, the rules behind them; the registry's scope. */
@GridworkTest
@RecordApplicationEvents
class IotHttpTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    IotFixtures fx;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DemandApi demands;
    @Autowired
    UserDetailsService accounts;
    @Autowired
    ApplicationEvents events;

    private ResultActions send(DeviceRegistry.Created d, String body) throws Exception {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        String nonce = IotFixtures.nonce();
        return send(d.device().code(), ts, nonce, IotFixtures.sign(d.secret(), ts, nonce, body), body);
    }

    private ResultActions send(String code, String ts, String nonce, String signature, String body) throws Exception {
        return mvc.perform(post("/api/iot/events").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-Device-Code", code).header("X-Timestamp", ts).header("X-Nonce", nonce).header("X-Signature", signature));
    }

    private long rejects(String reason) {
        return jdbc.sql("select coalesce(max(total), 0) from iot_reject_count where reason = ?").param(reason).query(Long.class).single();
    }

    private long eventsOf(DeviceRegistry.Created d) {
        return fx.count("select count(*) from iot_event where device_id = ?", d.device().id());
    }

    @Test
    void theDemoRegistersFiveDevicesIn学府憬城IntoAnEmptyRegistry() {
        // the in-memory H2 database starts empty each run; a kept PostgreSQL test database may not
        org.junit.jupiter.api.Assumptions.assumeTrue(io.gridwork.support.TestDatabaseProfiles.database().equals("h2"));
        assertThat(jdbc.sql("select d.device_type from iot_device d join building b on b.id = d.building_id"
                + " join grid_node g on g.id = b.compound_id where d.code like 'XFJC-%' and g.name = '学府憬城' order by d.id")
                .query(String.class).list())
                .containsExactly("HIGH_ALTITUDE_CAMERA", "LIFT_EBIKE_DETECTOR", "BIKE_SHED_CHARGER", "SMOKE_SENSOR", "GATE");
    }

    @Test
    void registeringShowsTheSecretOnceAndStoresItEncrypted() throws Exception {
        String code = IotFixtures.code("GATE");
        String json = mvc.perform(post("/api/iot/devices").with(SignedIn.as(accounts, "community")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"" + code + "\",\"type\":\"GATE\",\"name\":\"东门门禁\",\"buildingId\":" + fx.building() + "}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.device.code").value(code))
                .andExpect(jsonPath("$.device.owner").value("PROPERTY"))
                .andExpect(jsonPath("$.secret").isString())
                .andReturn().getResponse().getContentAsString();
        String secret = json.replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
        long id = jdbc.sql("select id from iot_device where code = ?").param(code).query(Long.class).single();
        String stored = jdbc.sql("select secret_enc from iot_device where id = ?").param(id).query(String.class).single();
        assertThat(stored).doesNotContain(secret);
        mvc.perform(get("/api/iot/devices/" + id).with(SignedIn.as(accounts, "community")))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(secret))));

        // the same code again, or a bad type: 4xx problems, nothing registered
        long before = fx.count("select count(*) from iot_device");
        mvc.perform(post("/api/iot/devices").with(SignedIn.as(accounts, "community")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"" + code + "\",\"type\":\"GATE\",\"name\":\"重复\",\"buildingId\":" + fx.building() + "}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("device-code-taken"));
        mvc.perform(post("/api/iot/devices").with(SignedIn.as(accounts, "community")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"" + IotFixtures.code("GATE") + "\",\"type\":\"TOASTER\",\"name\":\"x\",\"buildingId\":" + fx.building() + "}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-device-type"));
        assertThat(fx.count("select count(*) from iot_device")).isEqualTo(before);
    }

    @Test
    void aSignedSmokeAlarmBecomesAnUrgentDemandForThePropertyAndTheGrid() throws Exception {
        var d = fx.register("SMOKE_SENSOR");
        String json = send(d, "{\"id\":\"s-1\",\"type\":\"SMOKE\"}").andExpect(status().isAccepted())
                .andExpect(jsonPath("$.duplicate").value(false))
                .andExpect(jsonPath("$.demandId").isNumber())
                .andReturn().getResponse().getContentAsString();
        long demandId = Long.parseLong(json.replaceAll(".*\"demandId\":(\\d+).*", "$1"));
        DemandView v = demands.find(demandId).orElseThrow();
        assertThat(v.channel()).isEqualTo(Channel.DEVICE);
        assertThat(v.categoryCode()).isEqualTo("SAFETY_HAZARD");
        assertThat(v.grade()).isEqualTo(Grade.GENERAL);
        assertThat(v.description()).startsWith("【紧急】");
        assertThat(v.assignments()).extracting(DemandView.PartyAssignment::party).containsExactlyInAnyOrder(Party.PROPERTY, Party.GRID);
        assertThat(v.buildingId()).isEqualTo(fx.building());
    }

    @Test
    void aBadSignatureAStaleTimestampAndAReplayedNonceAre401AndChangeNothing() throws Exception {
        var d = fx.register("SMOKE_SENSOR");
        String body = "{\"id\":\"r-1\",\"type\":\"SMOKE\"}";
        long badSig = rejects("BAD_SIGNATURE");
        String ts = String.valueOf(Instant.now().getEpochSecond());
        String nonce = IotFixtures.nonce();
        send(d.device().code(), ts, nonce, IotFixtures.sign("not-the-secret", ts, nonce, body), body)
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("bad-signature"));
        // signed correctly, but the body was changed on the way
        send(d.device().code(), ts, nonce, IotFixtures.sign(d.secret(), ts, nonce, body), body.replace("r-1", "r-2"))
                .andExpect(status().isUnauthorized());
        assertThat(rejects("BAD_SIGNATURE")).isEqualTo(badSig + 2);

        long replays = rejects("REPLAY");
        String old = String.valueOf(Instant.now().minusSeconds(600).getEpochSecond());
        String n2 = IotFixtures.nonce();
        send(d.device().code(), old, n2, IotFixtures.sign(d.secret(), old, n2, body), body)
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("replay"));
        assertThat(eventsOf(d)).isZero();

        send(d.device().code(), ts, nonce, IotFixtures.sign(d.secret(), ts, nonce, body), body).andExpect(status().isAccepted());
        send(d.device().code(), ts, nonce, IotFixtures.sign(d.secret(), ts, nonce, body), body)
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("replay"));
        assertThat(rejects("REPLAY")).isEqualTo(replays + 2);
        assertThat(eventsOf(d)).isEqualTo(1);

        mvc.perform(post("/api/iot/events").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("signature-required"));
        send("no-such-device-" + IotFixtures.nonce().substring(0, 6), ts, IotFixtures.nonce(), "00", body)
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("unknown-device"));
    }

    @Test
    void badPayloadsAreRefusedAndCountedPerReason() throws Exception {
        var d = fx.register("LIFT_EBIKE_DETECTOR");
        long malformed = rejects("MALFORMED");
        long unknownType = rejects("UNKNOWN_TYPE");
        long oversize = rejects("OVERSIZE");
        send(d, "{\"type\":").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("malformed"));
        send(d, "{\"type\":\"SMOKE\"}").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("unknown-type"));
        String big = "{\"type\":\"EBIKE\",\"note\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        send(d, big).andExpect(status().isContentTooLarge());
        assertThat(rejects("MALFORMED")).isEqualTo(malformed + 1);
        assertThat(rejects("UNKNOWN_TYPE")).isEqualTo(unknownType + 1);
        assertThat(rejects("OVERSIZE")).isEqualTo(oversize + 1);
        assertThat(eventsOf(d)).isZero();
        assertThat(fx.count("select count(*) from iot_incident where device_id = ?", d.device().id())).isZero();

        // admins see the counts and the recent rejects
        mvc.perform(get("/iot/rejects").with(SignedIn.as(accounts, "admin")))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(d.device().code())))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("未知事件类型")));
        mvc.perform(get("/api/iot/rejects").with(SignedIn.as(accounts, "admin")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.counts.UNKNOWN_TYPE").isNumber());
    }

    @Test
    void aCameraThrowBecomesADemandWithItsImageAndABadImageIsRefused() throws Exception {
        var d = fx.register("HIGH_ALTITUDE_CAMERA");
        long badImages = rejects("BAD_IMAGE");
        send(d, "{\"id\":\"c-0\",\"type\":\"THROW\",\"image\":\"" + java.util.Base64.getEncoder().encodeToString("not an image".getBytes()) + "\"}")
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("bad-image"));
        assertThat(rejects("BAD_IMAGE")).isEqualTo(badImages + 1);
        assertThat(eventsOf(d)).isZero();

        String json = send(d, "{\"id\":\"c-1\",\"type\":\"THROW\",\"image\":\"" + IotFixtures.jpegBase64() + "\"}")
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        long demandId = Long.parseLong(json.replaceAll(".*\"demandId\":(\\d+).*", "$1"));
        DemandView v = demands.find(demandId).orElseThrow();
        assertThat(v.categoryCode()).isEqualTo("THROWN_OBJECTS");
        assertThat(v.channel()).isEqualTo(Channel.DEVICE);
        assertThat(fx.count("select count(*) from demand_photo where demand_id = ? and stage = 'REPORT'", demandId)).isEqualTo(1);

        // a second throw within the window, and the first redelivered: one incident, one demand
        send(d, "{\"id\":\"c-2\",\"type\":\"THROW\"}").andExpect(status().isAccepted())
                .andExpect(jsonPath("$.demandId").value(demandId)).andExpect(jsonPath("$.duplicate").value(false));
        send(d, "{\"id\":\"c-1\",\"type\":\"THROW\",\"image\":\"" + IotFixtures.jpegBase64() + "\"}").andExpect(status().isAccepted())
                .andExpect(jsonPath("$.duplicate").value(true));
        assertThat(fx.count("select count(*) from iot_incident where device_id = ?", d.device().id())).isEqualTo(1);
        assertThat(fx.count("select event_count from iot_incident where device_id = ?", d.device().id())).isEqualTo(2);
        assertThat(fx.count("select count(*) from demand where description like ?", "%" + d.device().name() + "%")).isEqualTo(1);
        assertThat(demands.find(demandId).orElseThrow().timeline()).extracting(DemandView.TimelineEntry::action).contains("DEVICE_EVENT");
    }

    @Test
    void aFailingBatteryIsAWarningOnTheDevicePageAndAnEventOnce() throws Exception {
        var d = fx.register("BIKE_SHED_CHARGER");
        send(d, "{\"id\":\"b-1\",\"type\":\"BATTERY_FAULT\",\"note\":\"3号充电口\"}").andExpect(status().isAccepted())
                .andExpect(jsonPath("$.demandId").doesNotExist());
        send(d, "{\"id\":\"b-2\",\"type\":\"BATTERY_FAULT\"}").andExpect(status().isAccepted());
        assertThat(events.stream(IotEvents.DeviceWarning.class).filter(w -> w.deviceId() == d.device().id()))
                .singleElement().satisfies(w -> {
                    assertThat(w.kind()).isEqualTo("BATTERY_FAULT");
                    assertThat(w.message()).contains("3号充电口");
                });
        mvc.perform(get("/iot/devices/" + d.device().id()).with(SignedIn.as(accounts, "community")))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("电池故障")));
    }

    @Test
    void aSilentDeviceIsFlaggedOfflineOncePerOutage() throws Exception {
        var d = fx.register("GATE");
        jdbc.sql("update iot_device set last_seen_at = ? where id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minusSeconds(3600)), d.device().id()).update();
        watch.scan();
        watch.scan();
        assertThat(events.stream(IotEvents.DeviceOffline.class).filter(e -> e.deviceId() == d.device().id())).hasSize(1);
        assertThat(fx.count("select count(*) from iot_device where id = ? and offline_since is not null", d.device().id())).isEqualTo(1);

        send(d, "{\"type\":\"HEARTBEAT\"}").andExpect(status().isAccepted());
        assertThat(fx.count("select count(*) from iot_device where id = ? and offline_since is null", d.device().id())).isEqualTo(1);
        jdbc.sql("update iot_device set last_seen_at = ? where id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minusSeconds(3600)), d.device().id()).update();
        watch.scan();
        assertThat(events.stream(IotEvents.DeviceOffline.class).filter(e -> e.deviceId() == d.device().id())).hasSize(2);
    }

    @Autowired
    io.gridwork.iot.internal.OfflineWatch watch;

    @Test
    void theRegistryIsScopedByGridAndRole() throws Exception {
        var mine = fx.register("GATE");
        var community = (io.gridwork.shared.security.GridworkUser) accounts.loadUserByUsername("community");
        Long outside = jdbc.sql("select b.id, g.path from building b join grid_node g on g.id = b.compound_id order by b.id")
                .query((rs, i) -> community.covers(rs.getString(2)) ? null : rs.getLong(1)).list().stream()
                .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        var admin = (io.gridwork.shared.security.GridworkUser) accounts.loadUserByUsername("admin");
        var foreign = registry.register(new DeviceRegistry.Registration(IotFixtures.code("GATE"), "GATE", "别处门禁", outside,
                null, null, null), admin);

        mvc.perform(get("/api/iot/devices/" + foreign.device().id()).with(SignedIn.as(accounts, "community")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/iot/devices/" + foreign.device().id()).with(SignedIn.as(accounts, "community")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/iot/devices").with(SignedIn.as(accounts, "community")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == " + mine.device().id() + ")]").exists())
                .andExpect(jsonPath("$[?(@.id == " + foreign.device().id() + ")]").doesNotExist());
        mvc.perform(get("/api/iot/devices").with(SignedIn.as(accounts, "worker"))).andExpect(status().isForbidden());
        mvc.perform(post("/api/iot/devices").with(SignedIn.as(accounts, "community")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"code\":\"" + IotFixtures.code("GATE") + "\",\"type\":\"GATE\",\"name\":\"越权\",\"buildingId\":" + outside + "}"))
                .andExpect(status().isNotFound());
        // the page lists the device and registers through a form
        mvc.perform(get("/iot/devices").with(SignedIn.as(accounts, "community")))
                .andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString(mine.device().code())));
        // pages of 50, newest first: the page after a device starts below it; a position that is no device id is refused
        mvc.perform(get("/iot/devices").param("after", String.valueOf(mine.device().id())).with(SignedIn.as(accounts, "community")))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(mine.device().code()))))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("rel=\"first\"")));
        mvc.perform(get("/iot/devices").param("after", "0").with(SignedIn.as(accounts, "community")))
                .andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("翻页位置无效")));
        String code = IotFixtures.code("SMOKE_SENSOR");
        mvc.perform(post("/iot/devices").with(SignedIn.as(accounts, "community")).with(csrf())
                        .param("code", code).param("type", "SMOKE_SENSOR").param("name", "页面登记烟感")
                        .param("buildingId", String.valueOf(fx.building())).param("owner", "PROPERTY"))
                .andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"secret\"")));
        assertThat(fx.count("select count(*) from iot_device where code = ?", code)).isEqualTo(1);
        mvc.perform(post("/iot/devices").with(SignedIn.as(accounts, "community")).with(csrf())
                        .param("code", code).param("type", "SMOKE_SENSOR").param("name", "重复")
                        .param("buildingId", String.valueOf(fx.building())))
                .andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString("该设备编号已被使用")))
                // the form comes back with the building chosen (the shared building picker, by compound)
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "<option value=\"" + fx.building() + "\" selected=\"selected\">")));
    }

    @Test
    void theDevicePagesHoldEveryDeviceOnceNewestFirst() throws Exception {
        for (int i = 0; i < 55; i++) {
            fx.register("SMOKE_SENSOR");
        }
        var staff = SignedIn.as(accounts, "community");
        GridworkUser community = (GridworkUser) accounts.loadUserByUsername("community");
        List<Long> want = new ArrayList<>();
        for (String path : community.scopePaths()) {
            want.addAll(jdbc.sql("select id from iot_device where grid_path like ?").param(path + "%").query(Long.class).list());
        }
        want.sort(java.util.Comparator.reverseOrder());
        List<Long> got = new ArrayList<>();
        String after = null;
        for (int guard = 0; guard < 100; guard++) {
            var request = get("/iot/devices").with(staff);
            if (after != null) {
                request.param("after", after);
            }
            String html = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            var ids = java.util.regex.Pattern.compile("data-device=\"(\\d+)\"").matcher(html).results()
                    .map(m -> Long.parseLong(m.group(1))).toList();
            assertThat(ids.size()).isLessThanOrEqualTo(50);
            got.addAll(ids);
            var next = java.util.regex.Pattern.compile("/iot/devices\\?after=(\\d+)").matcher(html).results().findFirst();
            if (next.isEmpty()) {
                break;
            }
            assertThat(ids).hasSize(50);
            after = next.get().group(1);
        }
        assertThat(got).hasSizeGreaterThan(50).isEqualTo(want);
    }

    @Autowired
    DeviceRegistry registry;

}
