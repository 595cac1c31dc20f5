package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.grid.GridApi;
import io.gridwork.people.PeopleApi.NewPerson;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.support.GridworkTest;

@GridworkTest
class PersonalDataTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    PeopleApi people;
    @Autowired
    GridApi grid;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PersonalDataCipher cipher;
    @Autowired
    UserDetailsService users;

    String idCard;
    String phone = "13912345678";
    long personId;
    long householdId;

    @BeforeEach
    void aResidentInTheFirstMicroGrid() {
        idCard = unusedIdCard(people);
        personId = people.createPerson(new NewPerson("测试居民", idCard, phone, null));
        long micro = jdbc.sql("select id from grid_node where name = '学府憬城第1微网格'").query(Long.class).single();
        householdId = jdbc.sql("""
                select min(h.id) from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.micro_grid_id = ?""").param(micro).query(Long.class).single();
        people.addMember(householdId, personId, "OTHER", LocalDate.now());
    }

    @Test
    void storesNumbersOnlyEncryptedWithAKeyedHashAndAMask() {
        var row = jdbc.sql("select id_card_enc, id_card_hash, id_card_mask, phone_enc, phone_mask from person where id = ?")
                .param(personId).query().singleRow();
        assertThat(row.values().toString()).doesNotContain(idCard).doesNotContain(phone);
        assertThat(cipher.decrypt((String) row.get("id_card_enc"))).isEqualTo(idCard);
        assertThat(row.get("id_card_hash")).isEqualTo(cipher.hash(idCard));
        assertThat(row.get("id_card_mask")).isEqualTo(idCard.substring(0, 4) + "**********" + idCard.substring(14));
        assertThat(cipher.encrypt(idCard)).as("fresh nonce per value").isNotEqualTo(cipher.encrypt(idCard));
        assertThat(people.findByIdCard(idCard.toLowerCase())).contains(personId);
    }

    @Test
    void refusesAWrongCheckDigitAndChangesNothing() {
        long before = jdbc.sql("select count(*) from person").query(Long.class).single();
        String wrong = idCard.substring(0, 17) + (idCard.charAt(17) == '1' ? '2' : '1');
        assertThatThrownBy(() -> people.createPerson(new NewPerson("错号", wrong, null, null)))
                .hasMessageContaining("check digit");
        assertThat(jdbc.sql("select count(*) from person").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void apiResponsesShowOnlyMaskedNumbers() throws Exception {
        String body = mvc.perform(get("/api/households/" + householdId).with(user(users.loadUserByUsername("worker"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain(idCard).doesNotContain(phone).contains("139****5678");
        String page = mvc.perform(get("/households/" + householdId).with(user(users.loadUserByUsername("worker"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain(idCard).doesNotContain(phone).contains("139****5678");
    }

    @Test
    void unmaskingNeedsThePermissionAndAReasonAndIsAudited() throws Exception {
        long before = auditRows();
        mvc.perform(post("/api/people/" + personId + "/unmask").with(csrf()).with(user(users.loadUserByUsername("worker")))
                .contentType(MediaType.APPLICATION_JSON).content("{\"field\":\"ID_CARD\",\"reason\":\"上门核实\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/people/" + personId + "/unmask").with(csrf()).with(user(users.loadUserByUsername("community")))
                .contentType(MediaType.APPLICATION_JSON).content("{\"field\":\"ID_CARD\",\"reason\":\"\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("reason-required"));
        // refused attempts are audited too, with what became of them (issue 12)
        assertThat(auditRows()).isEqualTo(before + 2);
        assertThat(lastOutcomes(2)).containsExactly("REASON_REQUIRED:community", "NO_PERMISSION:worker");

        mvc.perform(post("/api/people/" + personId + "/unmask").with(csrf()).with(user(users.loadUserByUsername("community")))
                .contentType(MediaType.APPLICATION_JSON).content("{\"field\":\"ID_CARD\",\"reason\":\"办理低保核实身份\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.value").value(idCard));
        assertThat(auditRows()).isEqualTo(before + 3);
        assertThat(lastOutcomes(1)).containsExactly("GRANTED:community");
        var entry = jdbc.sql("select actor_name, field, reason from pii_access_log where person_id = ? order by id desc limit 1")
                .param(personId).query().singleRow();
        assertThat(entry).containsEntry("actor_name", "community").containsEntry("field", "ID_CARD")
                .containsEntry("reason", "办理低保核实身份");
        mvc.perform(get("/api/audit/pii").param("personId", String.valueOf(personId)).with(user(users.loadUserByUsername("admin"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].actor").value("community"))
                .andExpect(jsonPath("$[0].reason").value("办理低保核实身份"));
    }

    @Test
    void theUnmaskingPageFormRevealsOnceAndAudits() throws Exception {
        long before = auditRows();
        String page = mvc.perform(post("/households/" + householdId + "/people/" + personId + "/unmask").with(csrf())
                .with(user(users.loadUserByUsername("community"))).param("field", "PHONE").param("reason", "联系核实"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains(phone);
        assertThat(auditRows()).isEqualTo(before + 1);
    }

    @Test
    void theAuditLogCannotBeChangedOrDeleted() {
        jdbc.sql("insert into pii_access_log (actor_id, actor_name, person_id, field, reason) values (1, 'x', ?, 'PHONE', 'test')")
                .param(personId).update();
        assertThatThrownBy(() -> jdbc.sql("update pii_access_log set reason = 'changed' where person_id = ?").param(personId).update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from pii_access_log where person_id = ?").param(personId).update())
                .hasMessageContaining("append-only");
    }

    @Test
    void staffCannotUnmaskOutsideTheirScope() throws Exception {
        long other = jdbc.sql("""
                select min(m.person_id) from household_member m join household h on h.id = m.household_id
                  join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                  join grid_node c on c.id = b.compound_id where c.name = '城市花园三期' and m.until is null""")
                .query(Long.class).single();
        mvc.perform(post("/api/people/" + other + "/unmask").with(csrf()).with(user(users.loadUserByUsername("community")))
                .contentType(MediaType.APPLICATION_JSON).content("{\"field\":\"PHONE\",\"reason\":\"越权尝试\"}"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
        var entry = jdbc.sql("select actor_name, field, reason, outcome from pii_access_log where person_id = ? order by id desc limit 1")
                .param(other).query().singleRow();
        assertThat(entry).containsEntry("actor_name", "community").containsEntry("field", "PHONE")
                .containsEntry("reason", "越权尝试").containsEntry("outcome", "OUT_OF_SCOPE");
    }

    @Test
    void aRefusedUnmaskingOnThePageIsAuditedWithItsReason() throws Exception {
        long before = auditRows();
        mvc.perform(post("/households/" + householdId + "/people/" + personId + "/unmask").with(csrf())
                .with(user(users.loadUserByUsername("worker"))).param("field", "PHONE").param("reason", "好奇看看"))
                .andExpect(status().isForbidden());
        assertThat(auditRows()).isEqualTo(before + 1);
        var entry = jdbc.sql("select actor_name, field, reason, outcome from pii_access_log order by id desc limit 1")
                .query().singleRow();
        assertThat(entry).containsEntry("actor_name", "worker").containsEntry("field", "PHONE")
                .containsEntry("reason", "好奇看看").containsEntry("outcome", "NO_PERMISSION");
    }

    @Test
    void theAuditLogRecordsTheClientAddressOnlyFromTrustedProxies() throws Exception {
        // through nginx on this host (loopback, trusted): the client is the rightmost address nginx appended,
        // not the one the client put in front of it
        unmaskFrom("127.0.0.1", "6.6.6.6, 203.0.113.9");
        assertThat(lastAddress()).isEqualTo("203.0.113.9");
        // straight from another machine of the private network: its X-Forwarded-For is not believed
        unmaskFrom("10.1.2.3", "6.6.6.6");
        assertThat(lastAddress()).isEqualTo("10.1.2.3");
    }

    private void unmaskFrom(String remote, String forwardedFor) throws Exception {
        mvc.perform(post("/api/people/" + personId + "/unmask").with(csrf()).with(user(users.loadUserByUsername("community")))
                .with(r -> {
                    r.setRemoteAddr(remote);
                    return r;
                })
                .header("X-Forwarded-For", forwardedFor)
                .contentType(MediaType.APPLICATION_JSON).content("{\"field\":\"PHONE\",\"reason\":\"联系核实地址\"}"))
                .andExpect(status().isOk());
    }

    private String lastAddress() {
        return jdbc.sql("select remote_addr from pii_access_log where person_id = ? order by id desc limit 1").param(personId)
                .query(String.class).single();
    }

    private java.util.List<String> lastOutcomes(int n) {
        return jdbc.sql("select outcome, actor_name from pii_access_log where person_id = ? order by id desc limit " + n)
                .param(personId).query((rs, i) -> rs.getString(1) + ":" + rs.getString(2)).list();
    }

    /** A fake (area 510199) but valid ID number nobody in the database has yet. */
    static String unusedIdCard(PeopleApi people) {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        while (true) {
            LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(18000));
            String first17 = "510199" + birth.toString().replace("-", "") + String.format("%03d", random.nextInt(1000));
            String id = first17 + IdCardNumber.checkDigit(first17);
            if (people.findByIdCard(id).isEmpty()) {
                return id;
            }
        }
    }

    private long auditRows() {
        return jdbc.sql("select count(*) from pii_access_log").query(Long.class).single();
    }
}
