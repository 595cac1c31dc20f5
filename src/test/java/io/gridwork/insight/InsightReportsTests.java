package io.gridwork.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openpdf.text.pdf.PdfReader;
import org.openpdf.text.pdf.parser.PdfTextExtractor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.demand.Channel;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.insight.internal.CityWatches;
import io.gridwork.iot.IotApi;
import io.gridwork.lists.ListsApi;
import io.gridwork.measures.MeasureRecount;
import io.gridwork.measures.internal.MeasureFolder;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * Routine work and the three city-wide problems against brute-force counts of what the test creates (demands, routine
 * entries, device incidents); the monthly report's Excel against the dashboard and its PDF's text; the wall display and
 * the tracking view, each within the viewer's scope.
 */
@GridworkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightReportsTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final List<String> CATEGORIES = List.of("DOGS", "THROWN_OBJECTS", "EBIKE_IN_LIFT", "NOISE");
    static final List<String> KINDS = List.of("INFO_COLLECTION", "OPINION_COLLECTION", "POLICY_PUBLICITY", "MOBILISATION",
            "HOUSEHOLD_VISIT");

    @Autowired
    MockMvc mvc;
    @Autowired
    DemandService service;
    @Autowired
    MeasureFolder folder;
    @Autowired
    InsightApi insight;
    @Autowired
    CityWatches watches;
    @Autowired
    ListsApi lists;
    @Autowired
    IotApi iot;
    @Autowired
    GridApi grid;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;

    GridNode compound;
    List<GridNode> micros = new ArrayList<>();
    record Work(String path, String kind, LocalDate day) {
    }
    record Event(String path, String type, Instant at) {
    }
    List<Work> work = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    long camera;

    @BeforeAll
    void createACompoundWithAMonthOfEverything() {
        Random random = new Random(1656);
        GridNode community = grid.nodeByCode("510108001001").orElseThrow();
        compound = grid.create(community.id(), GridLevel.COMPOUND, "报表小区" + UUID.randomUUID().toString().substring(0, 8), null, null);
        List<Long> buildings = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "报表微网格" + m, null, null);
            micros.add(micro);
            buildings.add(grid.createBuilding(compound.id(), micro.id(), String.valueOf(m + 1), (m + 1) + "栋", 6, null, null));
        }
        GridworkUser staff = people.user("community");
        for (int i = 0; i < 50; i++) {
            long id = service.submit(new DemandService.Submission("NOISE", "报表诉求" + i, null, null,
                    buildings.get(random.nextInt(2)), null, null, null, null, null, Channel.STATION, "测试", null), staff, null).id();
            MeasureRecount.randomise(jdbc, service, id, random);
            jdbc.sql("update demand set category_code = ? where id = ?").params(CATEGORIES.get(random.nextInt(4)), id).update();
            service.noteFromDevice(id, "TEST", "category");
        }
        LocalDate today = LocalDate.now(SHANGHAI);
        for (int i = 0; i < 40; i++) {
            GridNode micro = micros.get(random.nextInt(2));
            String kind = KINDS.get(random.nextInt(KINDS.size()));
            LocalDate day = today.minusDays(random.nextInt(70));
            lists.logWork(kind, micro.id(), List.of(), day, "报表日常工作" + i, staff);
            work.add(new Work(micro.path(), kind, day));
        }
        // devices: a camera in building 1, an e-bike detector in building 2; events far enough apart to be one incident each
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        camera = iot.registerUnattended("RPT-CAM-" + suffix, "HIGH_ALTITUDE_CAMERA", "报表摄像头", buildings.get(0), "1栋北侧", null, "test");
        iot.registerUnattended("RPT-LIFT-" + suffix, "LIFT_EBIKE_DETECTOR", "报表电梯检测器", buildings.get(1), "2栋1单元电梯", null, "test");
        Instant now = Instant.now();
        for (int i = 0; i < 6; i++) {
            Instant at = now.minus(3 + i * 97L, ChronoUnit.HOURS);
            iot.ingestUnattended("RPT-CAM-" + suffix, "c" + i, "THROW", at, null);
            events.add(new Event(micros.get(0).path(), "THROW", at));
        }
        for (int i = 0; i < 5; i++) {
            Instant at = now.minus(2 + i * 9L, ChronoUnit.DAYS);
            iot.ingestUnattended("RPT-LIFT-" + suffix, "l" + i, "EBIKE", at, null);
            events.add(new Event(micros.get(1).path(), "EBIKE", at));
        }
        folder.catchUp(Duration.ofSeconds(30));
    }

    @Test
    void routineWorkAndTheThreeProblemsAgreeWithABruteForceCount() {
        GridworkUser staff = people.user("community");
        Random random = new Random(1657);
        LocalDate today = LocalDate.now(SHANGHAI);
        List<MeasureRecount.Row> rows = MeasureRecount.rows(jdbc, compound);
        for (int trial = 0; trial < 4; trial++) {
            LocalDate from = today.minusDays(random.nextInt(60));
            LocalDate to = from.plusDays(random.nextInt(40));
            if (to.isAfter(today)) {
                to = today;
            }
            String as = "from " + from + " to " + to;
            CityWatch w = watches.of(compound.id(), from, to, staff, Locale.SIMPLIFIED_CHINESE);
            LocalDate f = from;
            LocalDate t = to;
            Map<String, Long> kinds = new HashMap<>();
            work.stream().filter(x -> !x.day().isBefore(f) && !x.day().isAfter(t)).forEach(x -> kinds.merge(x.kind(), 1L, Long::sum));
            for (Dashboard.Count c : w.routine()) {
                assertThat(c.count()).as(as + " " + c.key()).isEqualTo(kinds.getOrDefault(c.key(), 0L));
            }
            assertThat(w.routineTotal()).as(as).isEqualTo(kinds.values().stream().mapToLong(Long::longValue).sum());
            for (int i = 0; i < 2; i++) {
                String path = micros.get(i).path();
                assertThat(w.routineByChild().get(i).total()).as(as).isEqualTo(work.stream()
                        .filter(x -> x.path().equals(path) && !x.day().isBefore(f) && !x.day().isAfter(t)).count());
            }
            assertThat(w.problems()).extracting(CityWatch.Problem::category).containsExactly("DOGS", "THROWN_OBJECTS", "EBIKE_IN_LIFT");
            for (CityWatch.Problem p : w.problems()) {
                long received = rows.stream().filter(r -> r.category().equals(p.category()) && !r.status().equals("REJECTED")
                        && in(r.submitted(), f, t)).count();
                assertThat(p.received()).as(as + " " + p.category()).isEqualTo(received);
                long open = rows.stream().filter(r -> r.category().equals(p.category()) && io.gridwork.demand.DemandStatus
                        .valueOf(r.status()).isOpen()).count();
                assertThat(p.open()).as(as + " open " + p.category()).isEqualTo(open);
                if (p.eventType() == null) {
                    assertThat(p.incidents()).isNull();
                } else {
                    long incidents = events.stream().filter(e -> e.type().equals(p.eventType()) && in(e.at(), f, t)).count();
                    assertThat(p.incidents()).as(as + " incidents " + p.category()).isEqualTo(incidents);
                    long sumOfChildren = p.children().stream().mapToLong(CityWatch.ChildProblem::incidents).sum();
                    assertThat(sumOfChildren).isEqualTo(incidents);
                }
                for (int i = 0; i < 2; i++) {
                    String path = micros.get(i).path();
                    long n = rows.stream().filter(r -> r.category().equals(p.category()) && !r.status().equals("REJECTED")
                            && in(r.submitted(), f, t) && pathOf(r.id()).startsWith(path)).count();
                    assertThat(p.children().get(i).received()).as(as + " child " + i + " " + p.category()).isEqualTo(n);
                }
                assertThat(p.monthly()).hasSize(6);
                for (CityWatch.Point m : p.monthly()) {
                    assertThat(m.received()).as(as + " " + m.label() + " " + p.category()).isEqualTo(rows.stream()
                            .filter(r -> r.category().equals(p.category()) && !r.status().equals("REJECTED")
                                    && in(r.submitted(), m.from(), m.to())).count());
                    assertThat(m.incidents()).as(as + " " + m.label() + " incidents " + p.category()).isEqualTo(p.eventType() == null
                            ? null : events.stream().filter(e -> e.type().equals(p.eventType()) && in(e.at(), m.from(), m.to())).count());
                }
            }
        }
    }

    @Test
    void theMonthlyReportSaysWhatTheDashboardSaysInExcelAndInAPdfWithChineseText() throws Exception {
        GridworkUser staff = people.user("community");
        YearMonth month = YearMonth.now(SHANGHAI);
        LocalDate today = LocalDate.now(SHANGHAI);
        byte[] xlsx = mvc.perform(get("/insight/report.xlsx").param("grid", String.valueOf(compound.id()))
                .param("month", month.toString()).with(user(staff))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        Dashboard d = insight.dashboard(compound.id(), month.atDay(1), today, staff, Locale.SIMPLIFIED_CHINESE);
        YearMonth prev = month.minusMonths(1);
        Dashboard p = insight.dashboard(compound.id(), prev.atDay(1), prev.atEndOfMonth(), staff, Locale.SIMPLIFIED_CHINESE);
        CityWatch w = watches.of(compound.id(), month.atDay(1), today, staff, Locale.SIMPLIFIED_CHINESE);
        try (var wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<String> sheets = wb.getSheets().map(s -> s.getName()).toList();
            assertThat(sheets).containsExactly("诉求办理与主要指标", "诉求按类别", "诉求按责任主体", "进行中的走访覆盖", "五寻常", "三大难题");
            List<Row> rates = wb.getSheets().toList().get(0).read();
            assertThat(rates.get(0).getCellText(0)).contains(compound.name()).contains("工作月度报告");
            Map<String, Row> byName = new HashMap<>();
            rates.forEach(r -> byName.put(r.getCellText(0), r));
            assertThat(byName.get("受理诉求（件）").getCellText(1)).isEqualTo(String.valueOf(d.measures().received()));
            assertThat(byName.get("受理诉求（件）").getCellText(2)).isEqualTo(String.valueOf(p.measures().received()));
            assertThat(byName.get("已解决诉求（件）").getCellText(1)).isEqualTo(String.valueOf(d.measures().resolved()));
            assertThat(byName.get("按时办结率").getCellText(1)).isEqualTo(rate(d.measures().onTimeClosureRate(),
                    d.measures().resolveOnTime(), d.measures().resolveDue()));
            assertThat(byName.get("按时办结率").getCellText(2)).isEqualTo(rate(p.measures().onTimeClosureRate(),
                    p.measures().resolveOnTime(), p.measures().resolveDue()));
            assertThat(byName.get("4小时响应率").getCellText(1)).isEqualTo(rate(d.measures().responseRate(),
                    d.measures().respondOnTime(), d.measures().respondDue()));
            assertThat(byName.get("满意率").getCellText(1)).isEqualTo(rate(d.measures().satisfactionRate(), d.measures().satisfied(),
                    d.measures().ratings()));
            assertThat(byName.get("诉求解决率").getCellText(1)).isEqualTo(rate(d.measures().resolutionRate(), d.measures().resolved(),
                    d.measures().received()));
            assertThat(byName.get("整改率").getCellText(1)).isEqualTo(rate(d.rectification().rate(), d.rectification().rectified(),
                    d.rectification().found()));
            Map<String, String> byCategory = new HashMap<>();
            wb.getSheets().toList().get(1).read().stream().skip(1).forEach(r -> byCategory.put(r.getCellText(0), r.getCellText(1)));
            d.byCategory().forEach(c -> assertThat(byCategory.get(c.label())).isEqualTo(String.valueOf(c.count())));
            List<Row> problems = wb.getSheets().toList().get(5).read();
            for (int i = 0; i < 3; i++) {
                assertThat(problems.get(i + 1).getCellText(0)).isEqualTo(w.problems().get(i).label());
                assertThat(problems.get(i + 1).getCellText(1)).isEqualTo(String.valueOf(w.problems().get(i).received()));
                assertThat(problems.get(i + 1).getCellText(5)).isEqualTo(String.valueOf(w.problems().get(i).open()));
            }
            List<Row> routine = wb.getSheets().toList().get(4).read();
            assertThat(routine.get(routine.size() - 1).getCellText(1)).isEqualTo(String.valueOf(w.routineTotal()));
        }

        byte[] pdf = mvc.perform(get("/insight/report.pdf").param("grid", String.valueOf(compound.id()))
                .param("month", month.toString()).with(user(staff))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots/insight-monthly-report.pdf"), pdf);
        PdfReader reader = new PdfReader(pdf);
        assertThat(reader.getNumberOfPages()).isPositive();
        if (new String(pdf, StandardCharsets.ISO_8859_1).contains("/FontFile2")) {
            StringBuilder text = new StringBuilder();
            for (int page = 1; page <= reader.getNumberOfPages(); page++) {
                text.append(new PdfTextExtractor(reader).getTextFromPage(page).replace(" ", ""));
            }
            String all = text.toString();
            java.nio.file.Files.writeString(java.nio.file.Path.of("target/screenshots/insight-monthly-report.txt"), all);
            assertThat(all).contains(compound.name()).contains("工作月度报告").contains("按时办结率").contains("三大难题")
                    .contains("文明养犬").contains("五寻常")
                    .contains("受理诉求（件）")
                    .contains(rate(d.measures().onTimeClosureRate(), d.measures().resolveOnTime(), d.measures().resolveDue()));
        }

        // bad months, other grids and other roles
        mvc.perform(get("/insight/report.pdf").param("grid", String.valueOf(compound.id())).param("month", "2026-13")
                .with(user(staff))).andExpect(status().isBadRequest());
        mvc.perform(get("/insight/report.pdf").param("grid", String.valueOf(compound.id()))
                .param("month", month.plusMonths(2).toString()).with(user(staff))).andExpect(status().isBadRequest());
        mvc.perform(get("/insight/report.xlsx").param("grid", "999999999").with(user(staff))).andExpect(status().isNotFound());
        mvc.perform(get("/insight/report.pdf").param("grid", String.valueOf(compound.id())).with(user(people.user("worker"))))
                .andExpect(status().isForbidden());
    }

    @Test
    void theWallAndTheTrackingViewShowTheGridWithinTheViewersScope() throws Exception {
        GridworkUser staff = people.user("community");
        String wall = mvc.perform(get("/insight/wall").param("grid", String.valueOf(compound.id())).with(user(staff)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(wall).contains("http-equiv=\"refresh\"").contains("content=\"60\"").contains(compound.name() + " 数据大屏")
                .contains("更新于").contains("/webjars/echarts/5.3.1/dist/echarts.min.js").contains("id=\"wall-DOGS\"")
                .doesNotContain("??");
        String city = mvc.perform(get("/insight/city").param("grid", String.valueOf(compound.id())).with(user(staff)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(city).contains("三大难题跟踪").contains("文明养犬").contains("高空抛物").contains("电瓶车进电梯")
                .contains("报表摄像头").contains("/iot/devices/" + camera).contains("报表电梯检测器").doesNotContain("??");
        List<Long> throwDemands = jdbc.sql("""
                select i.demand_id from iot_incident i where i.device_id = ? and i.demand_id is not null""").param(camera)
                .query(Long.class).list();
        assertThat(throwDemands).isNotEmpty();
        assertThat(city).contains("/demands/" + throwDemands.get(0));

        // the worker of the first micro-grid: not this compound (404 as if absent); residents: not at all
        GridworkUser worker = people.user("worker");
        mvc.perform(get("/insight/city").param("grid", String.valueOf(compound.id())).with(user(worker))).andExpect(status().isNotFound());
        mvc.perform(get("/insight/wall").param("grid", String.valueOf(compound.id())).with(user(worker))).andExpect(status().isNotFound());
        mvc.perform(get("/insight/wall").with(user(worker))).andExpect(status().isOk());
        mvc.perform(get("/insight/city").with(user(people.user("resident")))).andExpect(status().isForbidden());
        // the dashboard carries the new sections and the links
        String dash = mvc.perform(get("/insight").param("grid", String.valueOf(compound.id())).with(user(staff)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(dash).contains("id=\"insight-routine\"").contains("id=\"insight-city-problems\"")
                .contains("/insight/report.pdf?grid=" + compound.id()).contains("/insight/wall?grid=" + compound.id())
                .contains("/routine/counts?gridId=" + compound.id()).contains("category=THROWN_OBJECTS");
    }

    @Test
    void theTrackingViewListsTheDevicesWithTheMostIncidentsFirstAndCountsTheRest() throws Exception {
        GridNode community = grid.nodeByCode("510108001001").orElseThrow();
        GridNode many = grid.create(community.id(), GridLevel.COMPOUND, "多设备小区" + UUID.randomUUID().toString().substring(0, 8), null, null);
        GridNode micro = grid.create(many.id(), GridLevel.MICRO, "多设备微网格", null, null);
        long building = grid.createBuilding(many.id(), micro.id(), "1", "1栋", 6, null, null);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> codes = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            codes.add("MANY-" + suffix + "-" + (char) ('a' + k));
            iot.registerUnattended(codes.get(k), "HIGH_ALTITUDE_CAMERA", "多设备摄像头" + (char) ('a' + k), building, null, null, "test");
        }
        // the last three cameras by code have incidents (7, 2 and 1), so they come first, ahead of the code order
        Instant now = Instant.now();
        int[] incidents = {7, 2, 1};
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < incidents[k]; i++) {
                iot.ingestUnattended(codes.get(11 - k), "m" + k + "-" + i, "THROW", now.minus(3 + i * 97L, ChronoUnit.HOURS), null);
            }
        }
        Instant start = now.minus(30, ChronoUnit.DAYS);
        IotApi.DeviceWatches w = iot.watch(many.path(), "HIGH_ALTITUDE_CAMERA", "THROW", start, now.plusSeconds(60), 10);
        assertThat(w.total()).isEqualTo(12);
        assertThat(w.withIncidents()).isEqualTo(3);
        assertThat(w.offline()).isEqualTo(jdbc.sql("select count(*) from iot_device where grid_path like ? and offline_since is not null")
                .param(many.path() + "%").query(Long.class).single());
        assertThat(w.devices()).extracting(IotApi.DeviceWatch::code).containsExactly(codes.get(11), codes.get(10), codes.get(9),
                codes.get(0), codes.get(1), codes.get(2), codes.get(3), codes.get(4), codes.get(5), codes.get(6));
        assertThat(w.devices()).extracting(IotApi.DeviceWatch::incidentsInPeriod).startsWith(7L, 2L, 1L, 0L);
        assertThat(w.devices()).extracting(d -> d.incidents().size()).startsWith(IotApi.INCIDENTS_LISTED, 2, 1, 0);
        assertThat(w.devices().get(0).incidents()).isSortedAccordingTo((a, b) -> b.lastAt().compareTo(a.lastAt()));

        String city = mvc.perform(get("/insight/city").param("grid", String.valueOf(many.id())).with(user(people.user("community"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(city).contains("共 12 台；近 30 天有事件的 3 台").contains("多设备摄像头l").contains("多设备摄像头a")
                .doesNotContain("多设备摄像头h<").doesNotContain("多设备摄像头i<").contains("href=\"/iot/devices\"")
                .contains("此处列出事件最多的 10 台，每台最近 5 起事件");
    }

    private String pathOf(long demandId) {
        return jdbc.sql("select grid_path from demand where id = ?").param(demandId).query(String.class).single();
    }

    private static boolean in(Instant at, LocalDate from, LocalDate to) {
        LocalDate day = LocalDate.ofInstant(at, SHANGHAI);
        return !day.isBefore(from) && !day.isAfter(to);
    }

    private static String rate(Double rate, long part, long whole) {
        return rate == null ? "—" : Math.round(rate * 1000) / 10.0 + "%（" + part + "/" + whole + "）";
    }
}
