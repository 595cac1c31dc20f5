package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Locale;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.gridwork.economy.internal.Rules;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The phone pages: the merchant shows a code, the resident confirms on theirs, the staff record and credit. */
@GridworkTest
class EconomyPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    EconomyFixtures fixtures;
    @Autowired
    TestPeople people;
    @Autowired
    Rules rules;
    @Autowired
    JdbcClient jdbc;

    Document page(String url, GridworkUser as) throws Exception {
        return page(get(url), as);
    }

    Document page(MockHttpServletRequestBuilder request, GridworkUser as) throws Exception {
        MvcResult r = mvc.perform(request.with(user(as)).locale(Locale.SIMPLIFIED_CHINESE)).andExpect(status().isOk()).andReturn();
        Document d = Jsoup.parse(r.getResponse().getContentAsString());
        // no raw codes or booleans on a page
        assertThat(d.body().text()).doesNotContainPattern("\\b(true|false|null)\\b").doesNotContain("economy.");
        return d;
    }

    /** Posts a form and follows its redirect with the flash attributes, as the browser does. */
    Document submit(MockHttpServletRequestBuilder form, GridworkUser as) throws Exception {
        MvcResult r = mvc.perform(form.with(csrf()).with(user(as)).locale(Locale.SIMPLIFIED_CHINESE))
                .andExpect(status().is3xxRedirection()).andReturn();
        // the flash attributes as the next request's input: the session (Spring Session JDBC) is not MockMvc's
        return page(get(r.getResponse().getRedirectedUrl())
                .requestAttr(org.springframework.web.servlet.DispatcherServlet.INPUT_FLASH_MAP_ATTRIBUTE, r.getFlashMap()), as);
    }

    @Test
    void theMerchantShowsACodeAndTheResidentConfirmsOnTheirPhone() throws Exception {
        GridworkUser merchant = fixtures.verifiedMerchant();
        GridworkUser resident = fixtures.residentWith(12);
        Document shop = page("/economy/shop", merchant);
        assertThat(shop.select("#collect-form button").text()).isEqualTo("生成收款码");
        assertThat(shop.text()).contains("消费每满 ¥30.00 可用 3 贝");

        // a bad amount comes back as a message on the page
        assertThat(submit(post("/economy/shop/payments").param("amount", "九十五"), merchant).select("#error").text())
                .contains("金额");
        MvcResult made = mvc.perform(post("/economy/shop/payments").param("amount", "95").with(csrf()).with(user(merchant)))
                .andExpect(status().is3xxRedirection()).andReturn();
        String paymentPage = made.getResponse().getRedirectedUrl();
        Document code = page(paymentPage, merchant);
        assertThat(code.select(".economy-qr img").attr("src")).endsWith("/qr.png");
        assertThat(code.select("#payment-status").text()).contains("有效");
        assertThat(code.text()).contains("¥95.00").contains("9 贝").contains("¥86.00");
        long id = Long.parseLong(paymentPage.replaceAll(".*/", ""));
        String token = jdbc.sql("select token from economy_payment where id = ?").param(id).query(String.class).single();

        Document pay = page("/economy/pay/" + token, resident);
        assertThat(pay.select("#purchase").text()).isEqualTo("¥95.00");
        assertThat(pay.select("#points").text()).isEqualTo("9 贝");
        assertThat(pay.select("#my-balance").text()).isEqualTo("12 贝");
        String key = pay.select("#confirm-form input[name=key]").val();
        Document paid = submit(post("/economy/pay/" + token).param("key", key), resident);
        assertThat(paid.select("#paid").text()).contains("已使用 9 贝").contains("¥86.00").contains("3 贝");
        assertThat(paid.select("#status").text()).isEqualTo("已支付");
        // scanned again: refused on the page, nothing changed
        Document again = submit(post("/economy/pay/" + token).param("key", UUID.randomUUID().toString()), resident);
        assertThat(again.select("#error").text()).contains("已经用过");
        assertThat(fixtures.balance(resident)).isEqualTo(3);

        // the merchant's page now says it was paid, by a masked name
        Document status = page(paymentPage + "/status", merchant);
        assertThat(status.select("#status").text()).isEqualTo("已支付");
        assertThat(status.text()).doesNotContain(resident.displayName());
        assertThat(page("/economy/points", resident).select("#balance .big").text()).isEqualTo("3");
    }

    @Test
    void aResidentWithoutEnoughPointsIsToldOnThePage() throws Exception {
        GridworkUser merchant = fixtures.verifiedMerchant();
        GridworkUser resident = fixtures.residentWith(2);
        MvcResult made = mvc.perform(post("/economy/shop/payments").param("amount", "30").with(csrf()).with(user(merchant)))
                .andReturn();
        long id = Long.parseLong(made.getResponse().getRedirectedUrl().replaceAll(".*/", ""));
        String token = jdbc.sql("select token from economy_payment where id = ?").param(id).query(String.class).single();
        Document pay = page("/economy/pay/" + token, resident);
        assertThat(pay.select("#short").text()).contains("需要 3 贝").contains("2 贝");
        Document refused = submit(post("/economy/pay/" + token).param("key", "k-" + token.substring(0, 10)), resident);
        assertThat(refused.select("#error").text()).contains("信义贝不足");
        assertThat(fixtures.balance(resident)).isEqualTo(2);
    }

    @Test
    void aMerchantRegistersOnThePageAndTheStaffVerify() throws Exception {
        GridworkUser merchant = fixtures.freshMerchant();
        Document empty = page("/economy/shop", merchant);
        assertThat(empty.select("#register-form select[name=communityId] option").eachText()).anyMatch(t -> t.startsWith("学府社区"));
        Document sent = submit(post("/economy/shop").param("communityId", String.valueOf(fixtures.xuefu()))
                .param("name", "页面小店 " + merchant.username()).param("address", "学府路 1 号").param("contactName", "陈")
                .param("phone", "13900004444"), merchant);
        assertThat(sent.select("#registered").text()).contains("等待社区核实");
        assertThat(sent.select("#shop-status").text()).contains("待核实").contains("139****4444");

        long shop = fixtures.shopOf(merchant);
        Document merchants = page("/economy/communities/" + fixtures.xuefu() + "/merchants", fixtures.staff());
        assertThat(merchants.select("#merchant-" + shop).text()).contains("待核实");
        Document verified = submit(post("/economy/merchants/" + shop + "/verify"), fixtures.staff());
        assertThat(verified.select("#done").text()).isEqualTo("已核实。");
        assertThat(verified.select("#merchant-" + shop + " .badge").text()).isEqualTo("已核实");
        assertThat(page("/economy/shop", merchant).select("#collect-form")).isNotEmpty();
    }

    @Test
    void theStaffRecordVerifyAndCreditVolunteeringOnThePages() throws Exception {
        GridworkUser staff = fixtures.staff();
        GridworkUser resident = people.freshResident();
        long xuefu = fixtures.xuefu();
        String ruleName = "交通劝导 " + UUID.randomUUID().toString().substring(0, 6);
        Document published = submit(post("/economy/communities/" + xuefu + "/rules").param("name", ruleName).param("unit", "HOUR")
                .param("points", "8"), staff);
        assertThat(published.select("#done").text()).isEqualTo("规则已公布。");
        long rule = rules.earnRules(xuefu, false).stream().filter(r -> r.name().equals(ruleName)).findFirst().orElseThrow().id();

        String name = resident.displayName();
        Document search = page("/economy/communities/" + xuefu + "/volunteering?q=" + name, staff);
        assertThat(search.select("#record-form input[name=personId]").val()).isEqualTo(String.valueOf(resident.personId()));
        // a refusal: no amount
        Document refused = submit(post("/economy/communities/" + xuefu + "/volunteering").param("personId",
                String.valueOf(resident.personId())).param("ruleId", String.valueOf(rule)), staff);
        assertThat(refused.select("#error").text()).isNotEmpty();
        Document recorded = submit(post("/economy/communities/" + xuefu + "/volunteering").param("personId",
                String.valueOf(resident.personId())).param("ruleId", String.valueOf(rule)).param("amount", "2.5")
                .param("description", "早高峰路口劝导"), staff);
        assertThat(recorded.select("#done").text()).contains("已登记");
        long record = jdbc.sql("select id from economy_volunteer_record where person_id = ? and rule_id = ?")
                .params(resident.personId(), rule).query(Long.class).single();
        assertThat(recorded.select("#record-" + record).text()).contains("2.5 小时").contains("20 贝").contains("待核实");
        Document verified = submit(post("/economy/volunteering/" + record + "/verify"), staff);
        String key = verified.select("#record-" + record + " input[name=key]").val();
        Document credited = submit(post("/economy/volunteering/" + record + "/credit").param("key", key), staff);
        assertThat(credited.select("#record-" + record).text()).contains("已记分");
        // the form sent twice: the same posting, no error
        Document twice = submit(post("/economy/volunteering/" + record + "/credit").param("key", key), staff);
        assertThat(twice.select("#error")).isEmpty();
        assertThat(fixtures.balance(resident)).isEqualTo(20);

        Document points = page("/economy/points", resident);
        assertThat(points.select("#balance .big").text()).isEqualTo("20");
        assertThat(points.select(".economy-line").first().text()).contains("志愿服务获得").contains("+20 贝").contains(ruleName);

        // the other staff pages
        assertThat(page("/economy/communities/" + xuefu, staff).select("#months")).isNotEmpty();
        assertThat(page("/economy/communities/" + xuefu + "/rules", staff).select("#rule-" + rule).text()).contains("每小时 8 贝");
        Document postings = page("/economy/communities/" + xuefu + "/postings", staff);
        assertThat(postings.text()).contains("社区发放账户");
        Document accounts = page("/economy/communities/" + xuefu + "/accounts", staff);
        assertThat(accounts.select("#residents").text()).contains(name);
        // English
        MvcResult en = mvc.perform(get("/economy/points?lang=en").with(user(resident))).andReturn();
        assertThat(Jsoup.parse(en.getResponse().getContentAsString()).select("h1").text()).isEqualTo("My points");
    }
}
