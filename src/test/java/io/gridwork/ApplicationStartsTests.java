package io.gridwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.support.GridworkTest;

@GridworkTest
class ApplicationStartsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void seedsTheDemoCommunityWithAbout1800HouseholdsInXuefuJingcheng() {
        long households = jdbc.sql("""
                select count(*) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                join grid_node c on c.id = b.compound_id where c.name = '学府憬城'""").query(Long.class).single();
        long buildings = jdbc.sql("select count(*) from building b join grid_node c on c.id = b.compound_id where c.name = '学府憬城'")
                .query(Long.class).single();
        assertThat(households).isBetween(1700L, 1900L);
        assertThat(buildings).isGreaterThanOrEqualTo(40);
    }

    @Test
    void servesHealthAndOpenApiWithoutSignIn() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andExpect(jsonPath("$.paths['/api/grid/tree']").exists());
    }
}
