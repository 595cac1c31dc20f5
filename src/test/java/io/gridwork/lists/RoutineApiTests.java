package io.gridwork.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.gridwork.support.GridworkTest;
import io.gridwork.support.SignedIn;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@GridworkTest
class RoutineApiTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserDetailsService accounts;
    @Autowired
    TestPeople people;
    @Autowired
    ObjectMapper json;

    long micro() {
        return people.firstMicroGrid();
    }

    long gridNamed(String name) {
        return jdbc.sql("select id from grid_node where name = ?").param(name).query(Long.class).single();
    }

    long householdOf(long microGridId, int n) {
        return jdbc.sql("""
                select h.id from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ? order by h.id""").param(microGridId).query(Long.class).list().get(n);
    }

    long entries() {
        return jdbc.sql("select count(*) from routine_entry").query(Long.class).single();
    }

    ResultActions post(String user, String path, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path).with(csrf())
                .with(SignedIn.as(accounts, user)).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    JsonNode read(ResultActions r) throws Exception {
        return json.readTree(r.andReturn().getResponse().getContentAsString());
    }

    @Test
    void routineWorkExportsToExcelWithItsMediationDetails() throws Exception {
        long household = householdOf(micro(), 5);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        post("worker", "/api/routine", """
                {"kind":"MEDIATION","householdIds":[%d],"mediationParties":"导出测试 %s","mediationIssue":"噪音扰民",
                 "mediationOutcome":"约定晚十点后保持安静","agreementReached":true}""".formatted(household, tag))
                .andExpect(status().isCreated());
        byte[] xlsx = mvc.perform(get("/api/routine.xlsx?kind=MEDIATION&from=" + LocalDate.now(ZoneId.of("Asia/Shanghai")))
                .with(SignedIn.as(accounts, "compound"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        List<List<String>> rows = ListsApiTests.rows(xlsx);
        assertThat(rows.get(0)).contains("当事人", "调解结果", "是否达成协议");
        List<String> row = rows.stream().filter(r -> r.contains("导出测试 " + tag)).findFirst().orElseThrow();
        String room = jdbc.sql("select room from household where id = ?").param(household).query(String.class).single();
        // the household is named by its address, never by its database number
        assertThat(row).contains("矛盾纠纷调解", "噪音扰民", "约定晚十点后保持安静", "达成协议").doesNotContain(String.valueOf(household));
        assertThat(row).anySatisfy(cell -> assertThat(cell).contains("学府憬城").contains("单元" + room));
        mvc.perform(get("/api/routine.xlsx").with(SignedIn.as(accounts, "resident"))).andExpect(status().isForbidden());
    }

    @Test
    void aMediationIsLoggedAndCountedForTheWorkerAndEveryGridAbove() throws Exception {
        long micro = micro();
        long compound = gridNamed("学府憬城");
        long household = householdOf(micro, 3);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        JsonNode before = read(mvc.perform(get("/api/routine/counts?gridId=" + compound).with(SignedIn.as(accounts, "compound")))
                .andExpect(status().isOk()));
        long beforeMediations = before.path("total").path("byKind").path("MEDIATION").asLong(0);
        long beforeMicro = 0;
        for (JsonNode g : before.path("grids")) {
            if (g.path("id").asLong() == micro) {
                beforeMicro = g.path("total").asLong();
            }
        }

        JsonNode e = read(post("worker", "/api/routine", """
                {"kind":"MEDIATION","householdIds":[%d],"mediationParties":"1201与1301住户 %s",
                 "mediationIssue":"楼上漏水到楼下","mediationOutcome":"楼上负责维修并赔偿","agreementReached":true}"""
                .formatted(household, tag)).andExpect(status().isCreated()));
        assertThat(e.path("gridId").asLong()).as("the household's micro-grid").isEqualTo(micro);
        assertThat(e.path("summary").asString()).as("defaults to the issue").isEqualTo("楼上漏水到楼下");
        assertThat(e.path("workerName").asString()).isEqualTo("微网格员");

        JsonNode after = read(mvc.perform(get("/api/routine/counts?gridId=" + compound).with(SignedIn.as(accounts, "compound")))
                .andExpect(status().isOk()));
        assertThat(after.path("total").path("byKind").path("MEDIATION").asLong()).isEqualTo(beforeMediations + 1);
        long afterMicro = 0;
        for (JsonNode g : after.path("grids")) {
            if (g.path("id").asLong() == micro) {
                afterMicro = g.path("total").asLong();
            }
        }
        assertThat(afterMicro).isEqualTo(beforeMicro + 1);
        long workerId = jdbc.sql("select id from account where username = 'worker'").query(Long.class).single();
        boolean found = false;
        for (JsonNode w : after.path("workers")) {
            if (w.path("id").asLong() == workerId) {
                found = true;
                assertThat(w.path("mediations").asLong()).isGreaterThanOrEqualTo(1);
                assertThat(w.path("agreements").asLong()).isGreaterThanOrEqualTo(1);
            }
        }
        assertThat(found).as("the worker is counted").isTrue();
        // the same work counted at the street level too
        long street = gridNamed("学府街道");
        mvc.perform(get("/api/routine/counts?gridId=" + street).with(SignedIn.as(accounts, "street")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total.byKind.MEDIATION").exists());
        // a period before the work does not count it
        String yesterday = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusYears(5).toString();
        mvc.perform(get("/api/routine/counts?gridId=" + micro + "&from=" + yesterday + "&to=" + yesterday)
                .with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk()).andExpect(jsonPath("$.total.total").value(0));
    }

    @Test
    void theInformationListIsInNaturalAddressOrderAndPaged() throws Exception {
        long micro = micro();
        // a building of the micro-grid with rooms of different lengths (501 and 1001), all checked at one odd moment
        long building = jdbc.sql("""
                select min(b.id) from building b join unit u on u.building_id = b.id join household h on h.unit_id = u.id
                 where b.micro_grid_id = ? group by b.id having min(length(h.room)) < max(length(h.room))""")
                .param(micro).query(Long.class).list().get(0);
        jdbc.sql("update household set checked_at = ? where unit_id in (select id from unit where building_id = ?)")
                .params(java.sql.Timestamp.from(Instant.parse("2001-02-03T04:05:06Z")), building).update();
        JsonNode all = read(mvc.perform(get("/api/routine/info-list?gridId=" + micro + "&limit=5000")
                .with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk()));
        List<String> addresses = new java.util.ArrayList<>();
        for (JsonNode r : all.path("rows")) {
            addresses.add(r.path("address").asString());
        }
        String number = jdbc.sql("select number from building where id = ?").param(building).query(String.class).single();
        List<long[]> mine = addresses.stream().filter(a -> a.contains(" " + number + "栋")).map(a -> {
            var m = java.util.regex.Pattern.compile("(\\d+)单元(\\d+)$").matcher(a);
            assertThat(m.find()).as(a).isTrue();
            return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        }).toList();
        assertThat(mine).hasSizeGreaterThan(1);
        for (int i = 1; i < mine.size(); i++) {
            long[] before = mine.get(i - 1);
            long[] now = mine.get(i);
            assertThat(before[0] < now[0] || before[0] == now[0] && before[1] < now[1])
                    .as("%s before %s", java.util.Arrays.toString(before), java.util.Arrays.toString(now)).isTrue();
        }
        // pages follow each other
        JsonNode first = read(mvc.perform(get("/api/routine/info-list?gridId=" + micro + "&limit=3&offset=0")
                .with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk()));
        JsonNode second = read(mvc.perform(get("/api/routine/info-list?gridId=" + micro + "&limit=3&offset=3")
                .with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk()));
        assertThat(List.of(first.path("rows").get(0).path("address").asString(), second.path("rows").get(0).path("address").asString()))
                .containsExactly(addresses.get(0), addresses.get(3));
        mvc.perform(get("/api/routine/info-list?gridId=" + micro + "&offset=-1").with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isBadRequest());
        // the page shows one page and the pager
        mvc.perform(get("/routine/info?gridId=" + micro).with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("id=\"info-pager\"")));
    }

    @Test
    void anInformationCollectionMarksTheHouseholdCheckedAndTheListFlagsStaleOnes() throws Exception {
        long micro = micro();
        long household = householdOf(micro, 40);
        // make it stale: checked long ago
        jdbc.sql("update household set checked_at = ? where id = ?")
                .params(java.sql.Timestamp.from(Instant.parse("2020-01-01T00:00:00Z")), household).update();
        JsonNode list = read(mvc.perform(get("/api/routine/info-list?gridId=" + micro + "&months=6&limit=5000")
                .with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk()));
        assertThat(stale(list, household)).isTrue();
        long staleBefore = list.path("stale").asLong();
        assertThat(list.path("households").asLong()).isGreaterThanOrEqualTo(staleBefore);

        post("worker", "/api/routine", """
                {"kind":"INFO_COLLECTION","householdIds":[%d],"summary":"核实家庭成员和联系电话"}""".formatted(household))
                .andExpect(status().isCreated());
        Instant checked = jdbc.sql("select checked_at from household where id = ?").param(household)
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(checked).isAfter(Instant.now().minusSeconds(120));
        list = read(mvc.perform(get("/api/routine/info-list?gridId=" + micro + "&months=6&limit=5000")
                .with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk()));
        assertThat(stale(list, household)).isFalse();
        assertThat(list.path("stale").asLong()).isEqualTo(staleBefore - 1);
        // stale only: the household is no longer listed
        JsonNode staleOnly = read(mvc.perform(get("/api/routine/info-list?gridId=" + micro + "&staleOnly=true&limit=5000")
                .with(SignedIn.as(accounts, "worker"))).andExpect(status().isOk()));
        for (JsonNode r : staleOnly.path("rows")) {
            assertThat(r.path("householdId").asLong()).isNotEqualTo(household);
            assertThat(r.path("stale").asBoolean()).isTrue();
        }
        // a household visit does not count as an information check
        jdbc.sql("update household set checked_at = null where id = ?").param(household).update();
        post("worker", "/api/routine", """
                {"kind":"HOUSEHOLD_VISIT","householdIds":[%d],"summary":"走访"}""".formatted(household)).andExpect(status().isCreated());
        assertThat(jdbc.sql("select checked_at from household where id = ?").param(household).query(java.sql.Timestamp.class)
                .optional()).isEmpty();
    }

    private static boolean stale(JsonNode list, long household) {
        for (JsonNode r : list.path("rows")) {
            if (r.path("householdId").asLong() == household) {
                return r.path("stale").asBoolean();
            }
        }
        throw new AssertionError("household " + household + " not on the list");
    }

    @Test
    void badInputIsRefusedWithAProblemAndChangesNothing() throws Exception {
        long micro = micro();
        long other = gridNamed("碧鸡桥小区第1微网格");
        long otherHousehold = householdOf(other, 0);
        long secondMicro = gridNamed("学府憬城第2微网格");
        long household = householdOf(micro, 1);
        long count = entries();
        post("worker", "/api/routine", "{}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("field-required")).andExpect(jsonPath("$.field").value("kind"));
        post("worker", "/api/routine", "{\"kind\":\"POLICY_PUBLICITY\",\"summary\":\"宣传\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("grid-or-household-required"));
        post("worker", "/api/routine", "{\"kind\":\"POLICY_PUBLICITY\",\"gridId\":%d}".formatted(micro))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("summary"));
        post("worker", "/api/routine", "{\"kind\":\"NOT_A_KIND\",\"gridId\":%d,\"summary\":\"x\"}".formatted(micro))
                .andExpect(status().isBadRequest());
        post("worker", "/api/routine", "{\"kind\":\"INFO_COLLECTION\",\"householdIds\":[999999999],\"summary\":\"x\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("unknown-household"));
        post("worker", "/api/routine", "{\"kind\":\"INFO_COLLECTION\",\"householdIds\":[%d],\"summary\":\"x\"}"
                .formatted(otherHousehold)).andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("unknown-household"));
        post("worker", "/api/routine", "{\"kind\":\"POLICY_PUBLICITY\",\"gridId\":%d,\"summary\":\"x\"}".formatted(other))
                .andExpect(status().isNotFound());
        post("worker", "/api/routine", "{\"kind\":\"POLICY_PUBLICITY\",\"gridId\":999999999,\"summary\":\"x\"}")
                .andExpect(status().isNotFound());
        post("compound", "/api/routine", "{\"kind\":\"HOUSEHOLD_VISIT\",\"gridId\":%d,\"householdIds\":[%d],\"summary\":\"x\"}"
                .formatted(secondMicro, household)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("household-outside-grid"));
        post("compound", "/api/routine", "{\"kind\":\"HOUSEHOLD_VISIT\",\"householdIds\":[%d,%d],\"summary\":\"x\"}"
                .formatted(household, householdOf(secondMicro, 0))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("households-span-grids"));
        post("worker", "/api/routine", "{\"kind\":\"MEDIATION\",\"gridId\":%d,\"mediationParties\":\"甲乙\",\"mediationIssue\":\"噪音\"}"
                .formatted(micro)).andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("mediationOutcome"));
        post("worker", "/api/routine", ("{\"kind\":\"MEDIATION\",\"gridId\":%d,\"mediationParties\":\"甲乙\",\"mediationIssue\":\"噪音\","
                + "\"mediationOutcome\":\"调解\"}").formatted(micro)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("agreementReached"));
        post("worker", "/api/routine", "{\"kind\":\"POLICY_PUBLICITY\",\"gridId\":%d,\"summary\":\"x\",\"workedOn\":\"%s\"}"
                .formatted(micro, LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("worked-on-in-future"));
        post("worker", "/api/routine", "{\"kind\":\"POLICY_PUBLICITY\",\"gridId\":%d,\"summary\":\"%s\"}"
                .formatted(micro, "长".repeat(2001))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("field-too-long"));
        post("worker", "/api/routine", "not json").andExpect(status().isBadRequest());
        assertThat(entries()).as("nothing was logged").isEqualTo(count);

        mvc.perform(get("/api/routine/counts?gridId=" + other).with(SignedIn.as(accounts, "worker"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/routine/info-list?gridId=" + micro + "&months=0").with(SignedIn.as(accounts, "worker")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-months"));
        mvc.perform(get("/api/routine/counts?gridId=" + micro + "&from=2026-05-02&to=2026-05-01")
                .with(SignedIn.as(accounts, "worker"))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-period"));
    }

    @Test
    void rolesAndScopeDecideWhoLogsAndWhoSees() throws Exception {
        long micro = micro();
        post("property", "/api/routine", "{\"kind\":\"POLICY_PUBLICITY\",\"gridId\":%d,\"summary\":\"x\"}".formatted(micro))
                .andExpect(status().isForbidden());
        post("resident", "/api/routine", "{\"kind\":\"POLICY_PUBLICITY\",\"gridId\":%d,\"summary\":\"x\"}".formatted(micro))
                .andExpect(status().isForbidden());
        String tag = "宣传垃圾分类 " + UUID.randomUUID();
        long id = read(post("leader", "/api/routine", "{\"kind\":\"POLICY_PUBLICITY\",\"gridId\":%d,\"summary\":\"%s\"}"
                .formatted(micro, tag)).andExpect(status().isCreated())).path("id").asLong();
        mvc.perform(get("/api/routine/" + id).with(SignedIn.as(accounts, "community"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.summary").value(tag));
        // a community staff member of the other community does not see it: the street does
        List<String> seen = read(mvc.perform(get("/api/routine?kind=POLICY_PUBLICITY&limit=500")
                .with(SignedIn.as(accounts, "street"))).andExpect(status().isOk())).findValues("summary").stream()
                .map(JsonNode::asString).toList();
        assertThat(seen).contains(tag);
        mvc.perform(get("/api/routine?limit=0").with(SignedIn.as(accounts, "worker"))).andExpect(status().isBadRequest());
    }
}
