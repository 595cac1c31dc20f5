package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Locale;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The micro-fund's pages and API in the demo's 学府社区: staff record, the committee decides, residents read. */
@GridworkTest
class FundPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    EconomyFixtures economy;
    @Autowired
    FundFixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    Document page(String url, GridworkUser as) throws Exception {
        return page(get(url), as);
    }

    Document page(MockHttpServletRequestBuilder request, GridworkUser as) throws Exception {
        MvcResult r = mvc.perform(request.with(user(as)).locale(Locale.SIMPLIFIED_CHINESE)).andExpect(status().isOk()).andReturn();
        Document d = Jsoup.parse(r.getResponse().getContentAsString());
        assertThat(d.body().text()).doesNotContainPattern("\\b(true|false|null)\\b").doesNotContain("economy.")
                .doesNotContain("PROPOSED").doesNotContain("ACTIVITY").doesNotContain("MERCHANT");
        return d;
    }

    Document submit(MockHttpServletRequestBuilder form, GridworkUser as) throws Exception {
        MvcResult r = mvc.perform(form.with(csrf()).with(user(as)).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().is3xxRedirection()).andReturn();
        return page(get(r.getResponse().getRedirectedUrl())
                .requestAttr(org.springframework.web.servlet.DispatcherServlet.INPUT_FLASH_MAP_ATTRIBUTE, r.getFlashMap()), as);
    }

    long donations() {
        return jdbc.sql("select count(*) from economy_fund_posting where kind = 'DONATION'").query(Long.class).single();
    }

    @Test
    void staffRecordADonationTheCommitteeApprovesAnExpenseAndResidentsReadTheStatement() throws Exception {
        long xuefu = economy.xuefu();
        GridworkUser staff = economy.staff();
        GridworkUser merchant = economy.verifiedMerchant();
        long shop = economy.shopOf(merchant);
        String fundPage = "/economy/communities/" + xuefu + "/fund";
        Document fund = page(fundPage, staff);
        assertThat(fund.select("#committee .demand-card")).hasSizeGreaterThanOrEqualTo(2);

        // a bad amount is refused on the page and records nothing
        long before = donations();
        Document refused = submit(post(fundPage + "/donations").param("donorKind", "MERCHANT").param("merchantId", String.valueOf(shop))
                .param("amount", "0").param("key", UUID.randomUUID().toString()), staff);
        assertThat(refused.select("#error").text()).contains("金额");
        assertThat(donations()).isEqualTo(before);

        Document recorded = submit(post(fundPage + "/donations").param("donorKind", "MERCHANT").param("merchantId", String.valueOf(shop))
                .param("amount", "88.50").param("note", "页面测试捐赠").param("key", UUID.randomUUID().toString()), staff);
        assertThat(recorded.select("#receipt-no").text()).matches("收据 JZ\\d{6}-\\d{4}");
        String receiptNo = recorded.select("#receipt-no").text().substring(3);
        Document history = page("/economy/shop/donations", merchant);
        assertThat(history.select("#donations").text()).contains(receiptNo).contains("88.50");

        // the secretary proposes with a receipt photo; the proposer sees no approve button
        MvcResult proposed = mvc.perform(multipart("/economy/communities/" + xuefu + "/fund/expenses")
                .file(new MockMultipartFile("receipt", "r.jpg", "image/jpeg", FundFixtures.jpeg()))
                .param("purpose", "CLEANUP").param("title", "页面测试：清理楼道堆物").param("amount", "12.00")
                .param("key", UUID.randomUUID().toString()).with(csrf()).with(user(staff))).andExpect(status().is3xxRedirection())
                .andReturn();
        String expensePage = proposed.getResponse().getRedirectedUrl();
        assertThat(expensePage).matches("/economy/fund/expenses/\\d+");
        Document own = page(expensePage, staff);
        assertThat(own.select("#approve-form")).isEmpty();
        assertThat(own.select("#own").text()).contains("其他委员");

        GridworkUser owners = fixtures.user("owners");
        GridworkUser party = fixtures.user("party");
        assertThat(page("/economy/fund", owners).select("#waiting").text()).contains("页面测试：清理楼道堆物");
        Document once = submit(post(expensePage + "/approve"), owners);
        assertThat(once.select("#done").text()).contains("等待其他委员");
        assertThat(once.select("#approve-form")).isEmpty();
        Document twice = submit(post(expensePage + "/approve"), owners);
        assertThat(twice.select("#error").text()).contains("已经审批过");
        Document paid = submit(post(expensePage + "/approve"), party);
        assertThat(paid.select("#done").text()).contains("已支付");
        assertThat(paid.select(".fund-expense .badge").text()).contains("已支付");

        // a resident of 学府社区 reads the statement with the expense, its approvals and the receipt's thumbnail
        GridworkUser resident = fixtures.user("resident");
        Document statement = page("/economy/communities/" + xuefu + "/fund/statement", resident);
        assertThat(statement.select("#balance").text()).startsWith("¥");
        String id = expensePage.substring(expensePage.lastIndexOf('/') + 1);
        assertThat(statement.select("#expense-" + id).text()).contains("环境整治").contains("业委会委员 同意").contains("小区党支部 同意");
        String thumb = statement.select("#expense-" + id + " img").attr("src");
        mvc.perform(get(thumb).with(user(resident))).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().contentType(MediaType.IMAGE_JPEG));
        assertThat(statement.select("#excel")).isEmpty();
        assertThat(statement.select("#purpose-CLEANUP").text()).contains("环境整治");

        // staff export the postings as Excel
        MvcResult sheet = mvc.perform(get("/api/economy/communities/" + xuefu + "/fund/statement.xlsx").with(user(staff)))
                .andExpect(status().isOk()).andReturn();
        assertThat(sheet.getResponse().getContentType()).contains("spreadsheetml");
        assertThat(sheet.getResponse().getContentAsByteArray()).hasSizeGreaterThan(1000);
        mvc.perform(get("/api/economy/communities/" + xuefu + "/fund/statement.xlsx").with(user(resident)))
                .andExpect(status().isForbidden());
    }

    @Test
    void theApiRefusesBadInputWithProblemDetailsAndChangesNothing() throws Exception {
        var p = fixtures.place(2, 2);
        fixtures.give(p, 5_000);
        String base = "/api/economy/communities/" + p.communityId() + "/fund";
        mvc.perform(post(base + "/donations").contentType(MediaType.APPLICATION_JSON)
                .content("{\"donorKind\":\"COMMUNITY\",\"amountFen\":-5}").header("Idempotency-Key", "neg-" + UUID.randomUUID())
                .with(csrf()).with(user(p.staff())))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-amount"));
        mvc.perform(post(base + "/donations").contentType(MediaType.APPLICATION_JSON)
                .content("{\"donorKind\":\"COMMUNITY\",\"amountFen\":300}").with(csrf()).with(user(p.staff())))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("idempotency-key-required"));
        MvcResult made = mvc.perform(multipart(base + "/expenses")
                        .file(new MockMultipartFile("receipt", "r.jpg", "image/jpeg", FundFixtures.jpeg()))
                        .param("purpose", "FAMILY_HELP").param("title", "困难家庭慰问").param("amountFen", "2000")
                        .header("Idempotency-Key", "exp-" + UUID.randomUUID()).with(csrf()).with(user(p.members().get(0))))
                .andExpect(status().isCreated()).andReturn();
        long id = ((Number) com.jayway.jsonpath.JsonPath.read(made.getResponse().getContentAsString(), "$.id")).longValue();
        mvc.perform(post("/api/economy/fund/expenses/" + id + "/approve").with(csrf()).with(user(p.members().get(0))))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("own-expense"));
        mvc.perform(post("/api/economy/fund/expenses/" + id + "/post").with(csrf()).with(user(p.staff())))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("expense-not-approved"));
        mvc.perform(multipart(base + "/expenses").file(new MockMultipartFile("receipt", "r.jpg", "image/jpeg", FundFixtures.jpeg()))
                        .param("purpose", "ACTIVITY").param("title", "太贵的活动").param("amountFen", "5001")
                        .header("Idempotency-Key", "exp-" + UUID.randomUUID()).with(csrf()).with(user(p.staff())))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("fund-insufficient"));
        mvc.perform(get("/api/economy/fund/expenses/" + id).with(user(fixtures.user("owners")))).andExpect(status().isNotFound());
        assertThat(fixtures.balance(p)).isEqualTo(5_000);
    }

    @Test
    void staffDesignateACommitteeMemberPickedBySearchNotByTypingAName() throws Exception {
        long xuefu = economy.xuefu();
        GridworkUser staff = economy.staff();
        String fundPage = "/economy/communities/" + xuefu + "/fund";
        // the form offers the account search (no field for a typed user name)
        Document fund = page(fundPage, staff);
        assertThat(fund.select("#member-form input[name=q][type=search]")).hasSize(1);
        assertThat(fund.select("#member-form input[name=username]")).isEmpty();
        long leader = jdbc.sql("select id from account where username = 'leader'").query(Long.class).single();
        jdbc.sql("delete from economy_fund_member where account_id = ?").param(leader).update();
        try {
            Document after = submit(post(fundPage + "/members").param("accountId", String.valueOf(leader)), staff);
            assertThat(after.select("#member-" + leader)).hasSize(1);
            // an id that names no account is refused on the page, and nobody is added
            long members = jdbc.sql("select count(*) from economy_fund_member").query(Long.class).single();
            Document refused = submit(post(fundPage + "/members").param("accountId", "999999999"), staff);
            assertThat(refused.text()).contains("找不到该账号");
            assertThat(jdbc.sql("select count(*) from economy_fund_member").query(Long.class).single()).isEqualTo(members);
        } finally {
            jdbc.sql("delete from economy_fund_member where account_id = ?").param(leader).update();
        }
    }
}
