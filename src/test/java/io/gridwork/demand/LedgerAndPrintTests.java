package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.demand.internal.DemandPhotos;
import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

@GridworkTest
class LedgerAndPrintTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    DemandService service;
    @Autowired
    DemandPhotos photos;
    @Autowired
    TestPeople people;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DemandQueries queries;

    /** The two sheets, each as rows of cell texts keyed by the header. */
    record Ledger(List<String> headers, List<Map<String, String>> demands, List<Map<String, String>> steps,
            List<String> sheetNames, String allText) {

        List<String> refs() {
            return demands.stream().map(r -> r.get("编号")).toList();
        }
    }

    private Ledger export(GridworkUser who, String query) throws Exception {
        MockHttpServletRequestBuilder request = get("/api/demands/ledger.xlsx" + (query == null ? "" : "?" + query)).with(user(who));
        var response = mvc.perform(request).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString("attachment")))
                .andReturn().getResponse();
        byte[] xlsx = response.getContentAsByteArray();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Sheet> sheets = wb.getSheets().toList();
            List<String> names = sheets.stream().map(Sheet::getName).toList();
            StringBuilder all = new StringBuilder();
            List<String> headers = new ArrayList<>();
            List<Map<String, String>> demands = read(sheets.get(0), headers, all);
            List<Map<String, String>> steps = read(sheets.get(1), new ArrayList<>(), all);
            // the count given with the file is the file's (read in its transaction)
            assertThat(response.getHeader("X-Total-Count")).isEqualTo(String.valueOf(demands.size()));
            return new Ledger(headers, demands, steps, names, all.toString());
        }
    }

    private static List<Map<String, String>> read(Sheet sheet, List<String> headers, StringBuilder all) throws Exception {
        List<Map<String, String>> out = new ArrayList<>();
        try (var rows = sheet.openStream()) {
            boolean first = true;
            for (Row row : (Iterable<Row>) rows::iterator) {
                if (first) {
                    first = false;
                    for (int c = 0; c < row.getCellCount(); c++) {
                        headers.add(row.getCellText(c));
                    }
                    continue;
                }
                Map<String, String> cells = new LinkedHashMap<>();
                for (int c = 0; c < headers.size(); c++) {
                    String text = c < row.getCellCount() && row.getCell(c) != null ? row.getCellText(c) : "";
                    cells.put(headers.get(c), text);
                    all.append(text).append('\t');
                }
                out.add(cells);
            }
        }
        return out;
    }

    private long leak(GridworkUser resident, String text) {
        return service.submit(new Submission("WATER_LEAK", text, null, null, null, null, null, "44栋2单元旁车位", "13912345678",
                false, null, null, null), resident, null).id();
    }

    private String ref(long id) {
        return jdbc.sql("select ref_no from demand where id = ?").param(id).query(String.class).single();
    }

    @Test
    void theLedgerHasTheDemandWithLabelsPartiesLimitsAndEveryStepAndNoFullPhoneNumber() throws Exception {
        GridworkUser resident = people.freshResident();
        GridworkUser worker = people.user("worker");
        long id = leak(resident, "车位漏水，台账测试");
        service.accept(id, Grade.MEDIUM, null, "已核实", worker);
        service.dispatch(id, Set.of(Party.PROPERTY, Party.OWNERS_COMMITTEE), "物业维修", worker);
        service.supervise(id, "请加快", people.user("community"));

        Ledger l = export(worker, "refNo=" + ref(id));
        assertThat(l.sheetNames()).containsExactly("诉求台账", "办理过程");
        assertThat(l.demands()).hasSize(1);
        Map<String, String> row = l.demands().get(0);
        assertThat(row.get("编号")).isEqualTo(ref(id));
        assertThat(row.get("类别")).isEqualTo("漏水");
        assertThat(row.get("等级")).isEqualTo("中等");
        assertThat(row.get("渠道")).isEqualTo("居民自报");
        assertThat(row.get("状态")).isEqualTo("已分派");
        assertThat(row.get("责任主体")).contains("物业公司").contains("业委会");
        assertThat(row.get("地点")).contains("44栋2单元旁车位");
        assertThat(row.get("问题描述")).isEqualTo("车位漏水，台账测试");
        assertThat(row.get("按时响应")).isEqualTo("是");
        assertThat(row.get("按时办结")).isEqualTo("未到期");
        assertThat(row.get("督办次数")).isEqualTo("1");
        assertThat(row.get("反映人")).as("handlers see the reporter").isEqualTo(people.user(resident.username()).displayName());
        assertThat(row.get("联系电话")).isEqualTo("139****5678");
        assertThat(row.get("提交时间")).isNotBlank();
        assertThat(l.allText()).doesNotContain("13912345678");

        assertThat(l.steps()).extracting(s -> s.get("动作")).containsExactly("提交", "受理定级", "分派", "督办");
        assertThat(l.steps()).allSatisfy(s -> assertThat(s.get("编号")).isEqualTo(ref(id)));
        assertThat(l.steps()).extracting(s -> s.get("序号")).containsExactly("1", "2", "3", "4");
        assertThat(l.steps().get(1).get("办理人")).isEqualTo(worker.displayName());
        assertThat(l.steps().get(1).get("说明")).isEqualTo("已核实");
        assertThat(l.steps().get(2).get("新状态")).isEqualTo("已分派");

        // English on request
        Ledger en = export(worker, "refNo=" + ref(id) + "&lang=en");
        assertThat(en.sheetNames()).containsExactly("Demands", "Steps");
        assertThat(en.demands().get(0).get("Status")).isEqualTo("Dispatched");
    }

    @Test
    void theFiltersOfTheListApply() throws Exception {
        GridworkUser resident = people.freshResident();
        GridworkUser worker = people.user("worker");
        Instant from = Instant.now().minusSeconds(1);
        long a = leak(resident, "过滤测试一");
        long b = service.submit(new Submission("NOISE", "过滤测试二", null, null, null, null, null, null, null, false, null,
                null, null), resident, null).id();
        service.accept(b, Grade.GENERAL, null, null, worker);

        assertThat(export(worker, "from=" + from + "&category=NOISE").refs()).contains(ref(b)).doesNotContain(ref(a));
        assertThat(export(worker, "from=" + from + "&status=SUBMITTED").refs()).contains(ref(a)).doesNotContain(ref(b));
        assertThat(export(worker, "from=" + from + "&status=SUBMITTED&status=ACCEPTED").refs()).contains(ref(a), ref(b));
        assertThat(export(worker, "to=" + from).refs()).doesNotContain(ref(a), ref(b));
        mvc.perform(get("/api/demands/ledger.xlsx?gridId=999999999").with(user(worker))).andExpect(status().isNotFound());
        mvc.perform(get("/api/demands/ledger.xlsx?status=NONSENSE").with(user(worker))).andExpect(status().isBadRequest());
    }

    @Test
    void aViewerNeverGetsDemandsOutsideTheirScope() throws Exception {
        GridworkUser mine = people.freshResident();
        GridworkUser other = people.freshResident();
        GridworkUser worker = people.user("worker");
        long own = leak(mine, "我自己的诉求");
        long theirs = leak(other, "别人的诉求");
        service.accept(theirs, Grade.MEDIUM, null, null, worker);
        service.dispatch(theirs, Set.of(Party.PROPERTY), null, worker);

        Ledger residents = export(mine, null);
        assertThat(residents.refs()).containsExactly(ref(own));
        assertThat(residents.headers()).as("residents get no reporter column").doesNotContain("反映人");
        assertThat(residents.steps()).allSatisfy(s -> assertThat(s.get("编号")).isEqualTo(ref(own)));

        // property staff: only demands dispatched to the property company
        Ledger property = export(people.user("property"), null);
        assertThat(property.refs()).contains(ref(theirs)).doesNotContain(ref(own));
        for (String r : property.refs()) {
            assertThat(jdbc.sql("""
                    select count(*) from demand d join demand_assignment a on a.demand_id = d.id
                     where d.ref_no = ? and a.party = 'PROPERTY' and a.status <> 'WITHDRAWN'""").param(r)
                    .query(Long.class).single()).as("%s is dispatched to the property company", r).isPositive();
        }
        Set<String> stepRefs = new HashSet<>();
        property.steps().forEach(s -> stepRefs.add(s.get("编号")));
        assertThat(property.refs()).containsAll(stepRefs);

        // a micro-grid worker: only their micro-grid; another compound's demand never appears
        String scope = jdbc.sql("select path from grid_node where id = ?").param(people.firstMicroGrid()).query(String.class).single();
        Ledger workers = export(worker, null);
        assertThat(workers.refs()).contains(ref(own), ref(theirs));
        for (String r : workers.refs()) {
            assertThat(jdbc.sql("select grid_path from demand where ref_no = ?").param(r).query(String.class).single())
                    .startsWith(scope);
        }
        long total = jdbc.sql("select count(*) from demand where grid_path like ?").param(scope + "%").query(Long.class).single();
        assertThat(workers.demands()).hasSize((int) total);

        // a merchant has no ledger at all
        mvc.perform(get("/api/demands/ledger.xlsx").with(user(people.user("merchant")))).andExpect(status().isForbidden());
    }

    @Test
    void aBackDatedDemandKeepsEveryStepAndAStepBeforeTheSubmissionDayIsNotRead() throws Exception {
        // the steps are read from the page's first submission day on (less a day), which leaves out the timeline's older
        // month partitions: a demand recorded months after it was reported has its steps (made now) all listed
        GridworkUser resident = people.freshResident();
        GridworkUser worker = people.user("worker");
        long id = leak(resident, "车位漏水，补录台账测试");
        service.accept(id, Grade.MEDIUM, null, "已核实", worker);
        Instant back = Instant.now().minus(java.time.Duration.ofDays(95));
        jdbc.sql("update demand set submitted_at = ? where id = ?").params(java.sql.Timestamp.from(back), id).update();
        jdbc.sql("update demand_reach set submitted_at = ? where demand_id = ?").params(java.sql.Timestamp.from(back), id).update();
        assertThat(export(worker, "refNo=" + ref(id)).steps()).extracting(s -> s.get("动作")).containsExactly("提交", "受理定级");
        // a step dated two days before the submission lies outside what is read
        jdbc.sql("update demand set submitted_at = ? where id = ?").params(java.sql.Timestamp.from(Instant.now().plus(java.time.Duration.ofDays(2))), id)
                .update();
        jdbc.sql("update demand_reach set submitted_at = (select submitted_at from demand where id = ?) where demand_id = ?").params(id, id)
                .update();
        assertThat(export(worker, "refNo=" + ref(id)).steps()).isEmpty();
        // back in the past, so that no list of "since now" in another test meets a demand from the future
        jdbc.sql("update demand set submitted_at = ? where id = ?").params(java.sql.Timestamp.from(back), id).update();
        jdbc.sql("update demand_reach set submitted_at = ? where demand_id = ?").params(java.sql.Timestamp.from(back), id).update();
    }

    @Test
    void everyRowsPlaceIsTheDemandsPlaceReadInOneStatementPerPage() throws Exception {
        GridworkUser worker = people.user("worker");
        long household = jdbc.sql("""
                select min(h.id) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ?""").param(people.firstMicroGrid()).query(Long.class).single();
        long unit = jdbc.sql("select unit_id from household where id = ?").param(household).query(Long.class).single();
        long building = jdbc.sql("select building_id from unit where id = ?").param(unit).query(Long.class).single();
        Instant from = Instant.now().minusMillis(1);
        List<Long> ids = new ArrayList<>();
        // a household; a unit of a building (with words); a building
        ids.add(service.submit(new Submission("FACILITIES", "台账地点 户", household, null, null, null, null, null, null,
                false, Channel.VISIT, "居民甲", null), worker, null).id());
        ids.add(service.submit(new Submission("FACILITIES", "台账地点 单元", null, unit, building, null, null, "楼道口", null,
                false, Channel.VISIT, "居民乙", null), worker, null).id());
        ids.add(service.submit(new Submission("FACILITIES", "台账地点 楼", null, null, building, null, null, null, null,
                false, Channel.VISIT, "居民丙", null), worker, null).id());
        Ledger l = export(worker, "from=" + from + "&category=FACILITIES");
        for (long id : ids) {
            String expected = queries.view(id, worker).place();
            assertThat(l.demands()).filteredOn(r -> r.get("编号").equals(ref(id))).singleElement()
                    .satisfies(r -> assertThat(r.get("地点")).as("place of %s", ref(id)).isEqualTo(expected == null ? "" : expected));
        }
        // the times keep their format (set per page and column)
        byte[] xlsx = mvc.perform(get("/api/demands/ledger.xlsx?from=" + from + "&category=FACILITIES").with(user(worker)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx),
                new org.dhatim.fastexcel.reader.ReadingOptions(true, false))) {
            List<Sheet> sheets = wb.getSheets().toList();
            try (var rows = sheets.get(0).openStream()) {
                Row second = rows.skip(1).findFirst().orElseThrow();
                assertThat(second.getCell(1).getDataFormatString()).as("submitted").isEqualTo("yyyy-mm-dd hh:mm");
            }
            try (var rows = sheets.get(1).openStream()) {
                Row second = rows.skip(1).findFirst().orElseThrow();
                assertThat(second.getCell(2).getDataFormatString()).as("step time").isEqualTo("yyyy-mm-dd hh:mm");
            }
        }
        assertThat(queries.view(ids.get(0), worker).place()).contains("栋").contains("单元");
        assertThat(queries.view(ids.get(1), worker).place()).contains("单元 · 楼道口");
    }

    @Test
    void aLedgerLongerThanOnePageHasEveryDemandOnce() throws Exception {
        GridworkUser worker = people.user("worker");
        long building = jdbc.sql("select min(id) from building where micro_grid_id = ?").param(people.firstMicroGrid())
                .query(Long.class).single();
        Instant from = Instant.now().minusMillis(1);
        Set<String> created = new HashSet<>();
        // two pages: the second read after the first, the count read because the first was full
        for (int i = 0; i < 1_003; i++) {
            long id = service.submit(new Submission("GREENERY", "走访记录 " + i, null, null, building, null, null, null, null,
                    false, Channel.VISIT, "居民" + i, null), worker, null).id();
            created.add(ref(id));
        }
        Ledger l = export(worker, "from=" + from + "&category=GREENERY");
        assertThat(l.refs()).hasSize(1_003).doesNotHaveDuplicates();
        assertThat(new HashSet<>(l.refs())).isEqualTo(created);
        assertThat(l.steps()).hasSize(1_003);
        assertThat(l.demands().get(0).get("渠道")).isEqualTo("民情大走访");
    }

    @Test
    void aLedgerOverTheCapIsRefusedBeforeAnyOfItIsSent() throws Exception {
        GridworkUser worker = people.user("worker");
        long model = service.submit(new Submission("PARKING", "台账上限 模板", null, null,
                jdbc.sql("select min(id) from building where micro_grid_id = ?").param(people.firstMicroGrid()).query(Long.class)
                        .single(), null, null, null, null, false, Channel.VISIT, "居民", null), worker, null).id();
        Instant from = Instant.now().minusSeconds(60);
        // the cap's worth of copies of one demand, and one more: more than a ledger holds
        jdbc.sql("""
                insert into demand (ref_no, community_id, grid_path, category_code, description, channel, status, submitted_at,
                                    reporter_account_id)
                with recursive n (x) as (select 1 union all select x + 1 from n where x < :copies)
                select 'CAP' || n.x, d.community_id, d.grid_path, d.category_code, d.description, d.channel, d.status, d.submitted_at,
                       d.reporter_account_id
                  from demand d cross join n where d.id = :id""")
                .param("copies", DemandQueries.COUNT_CAP).param("id", model).update();
        // and the grids' index of them (demand_reach: each grid above the demand)
        jdbc.sql("""
                insert into demand_reach (grid_id, submitted_at, demand_id)
                select r.grid_id, r.submitted_at, c.id from demand_reach r cross join demand c
                 where r.demand_id = :id and c.ref_no like 'CAP%' and c.category_code = 'PARKING'""").param("id", model).update();
        try {
            mvc.perform(get("/api/demands/ledger.xlsx?category=PARKING&from=" + from).with(user(worker)))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("ledger-too-large"))
                    .andExpect(header().doesNotExist("Content-Disposition"))
                    .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("application/problem+json")));
            // a narrower filter of the same demands is a ledger
            assertThat(export(worker, "category=PARKING&refNo=" + ref(model)).refs()).containsExactly(ref(model));
        } finally {
            jdbc.sql("delete from demand where ref_no like 'CAP%' and category_code = 'PARKING'").update();
        }
    }

    @Test
    void thePrintViewShowsEveryStepAndThePhotosToThoseWhoMaySeeTheDemand() throws Exception {
        GridworkUser resident = people.freshResident();
        GridworkUser worker = people.user("worker");
        long id = leak(resident, "打印测试：车位漏水");
        long photo = photos.add(id, DemandPhotos.Stage.REPORT, List.of(new DemandPhotos.Upload("a.jpg", 0,
                DemandPhotoTests.jpeg(64, 48, true))), resident).get(0).id();
        service.accept(id, Grade.MEDIUM, null, "已核实", worker);
        service.resolveOnSpot(id, "现场关阀止水", worker);

        String html = mvc.perform(get("/demands/" + id + "/print").with(user(worker))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(html).contains("诉求办理单").contains(ref(id)).contains("漏水").contains("中等").contains("已办结")
                .contains("打印测试：车位漏水").contains("139****5678").doesNotContain("13912345678")
                .contains("提交").contains("上传照片").contains("受理定级").contains("自办自结").contains("现场关阀止水")
                .contains("/api/demands/" + id + "/photos/" + photo + "/thumbnail").contains("/css/print.css")
                .contains("经办人签字");
        mvc.perform(get("/demands/" + id + "/print").with(user(resident))).andExpect(status().isOk());
        mvc.perform(get("/demands/" + id + "/print").with(user(people.freshResident()))).andExpect(status().isNotFound());
        mvc.perform(get("/demands/" + id + "/print").with(user(people.user("merchant")))).andExpect(status().isNotFound());
        mvc.perform(get("/demands/999999999/print").with(user(worker))).andExpect(status().isNotFound());
        String en = mvc.perform(get("/demands/" + id + "/print?lang=en").with(user(worker))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(en).contains("Demand record").contains("Handled on the spot");
    }
}
