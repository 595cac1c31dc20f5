package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.demand.internal.DemandPhotos;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * Pages speak in words: the home page names the resident's home by its address and keeps the API-token page out of a
 * resident's menu; the timeline and the print view name parties and photos in words, never by their codes.
 */
@GridworkTest
class PagesInWordsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPeople people;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DemandService demands;

    @Autowired
    DemandPhotos photos;

    @Test
    void theHomePageShowsTheHouseholdsAddressAndNoTokenPageToResidents() throws Exception {
        GridworkUser resident = people.freshResident();
        String address = jdbc.sql("""
                select c.name || ' ' || b.number || '栋' || u.number || '单元' || h.room from household h
                  join unit u on u.id = h.unit_id join building b on b.id = u.building_id join grid_node c on c.id = b.compound_id
                 where h.id = ?""").param(resident.householdId()).query(String.class).single();
        String home = page("/", resident);
        assertThat(home).contains(address).doesNotContain(">" + resident.householdId() + "<").doesNotContain("href=\"/me/tokens\"");
        assertThat(page("/", people.user("worker"))).contains("href=\"/me/tokens\"");
    }

    @Test
    void theTimelineAndThePrintViewNamePartiesAndPhotosInWords() throws Exception {
        GridworkUser resident = people.freshResident();
        GridworkUser community = people.user("community");
        long id = demands.submit(new DemandService.Submission("WATER_LEAK", "措辞测试：楼道漏水", null, null, null, null, null, null,
                null, false, null, null, null), resident, null).id();
        photos.add(id, DemandPhotos.Stage.REPORT, List.of(new DemandPhotos.Upload("a.jpg", 0, jpeg())), resident);
        demands.accept(id, Grade.MEDIUM, null, null, community);
        demands.dispatch(id, Set.of(Party.PROPERTY), null, community);

        for (String path : List.of("/demands/" + id, "/demands/" + id + "/print")) {
            String html = page(path, community);
            assertThat(html).as(path).doesNotContain("[PROPERTY]").doesNotContain("REPORT +1").contains("物业")
                    .contains("反映时的照片 1 张");
        }
    }

    private String page(String path, UserDetails as) throws Exception {
        return mvc.perform(get(path).with(user(as))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private static byte[] jpeg() throws java.io.IOException {
        var img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }
}
