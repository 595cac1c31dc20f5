package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** Issue 19: a grid page over many micro-grids lists the first 50 warnings and says how many more there are. */
@GridworkTest
class GridPageSizeTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    GridApi grid;
    @Autowired
    TestPeople people;

    @Test
    void aGridWithManyWarningsListsFiftyAndCountsTheRest() throws Exception {
        GridNode community = grid.nodeByCode("510108001001").orElseThrow();
        GridNode compound = grid.create(community.id(), GridLevel.COMPOUND, "提醒小区" + UUID.randomUUID(), null, null);
        for (int i = 0; i < 21; i++) {
            // an empty micro-grid without staff: too few households, no leader, too few workers
            grid.create(compound.id(), GridLevel.MICRO, "提醒微网格" + i, null, null);
        }
        String html = mvc.perform(get("/grid/" + compound.id()).with(user(people.user("admin")))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        String warnings = html.substring(html.indexOf("id=\"warnings\""), html.indexOf("id=\"warnings-more\""));
        assertThat(warnings.split("<li class=\"warn\"", -1).length - 1).isEqualTo(50);
        assertThat(html).contains("另有 13 条提醒");
    }
}
