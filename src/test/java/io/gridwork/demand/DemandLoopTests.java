package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

@GridworkTest
@RecordApplicationEvents
class DemandLoopTests {

    @Autowired
    DemandService service;
    @Autowired
    DemandQueries queries;
    @Autowired
    TestPeople testPeople;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationEvents events;
    @Autowired
    io.gridwork.demand.internal.DemandAnnouncer announcer;
    @Autowired
    io.gridwork.demand.internal.DemandPhotos photos;
    @Autowired
    TimelineNotes notes;

    private static Submission leak(String text) {
        return new Submission("WATER_LEAK", text, null, null, null, null, null, "44栋2单元旁车位", null, false, null, null, null);
    }

    private DemandView view(long id) {
        return queries.view(id, testPeople.user("admin"));
    }

    @Test
    void aResidentsReportRunsTheWholeLoopToARating() {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        GridworkUser property = testPeople.user("property");
        GridworkUser owners = testPeople.user("owners");

        long id = service.submit(leak("车位旁边一直漏水，地面湿滑"), resident, null).id();
        DemandView d = view(id);
        assertThat(d.status()).isEqualTo(DemandStatus.SUBMITTED);
        assertThat(d.householdId()).isEqualTo(resident.householdId());
        assertThat(Duration.between(d.submittedAt(), d.respondDueAt())).isEqualTo(Duration.ofHours(4));
        // announced once, after the intake's commit, in a batch event of its own publication
        announcer.announceAll();
        assertThat(jdbc.sql("select count(*) from demand_unannounced where demand_id = ?").param(id).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from event_publication where event_type like '%DemandsSubmitted' and serialized_event like ?")
                .param("%\"demandId\":" + id + ",%").query(Integer.class).single()).isEqualTo(1);

        service.accept(id, Grade.MEDIUM, null, "已核实", worker);
        d = view(id);
        assertThat(d.respondedAt()).isNotNull();
        assertThat(Duration.between(d.submittedAt(), d.resolveDueAt())).isEqualTo(Duration.ofHours(24));

        service.dispatch(id, Set.of(Party.PROPERTY, Party.OWNERS_COMMITTEE), "物业维修，业委会知晓", worker);
        d = view(id);
        assertThat(d.assignments()).extracting(DemandView.PartyAssignment::party)
                .containsExactlyInAnyOrder(Party.PROPERTY, Party.OWNERS_COMMITTEE);
        long propertyTask = d.assignments().stream().filter(a -> a.party() == Party.PROPERTY).findFirst().orElseThrow().id();
        long ownersTask = d.assignments().stream().filter(a -> a.party() == Party.OWNERS_COMMITTEE).findFirst().orElseThrow().id();

        assertThatThrownBy(() -> service.startAssignment(id, propertyTask, null, owners))
                .as("owners committee cannot act for the property company").isInstanceOf(ProblemException.class)
                .hasMessageContaining("PROPERTY");
        service.startAssignment(id, propertyTask, "明早更换管道", property);
        assertThat(view(id).status()).isEqualTo(DemandStatus.IN_PROGRESS);
        service.completeAssignment(id, propertyTask, "已更换破裂水管", property);
        assertThat(view(id).status()).as("one party is still working").isEqualTo(DemandStatus.IN_PROGRESS);
        assertThatThrownBy(() -> service.startAssignment(id, propertyTask, null, property))
                .as("a finished assignment cannot be started again").hasMessageContaining("already done");
        service.completeAssignment(id, ownersTask, "业委会已确认维修费用走公共维修", owners);
        assertThat(view(id).status()).isEqualTo(DemandStatus.RESOLVED);
        assertThat(events.stream(DemandEvents.DemandResolved.class).filter(e -> e.audience().demandId() == id)).hasSize(1);

        assertThatThrownBy(() -> service.confirm(id, null, worker)).hasMessageContaining("resident who reported");
        service.confirm(id, "谢谢", resident);
        service.rate(id, 5, "处理及时", resident);
        d = view(id);
        assertThat(d.status()).isEqualTo(DemandStatus.RATED);
        assertThat(d.rating()).isEqualTo(5);
        assertThat(d.timeline()).extracting(DemandView.TimelineEntry::action).containsSubsequence("SUBMITTED", "ACCEPTED",
                "DISPATCHED", "STARTED", "PARTY_DONE", "RESOLVED", "CONFIRMED", "RATED");
        assertThat(d.timeline()).filteredOn(t -> t.action().equals("STARTED")).first()
                .extracting(DemandView.TimelineEntry::actor).isEqualTo(property.displayName());
    }

