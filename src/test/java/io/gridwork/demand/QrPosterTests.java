package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.openpdf.text.pdf.PdfReader;
import org.openpdf.text.pdf.parser.PdfTextExtractor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

@GridworkTest
class QrPosterTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;

    private long buildingOfFirstMicroGrid() {
        return jdbc.sql("select min(id) from building where micro_grid_id = ?").param(people.firstMicroGrid())
                .query(Long.class).single();
    }

    private static String scan(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels)))).getText();
    }

    @Test
    void aUnitPosterScansToTheReportFormWithTheUnitFilledIn() throws Exception {
        long building = buildingOfFirstMicroGrid();
        long unit = jdbc.sql("select min(id) from unit where building_id = ?").param(building).query(Long.class).single();
        byte[] png = mvc.perform(get("/qr/units/" + unit + ".png").with(user(people.user("worker"))))
                .andExpect(status().isOk()).andExpect(content().contentType("image/png"))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(scan(png)).isEqualTo("http://localhost/report?unit=" + unit);

        byte[] pdf = mvc.perform(get("/qr/units/" + unit + ".pdf").with(user(people.user("worker"))))
                .andExpect(status().isOk()).andExpect(content().contentType("application/pdf"))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString("qr-unit-" + unit + ".pdf")))
                .andReturn().getResponse().getContentAsByteArray();
        PdfReader reader = new PdfReader(pdf);
        assertThat(reader.getNumberOfPages()).isEqualTo(1);
        if (new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1).contains("/FontFile2")) {
            String text = new PdfTextExtractor(reader).getTextFromPage(1).replace(" ", "");
            String compound = jdbc.sql("select g.name from building b join grid_node g on g.id = b.compound_id where b.id = ?")
                    .param(building).query(String.class).single();
            assertThat(text).contains("扫码反映问题").contains("有事请您说").contains(compound).contains("单元")
                    .contains("/report?unit=" + unit);
        }
    }

    @Test
    void aBuildingHasItsOwnPosterAndAPdfWithEveryUnit() throws Exception {
        long building = buildingOfFirstMicroGrid();
        long units = jdbc.sql("select count(*) from unit where building_id = ?").param(building).query(Long.class).single();
        byte[] png = mvc.perform(get("/qr/buildings/" + building + ".png").with(user(people.user("compound"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(scan(png)).isEqualTo("http://localhost/report?building=" + building);
        mvc.perform(get("/qr/buildings/" + building + ".pdf").with(user(people.user("community")))).andExpect(status().isOk());
        byte[] all = mvc.perform(get("/qr/buildings/" + building + "/units.pdf").with(user(people.user("leader"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(units).isPositive();
        assertThat(new PdfReader(all).getNumberOfPages()).isEqualTo((int) units);
    }

    @Test
    void staffSeeTheirBuildingsWithDownloadLinksAndNothingOutsideTheirGrids() throws Exception {
        long micro = people.firstMicroGrid();
        long building = buildingOfFirstMicroGrid();
        long unit = jdbc.sql("select min(id) from unit where building_id = ?").param(building).query(Long.class).single();
        String html = mvc.perform(get("/qr/grids/" + micro).with(user(people.user("worker")))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(html).contains("码上办二维码").contains("/qr/units/" + unit + ".pdf").contains("/qr/units/" + unit + ".png")
                .contains("/qr/buildings/" + building + "/units.pdf").contains("/report");

        long elsewhere = jdbc.sql("""
                select min(b.id) from building b join grid_node g on g.id = b.micro_grid_id where b.micro_grid_id <> ?
                   and g.path not like (select path from grid_node where id = ?) || '%'""").params(micro, micro)
                .query(Long.class).single();
        long elsewhereUnit = jdbc.sql("select min(id) from unit where building_id = ?").param(elsewhere).query(Long.class).single();
        mvc.perform(get("/qr/buildings/" + elsewhere + ".pdf").with(user(people.user("worker")))).andExpect(status().isNotFound());
        mvc.perform(get("/qr/units/" + elsewhereUnit + ".png").with(user(people.user("worker")))).andExpect(status().isNotFound());
        mvc.perform(get("/qr/units/" + elsewhereUnit + ".png").with(user(people.user("admin")))).andExpect(status().isOk());
        mvc.perform(get("/qr/units/999999999.png").with(user(people.user("admin")))).andExpect(status().isNotFound());
        mvc.perform(get("/qr/units/" + unit + ".png").with(user(people.user("property")))).andExpect(status().isForbidden());
        mvc.perform(get("/qr/units/" + unit + ".png").with(user(people.user("resident")))).andExpect(status().isForbidden());
    }
}
