package io.gridwork.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Photos on a quarterly service report (by section, only while it is a draft, copied into a correction, public once
 * published) and the receipt images of the trust account's postings (with the posting or later, never removed, a bad
 * image refusing the posting with it).
 */
@GridworkTest
class TransparencyPhotoTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectMapper json;
    @Autowired TestPeople people;

    GridworkUser community;
    GridworkUser property;
    GridworkUser owners;
    GridworkUser resident;
    GridworkUser worker;
    long jingcheng;
    int year;

    @BeforeEach
    void setUp() {
        community = people.user("community");
        property = people.user("property");
        owners = people.user("owners");
        resident = people.user("resident");
        worker = people.user("worker");
        jingcheng = jdbc.sql("select id from grid_node where name = '学府憬城'").query(Long.class).single();
        year = TransparencyApiTests.freeContractYear(jdbc, jingcheng);
    }

    ResultActions call(MockHttpServletRequestBuilder request, GridworkUser as, String body) throws Exception {
        request.with(csrf()).with(user(as));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request);
    }

    JsonNode body(ResultActions r) throws Exception {
        return json.readTree(r.andReturn().getResponse().getContentAsString());
    }

    static MockMultipartFile photo(String name) throws Exception {
        return new MockMultipartFile("photos", name, "image/jpeg", MicroProjectApiTests.jpeg());
    }

    static MockMultipartFile notAnImage() {
        return new MockMultipartFile("photos", "photo.jpg", "image/jpeg", "not an image at all".getBytes());
    }

    ResultActions upload(String path, GridworkUser as, String section, MockMultipartFile... files) throws Exception {
        var request = multipart(path);
        for (MockMultipartFile f : files) {
            request.file(f);
        }
        if (section != null) {
            request.param("section", section);
        }
        return mvc.perform(request.with(csrf()).with(user(as)));
    }

    int count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Integer.class).single();
    }

    @Test
    void aServiceReportsPhotosChangeOnlyWhileItIsADraftAndACorrectionKeepsThem() throws Exception {
        body(call(post("/api/transparency/contracts"), community, """
                {"compoundId": %d, "companyName": "照片物业%d", "startsOn": "%d-01-01", "endsOn": "%d-12-31", "feeFenPerM2": 150}"""
                .formatted(jingcheng, year, year, year)).andExpect(status().isCreated()));
        long id = body(call(post("/api/transparency/reports"), property, """
                {"compoundId": %d, "kind": "SERVICE", "year": %d, "quarter": 2}""".formatted(jingcheng, year))
                .andExpect(status().isCreated())).get("id").asLong();
        call(put("/api/transparency/reports/" + id), property, """
                {"service": [{"section": "GREENERY", "description": "修剪绿篱"}]}""").andExpect(status().isOk());
        String photos = "/api/transparency/reports/" + id + "/photos";

        // refused, nothing stored: no section, an unknown one, a file that is not an image, someone else's report
        int before = count("transparency_report_photo");
        upload(photos, property, null, photo("a.jpg")).andExpect(status().isBadRequest());
        upload(photos, property, "GARDEN", photo("a.jpg")).andExpect(status().isBadRequest());
        upload(photos, property, "GREENERY", photo("a.jpg"), notAnImage()).andExpect(status().isUnsupportedMediaType());
        upload(photos, property, "GREENERY", new MockMultipartFile("photos", "", "application/octet-stream", new byte[0]))
                .andExpect(status().isBadRequest());
        upload(photos, worker, "GREENERY", photo("a.jpg")).andExpect(status().isForbidden());
        upload(photos, owners, "GREENERY", photo("a.jpg")).andExpect(status().isForbidden());
        assertThat(count("transparency_report_photo")).isEqualTo(before);

        JsonNode added = body(upload(photos, property, "GREENERY", photo("a.jpg"), photo("b.jpg")).andExpect(status().isCreated()));
        assertThat(added).hasSize(2);
        assertThat(added.get(0).get("section").asText()).isEqualTo("GREENERY");
        long first = added.get(0).get("id").asLong();
        long second = added.get(1).get("id").asLong();
        // a draft is the property company's own: the owners committee and the residents do not see it or its photos yet
        call(get(photos), owners, null).andExpect(status().isNotFound());
        call(get(photos), resident, null).andExpect(status().isNotFound());
        call(get(photos + "/" + first), resident, null).andExpect(status().isNotFound());
        // six per section at most
        upload(photos, property, "GREENERY", photo("1.jpg"), photo("2.jpg"), photo("3.jpg"), photo("4.jpg"), photo("5.jpg"))
                .andExpect(status().isBadRequest());
        call(delete(photos + "/" + second), property, null).andExpect(status().isNoContent());
        call(delete(photos + "/" + second), property, null).andExpect(status().isNotFound());

        // submitted: the photos no longer change
        call(post("/api/transparency/reports/" + id + "/submit"), property, null).andExpect(status().isOk());
        upload(photos, property, "CLEANING", photo("late.jpg")).andExpect(status().isConflict());
        call(delete(photos + "/" + first), property, null).andExpect(status().isConflict());
        call(post("/api/transparency/reports/" + id + "/approve"), owners, null).andExpect(status().isOk());

        // published: every resident of the compound sees the photo
        JsonNode shown = body(call(get(photos), resident, null).andExpect(status().isOk()));
        assertThat(shown).hasSize(1);
        var image = call(get(photos + "/" + first), resident, null).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(image.getContentType()).isEqualTo("image/jpeg");
        assertThat(image.getContentAsByteArray()).isNotEmpty();
        String page = call(get("/transparency/reports/" + id), resident, null).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains(photos + "/" + first);
        assertThat(call(get("/transparency/reports/" + id + "/print"), resident, null).andReturn().getResponse().getContentAsString())
                .contains(photos + "/" + first);

        // the notice-board PDF carries the Chinese title, the sections and the photo
        var pdf = call(get("/transparency/reports/" + id + "/notice.pdf"), resident, null).andExpect(status().isOk()).andReturn()
                .getResponse();
        assertThat(pdf.getContentType()).isEqualTo("application/pdf");
        // kept beside the screenshots for people to look at
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots/transparency-notice.pdf"), pdf.getContentAsByteArray());
        var reader = new org.openpdf.text.pdf.PdfReader(pdf.getContentAsByteArray());
        String text = new org.openpdf.text.pdf.parser.PdfTextExtractor(reader).getTextFromPage(1).replace(" ", "");
        assertThat(text).contains("公示").contains("学府憬城").contains("物业服务报告").contains("绿化").contains("修剪绿篱");
        assertThat(new String(pdf.getContentAsByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1)).containsPattern("/Subtype\\s*/Image");
        reader.close();

        // the correction starts with the photo; removing it there leaves the published version's photo readable
        long v2 = body(call(post("/api/transparency/reports/" + id + "/corrections"), property, """
                {"reason": "补充照片"}""").andExpect(status().isCreated())).get("id").asLong();
        JsonNode copied = body(call(get("/api/transparency/reports/" + v2 + "/photos"), property, null).andExpect(status().isOk()));
        assertThat(copied).hasSize(1);
        call(delete("/api/transparency/reports/" + v2 + "/photos/" + copied.get(0).get("id").asLong()), property, null)
                .andExpect(status().isNoContent());
        call(get(photos + "/" + first), resident, null).andExpect(status().isOk());
        // a finance report takes no photos
        long finance = body(call(post("/api/transparency/reports"), property, """
                {"compoundId": %d, "kind": "FINANCE", "year": %d, "quarter": 2}""".formatted(jingcheng, year))
                .andExpect(status().isCreated())).get("id").asLong();
        upload("/api/transparency/reports/" + finance + "/photos", property, "CLEANING", photo("a.jpg"))
                .andExpect(status().isConflict());
    }

    @Test
    void receiptImagesComeWithThePostingOrLaterAndAreNeverRemoved() throws Exception {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        String form = "/transparency/compounds/" + jingcheng + "/trust/postings";
        int postings = count("transparency_trust_posting");
        int receipts = count("transparency_trust_receipt");

        // a bad image refuses the posting with it: nothing booked
        mvc.perform(multipart(form).file(notAnImage()).param("account", "FEES").param("amount", "12.50").param("bookedOn", today)
                .param("description", "票据照片测试").param("receipt", "FP-BAD").with(csrf()).with(user(property)))
                .andExpect(status().is3xxRedirection());
        assertThat(count("transparency_trust_posting")).isEqualTo(postings);
        assertThat(count("transparency_trust_receipt")).isEqualTo(receipts);

        // booked from the page with its image
        mvc.perform(multipart(form).file(photo("fapiao.jpg")).param("account", "FEES").param("amount", "12.50").param("bookedOn", today)
                .param("description", "票据照片测试").param("receipt", "FP-0001").with(csrf()).with(user(property)))
                .andExpect(status().is3xxRedirection());
        long posting = jdbc.sql("select max(id) from transparency_trust_posting where receipt = 'FP-0001'").query(Long.class).single();
        JsonNode statement = body(call(get("/api/transparency/compounds/" + jingcheng + "/trust/statement"), resident, null)
                .andExpect(status().isOk()));
        JsonNode shown = null;
        for (JsonNode p : statement.get("postings")) {
            if (p.get("id").asLong() == posting) {
                shown = p;
            }
        }
        assertThat(shown).isNotNull();
        assertThat(shown.get("receiptImages")).hasSize(1);
        long image = shown.get("receiptImages").get(0).get("id").asLong();
        var got = call(get("/api/transparency/compounds/" + jingcheng + "/trust/receipts/" + image), resident, null)
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(got.getContentType()).isEqualTo("image/jpeg");

        // added later by the trustee only; an unknown posting is answered as absent
        String more = "/api/transparency/compounds/" + jingcheng + "/trust/postings/" + posting + "/receipts";
        upload(more, worker, null, photo("b.jpg")).andExpect(status().isForbidden());
        upload(more, property, null, notAnImage()).andExpect(status().isUnsupportedMediaType());
        upload("/api/transparency/compounds/" + jingcheng + "/trust/postings/999999999/receipts", property, null, photo("b.jpg"))
                .andExpect(status().isNotFound());
        assertThat(body(upload(more, property, null, photo("b.jpg")).andExpect(status().isCreated()))).hasSize(2);
        // another compound's receipt path does not reach this image
        long garden = jdbc.sql("select id from grid_node where name = '城市花园三期'").query(Long.class).single();
        call(get("/api/transparency/compounds/" + garden + "/trust/receipts/" + image), property, null)
                .andExpect(status().isNotFound());

        // the images are part of the append-only ledger
        assertThatThrownBy(() -> jdbc.sql("delete from transparency_trust_receipt where id = ?").param(image).update())
                .isInstanceOf(DataAccessException.class);
        String page = call(get("/transparency/compounds/" + jingcheng + "/trust"), resident, null).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("/trust/receipts/" + image);
    }
}