    /**
     * The demand row's latest step time and handler's note (V197, read by Open311 instead of the timeline) agree with
     * the timeline after every kind of step: the aggregate's, a photo's (its count is not a handler's note), a device's,
     * and a rating whose comment is the resident's words.
     */
    @Test
    void theRowKeepsItsLatestStepAndHandlersNoteAsTheTimelineSays() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long id = service.submit(leak("单元门口积水"), resident, null).id();
        assertLatestAsTimeline(id, null);
        service.accept(id, Grade.MEDIUM, null, "已核实", worker);
        assertLatestAsTimeline(id, "已核实");
        service.dispatch(id, Set.of(Party.PROPERTY), "交物业疏通", worker);
        assertLatestAsTimeline(id, "交物业疏通");
        photos.add(id, io.gridwork.demand.internal.DemandPhotos.Stage.RESOLUTION,
                java.util.List.of(new io.gridwork.demand.internal.DemandPhotos.Upload("after.jpg", 0, io.gridwork.economy.FundFixtures.jpeg())),
                worker);
        assertLatestAsTimeline(id, "交物业疏通");
        service.noteFromDevice(id, "WL-01", "水位传感器：积水已退");
        assertLatestAsTimeline(id, "水位传感器：积水已退");
        GridworkUser property = testPeople.user("property");
        long task = view(id).assignments().get(0).id();
        service.startAssignment(id, task, null, property);
        service.completeAssignment(id, task, "已疏通下水口", property);
        service.confirm(id, null, resident);
        service.rate(id, 4, "还算及时", resident);
        assertLatestAsTimeline(id, "[PROPERTY] 已疏通下水口");
        assertThat(notes.inWords("[PROPERTY] 已疏通下水口", java.util.Locale.SIMPLIFIED_CHINESE)).isEqualTo("【物业公司】 已疏通下水口");
    }

    private void assertLatestAsTimeline(long id, String note) {
        record Latest(Instant at, String note) {
        }
        Latest row = jdbc.sql("select last_step_at, last_note from demand where id = ?").param(id)
                .query((rs, i) -> new Latest(rs.getTimestamp(1).toInstant(), rs.getString(2))).single();
        Instant newest = jdbc.sql("select max(at) from demand_event_log where demand_id = ?").param(id)
                .query(java.sql.Timestamp.class).single().toInstant();
        String newestNote = jdbc.sql("""
                select note from demand_event_log where demand_id = ? and note is not null
                   and action not in ('RATED', 'REOPENED', 'OVERDUE', 'DUE_SOON', 'PHOTO_ADDED')
                 order by id desc fetch first 1 rows only""").param(id).query(String.class).optional().orElse(null);
        assertThat(row).isEqualTo(new Latest(newest, newestNote));
        assertThat(row.note()).isEqualTo(note);
    }

    @Test
    void refusesIllegalTransitionsWithAClearConflict() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        long id = service.submit(leak("楼道灯不亮已经三天了"), resident, null).id();
        assertThatThrownBy(() -> service.rate(id, 5, null, resident)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("cannot rate a demand that is SUBMITTED");
        mvc.perform(post("/api/demands/" + id + "/verify").with(csrf()).with(user(testPeople.user("worker"))))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("illegal-transition"))
                .andExpect(jsonPath("$.status").value("SUBMITTED"));
        mvc.perform(post("/api/demands/" + id + "/rate").with(csrf()).with(user(resident))
                .contentType(MediaType.APPLICATION_JSON).content("{\"rating\":9}"))
                .andExpect(status().isConflict());
        assertThat(view(id).status()).isEqualTo(DemandStatus.SUBMITTED);
        assertThat(view(id).timeline()).hasSize(1);
    }

    @Test
    void aResidentWhoSaysItIsNotFixedReopensIt() {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long id = service.submit(leak("单元门禁坏了"), resident, null).id();
        service.resolveOnSpot(id, "现场重启门禁", worker);
        assertThat(view(id).handledOnSpot()).isTrue();
        assertThatThrownBy(() -> service.reopen(id, " ", resident)).hasMessageContaining("still wrong");
        service.reopen(id, "第二天又坏了", resident);
        DemandView d = view(id);
        assertThat(d.status()).isEqualTo(DemandStatus.REOPENED);
        assertThat(d.reopenCount()).isEqualTo(1);
        assertThat(d.resolveDueAt()).isAfter(Instant.now());
        service.dispatch(id, Set.of(Party.PROPERTY), "交物业维修", worker);
        assertThat(view(id).status()).isEqualTo(DemandStatus.DISPATCHED);
    }

    @Test
    void difficultDemandsBindTheHandlersDeadline() {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser community = testPeople.user("community");
        long id = service.submit(new Submission("THROWN_OBJECTS", "楼上经常往下扔垃圾", null, null, null, null, null, null,
                null, true, null, null, null), resident, null).id();
        service.accept(id, Grade.DIFFICULT, null, null, community);
        DemandView d = view(id);
        assertThat(d.resolveDueAt()).isNull();
        assertThat(d.respondedAt()).as("difficult demands respond by contacting with a plan").isNull();
        Instant deadline = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        assertThatThrownBy(() -> service.plan(id, "安装高空摄像头", Instant.now().minusSeconds(60), community))
                .hasMessageContaining("future");
        service.plan(id, "安装高空摄像头并入户宣传", deadline, community);
        d = view(id);
        assertThat(d.deadlineBinding()).isTrue();
        assertThat(d.resolveDueAt()).isEqualTo(deadline);
        assertThat(d.respondedAt()).isNotNull();
        assertThat(d.measures()).isEqualTo("安装高空摄像头并入户宣传");
    }

    @Test
    void aHoldPausesTheClock() {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long id = service.submit(leak("地下车库顶棚渗水"), resident, null).id();
        service.accept(id, Grade.MEDIUM, null, null, worker);
        Instant dueBefore = view(id).resolveDueAt();
        service.hold(id, "等待业委会表决维修资金", worker);
        assertThat(view(id).status()).isEqualTo(DemandStatus.ON_HOLD);
        assertThat(view(id).holdReason()).isEqualTo("等待业委会表决维修资金");
        assertThat(jdbc.sql("select count(*) from demand where id = ? and (next_due_at is not null or escalate_at is not null)")
                .param(id).query(Long.class).single()).isZero();
        jdbc.sql("update demand set hold_started_at = ? where id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minus(2, ChronoUnit.HOURS)), id).update();
        service.resume(id, "业委会已同意", worker);
        DemandView d = view(id);
        assertThat(d.status()).isEqualTo(DemandStatus.ACCEPTED);
        assertThat(Duration.between(dueBefore, d.resolveDueAt()).toMinutes()).isBetween(119L, 121L);
    }

    @Test
    void reRoutingNeedsAReasonAndKeepsHistory() {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long id = service.submit(new Submission("NOISE", "楼下商铺夜间噪音", null, null, null, null, null, null, null, false,
                null, null, null), resident, null).id();
        service.accept(id, Grade.GENERAL, null, null, worker);
        service.dispatch(id, Set.of(Party.PROPERTY), null, worker);
        assertThatThrownBy(() -> service.reroute(id, Set.of(Party.POLICE), Set.of(Party.PROPERTY), "", worker))
                .hasMessageContaining("reason");
        service.reroute(id, Set.of(Party.POLICE), Set.of(Party.PROPERTY), "夜间扰民应由社区民警处理", worker);
        DemandView d = view(id);
        assertThat(d.assignments()).filteredOn(a -> a.party() == Party.PROPERTY).first()
                .extracting(DemandView.PartyAssignment::status).isEqualTo("WITHDRAWN");
        assertThat(d.assignments()).filteredOn(a -> a.party() == Party.POLICE).first()
                .extracting(DemandView.PartyAssignment::status).isEqualTo("OPEN");
        assertThat(d.timeline()).anyMatch(t -> t.action().equals("REROUTED") && t.note().contains("社区民警"));
    }

    @Test
    void duplicatesAreShownAndMergedKeepingBothLinked() throws Exception {
        GridworkUser first = testPeople.freshResident();
        GridworkUser second = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long building = jdbc.sql("select min(id) from building where micro_grid_id = ?").param(testPeople.firstMicroGrid())
                .query(Long.class).single();
        Submission report = new Submission("LIFT", "电梯困人", null, null, building, null, null, null, null, false, null, null, null);
        long a = service.submit(report, first, null).id();
        long b = service.submit(report, second, null).id();
        mvc.perform(get("/api/demands/" + b + "/duplicates").with(user(worker)))
                .andExpect(status().isOk()).andExpect(jsonPath("$[?(@.id == " + a + ")]").exists());
        mvc.perform(get("/api/demands/duplicates").param("category", "LIFT").param("buildingId", String.valueOf(building))
                .with(user(second))).andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == " + a + ")].description").value(org.hamcrest.Matchers.contains((Object) null)));
        service.accept(a, Grade.MEDIUM, null, null, worker);
        service.merge(b, a, null, worker);
        assertThat(view(b).status()).isEqualTo(DemandStatus.REJECTED);
        assertThat(view(b).mergedIntoId()).isEqualTo(a);
        assertThat(view(a).timeline()).anyMatch(t -> t.action().equals("MERGED_FROM"));
        assertThat(events.stream(DemandEvents.DemandRejected.class).filter(e -> e.audience().demandId() == b && e.mergedIntoId() == a))
                .hasSize(1);
    }

    @Test
    void aRetriedSubmissionNeverCreatesASecondDemand() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        String body = "{\"categoryCode\":\"HYGIENE\",\"description\":\"垃圾桶满了没人清理\"}";
        String location = mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).header("Idempotency-Key", "k-1")
                .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getHeader("Location");
        mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).header("Idempotency-Key", "k-1")
                .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andExpect(header().string("Idempotent-Replay", "true"))
                .andExpect(jsonPath("$.id").value(Long.parseLong(location.substring(location.lastIndexOf('/') + 1))));
        assertThat(jdbc.sql("select count(*) from demand where reporter_account_id = ?").param(resident.accountId())
                .query(Long.class).single()).isEqualTo(1);
    }

    /** The answer to a submission is built from the aggregate in memory; it must be what a read of the demand gives. */
    @Test
    void theAnswerToASubmissionIsTheDemandAsItIsReadBack() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser staff = testPeople.user("community");
        long unit = jdbc.sql("""
                select min(u.id) from unit u join building b on b.id = u.building_id join grid_node c on c.id = b.compound_id
                 where c.name = '学府憬城'""").query(Long.class).single();
        String[][] cases = {
            {"{\"categoryCode\":\"HYGIENE\",\"description\":\"楼道堆放杂物\",\"locationText\":\"一楼\",\"anonymous\":true}", "resident"},
            {"{\"categoryCode\":\"WATER_LEAK\",\"description\":\"单元门口漏水\",\"unitId\":" + unit
                + ",\"channel\":\"STATION\",\"reporterName\":\"王阿姨\",\"contactPhone\":\"13800001234\"}", "staff"}};
        for (String[] c : cases) {
            GridworkUser who = c[1].equals("staff") ? staff : resident;
            // a key of its own per run: the staff account is the same on every run against the same database
            String key = "read-back-" + c[1] + "-" + java.util.UUID.randomUUID();
            var created = mvc.perform(post("/api/demands").with(csrf()).with(user(who)).header("Idempotency-Key", key)
                    .contentType(MediaType.APPLICATION_JSON).content(c[0]))
                    .andExpect(status().isCreated()).andReturn().getResponse();
            String location = created.getHeader("Location");
            String read = mvc.perform(get(location).with(user(who))).andExpect(status().isOk()).andReturn().getResponse()
                    .getContentAsString();
            assertThat(created.getContentAsString()).as(c[1]).isEqualTo(read);
            assertThat(read).contains("\"timeline\":[{").contains("\"action\":\"SUBMITTED\"");
            // a replay reads the demand the first request created
            String replay = mvc.perform(post("/api/demands").with(csrf()).with(user(who)).header("Idempotency-Key", key)
                    .contentType(MediaType.APPLICATION_JSON).content(c[0]))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(replay).isEqualTo(read);
        }
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        long before = jdbc.sql("select count(*) from demand").query(Long.class).single();
        mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"NO_SUCH\",\"description\":\"一些描述文字\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("unknown-category"));
        mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"NOISE\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("description"));
        mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"NOISE\",\"description\":\"一些描述文字\",\"buildingId\":999999999}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("unknown-location"));
        long otherHousehold = jdbc.sql("select min(id) from household where id <> ?").param(resident.householdId()).query(Long.class).single();
        mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"NOISE\",\"description\":\"一些描述文字\",\"householdId\":" + otherHousehold + "}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"NOISE\",\"description\":\"一些描述文字\",\"channel\":\"HOTLINE_12345\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"NOISE\",\"description\":\"一些描述文字\",\"contactPhone\":\"123\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-phone"));
        mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).contentType(MediaType.APPLICATION_JSON)
                .content("not json")).andExpect(status().isBadRequest());
        assertThat(jdbc.sql("select count(*) from demand").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void noAccountPutsADemandOnTheSystemChannelsOrThePublicOpen311Feed() throws Exception {
        long before = jdbc.sql("select count(*) from demand").query(Long.class).single();
        for (String account : new String[] {"worker", "community", "admin"}) {
            for (String channel : new String[] {"OPEN311", "DEVICE"}) {
                mvc.perform(post("/api/demands").with(csrf()).with(user(testPeople.user(account))).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"categoryCode\":\"NOISE\",\"description\":\"系统渠道测试\",\"buildingId\":"
                                + jdbc.sql("select min(id) from building").query(Long.class).single() + ",\"channel\":\"" + channel + "\"}"))
                        .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("system-channel"))
                        .andExpect(jsonPath("$.field").value("channel"));
            }
        }
        assertThat(jdbc.sql("select count(*) from demand").query(Long.class).single()).isEqualTo(before);
        String feed = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/open311/v2/requests.json"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(feed).doesNotContain("系统渠道测试");
    }

    @Test
    void floodsFromOneAddressAreRefused(@org.springframework.beans.factory.annotation.Value("${gridwork.demand.per-address-per-minute}")
            int perMinute) throws Exception {
        GridworkUser resident = testPeople.freshResident();
        int refused = 0;
        for (int i = 0; i < perMinute + 1; i++) {
            int code = mvc.perform(post("/api/demands").with(csrf()).with(user(resident)).with(r -> {
                r.setRemoteAddr("203.0.113.77");
                return r;
            }).contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse().getStatus();
            if (code == 429) {
                refused++;
            }
        }
        assertThat(refused).isEqualTo(1);
    }

    @Test
    void staffEnterHotlineDemandsOnBehalfOfAResident() throws Exception {
        GridworkUser worker = testPeople.user("worker");
        long building = jdbc.sql("select min(id) from building where micro_grid_id = ?").param(testPeople.firstMicroGrid())
                .query(Long.class).single();
        mvc.perform(post("/api/demands").with(csrf()).with(user(worker)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"DOGS\",\"description\":\"12345转来：小区内遛狗不牵绳\",\"buildingId\":" + building
                        + ",\"channel\":\"HOTLINE_12345\",\"reporterName\":\"林先生\",\"contactPhone\":\"13900001234\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.channel").value("HOTLINE_12345"))
                .andExpect(jsonPath("$.reporterName").value("林先生"))
                .andExpect(jsonPath("$.contactPhoneMasked").value("139****1234"));
        mvc.perform(post("/api/demands").with(csrf()).with(user(worker)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"DOGS\",\"description\":\"没有写是谁反映的\",\"buildingId\":" + building
                        + ",\"channel\":\"STATION\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("reporter-required"));
    }

    @Test
    void eachRoleSeesItsOwn() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser other = testPeople.freshResident();
        long id = service.submit(leak("给水管爆了"), resident, null).id();
        mvc.perform(get("/api/demands/" + id).with(user(other))).andExpect(status().isNotFound());
        mvc.perform(get("/api/demands/" + id).with(user(testPeople.user("property")))).andExpect(status().isNotFound());
        service.accept(id, Grade.MEDIUM, null, null, testPeople.user("worker"));
        service.dispatch(id, Set.of(Party.PROPERTY), null, testPeople.user("worker"));
        mvc.perform(get("/api/demands/" + id).with(user(testPeople.user("property")))).andExpect(status().isOk())
                .andExpect(jsonPath("$.reporterName").value(resident.displayName()));
        mvc.perform(get("/api/demands").param("refNo", view(id).refNo()).with(user(resident)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total").value(1));
        mvc.perform(get("/api/demands").param("refNo", view(id).refNo()).with(user(other)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total").value(0));
        long second = jdbc.sql("select id from grid_node where name = '学府憬城第2微网格'").query(Long.class).single();
        mvc.perform(get("/api/demands").param("gridId", String.valueOf(second)).param("refNo", view(id).refNo())
                .with(user(testPeople.user("community")))).andExpect(jsonPath("$.total").value(0));
    }
}
