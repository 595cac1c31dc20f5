package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.DayOfWeek;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

@GridworkTest
class DemandConfigTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestPeople people;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DemandService service;
    @Autowired
    DemandQueries queries;

    @Test
    void aCommunityAddsACategoryWithWorkingHourLimits() throws Exception {
        long community = jdbc.sql("select id from grid_node where name = '学府社区'").query(Long.class).single();
        String code = "T" + Long.toString(System.nanoTime(), 36).toUpperCase();
        var staff = people.user("community");
        mvc.perform(put("/api/demand-config/" + community + "/categories/" + code).with(csrf()).with(user(staff))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"nameZh\":\"充电桩\",\"nameEn\":\"Charging points\",\"defaultParty\":\"PROPERTY\",\"defaultGrade\":\"MEDIUM\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.categories[?(@.code == '" + code + "')].nameZh").value(
                        org.hamcrest.Matchers.contains("充电桩")));
        mvc.perform(put("/api/demand-config/" + community + "/policies").with(csrf()).with(user(staff))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"" + code + "\",\"grade\":\"MEDIUM\",\"respondMinutes\":60,\"resolveMinutes\":480,\"clock\":\"WORKING\"}"))
                .andExpect(status().isOk());
        mvc.perform(put("/api/demand-config/" + community + "/policies").with(csrf()).with(user(staff))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"categoryCode\":\"" + code + "\",\"grade\":\"MEDIUM\",\"respondMinutes\":60,\"resolveMinutes\":30}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("resolveMinutes"));

        long id = service.submit(new DemandService.Submission(code, "充电桩坏了", null, null, null, null, null, null, null, null,
                null, null, null), people.freshResident(), null).id();
        DemandView d = queries.view(id, people.user("admin"));
        var due = d.resolveDueAt().atZone(ZoneId.of("Asia/Shanghai"));
        String kind = jdbc.sql("select kind from work_calendar where cal_day = ?").param(java.sql.Date.valueOf(due.toLocalDate()))
                .query(String.class).optional().orElse(null);
        boolean workingDay = kind != null ? kind.equals("WORKDAY")
                : due.getDayOfWeek() != DayOfWeek.SATURDAY && due.getDayOfWeek() != DayOfWeek.SUNDAY;
        assertThat(workingDay).as("the limit ends on a working day: %s", due).isTrue();
        assertThat(due.getHour() * 60 + due.getMinute()).isBetween(9 * 60, 17 * 60);
    }

    @Test
    void staffCannotConfigureAnotherCommunity() throws Exception {
        long other = jdbc.sql("select id from grid_node where name = '锦城社区'").query(Long.class).single();
        mvc.perform(get("/api/demand-config/" + other).with(user(people.user("community")))).andExpect(status().isNotFound());
        mvc.perform(get("/api/demand-config/calendar").param("year", "2026").with(user(people.user("resident"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$[?(@.kind == 'WORKDAY')]").isNotEmpty());
    }
}
