package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import tools.jackson.databind.JsonNode;

@GridworkTest
class EconomyApiTests extends io.gridwork.support.ApiTestSupport {

    @Autowired
    EconomyFixtures fixtures;

    ResultActions call(MockHttpServletRequestBuilder request, GridworkUser as, String body, String key) throws Exception {
        return call(request.header("Idempotency-Key", key), as, body);
    }

    // ---- merchants ------------------------------------------------------------------------------

    @Test
    void aMerchantRegistersAndTheCommunityVerifiesBeforeAnyPayment() throws Exception {
        GridworkUser merchant = fixtures.freshMerchant();
        long xuefu = fixtures.xuefu();
        // bad input: no community, a wrong phone number
        assertThat(code(call(post("/api/economy/merchants"), merchant, "{\"name\":\"小店\"}").andExpect(status().isBadRequest())))
                .isEqualTo("field-required");
        assertThat(code(call(post("/api/economy/merchants"), merchant, """
                {"communityId":%d,"name":"小店","address":"1 号","contactName":"李","phone":"12345"}""".formatted(xuefu))
                .andExpect(status().isBadRequest()))).isEqualTo("invalid-phone");
        assertThat(count("select count(*) from economy_merchant where account_id = ?", merchant.accountId())).isZero();

        JsonNode shop = read(call(post("/api/economy/merchants"), merchant, """
                {"communityId":%d,"name":"老街面馆","address":"学府路 8 号","contactName":"张师傅","phone":"139 0000 2222"}"""
                .formatted(xuefu)).andExpect(status().isCreated()));
        long id = shop.path("id").asLong();
        assertThat(shop.path("status").asString()).isEqualTo("PENDING");
        assertThat(shop.path("phoneMasked").asString()).isEqualTo("139****2222");
        assertThat(shop.toString()).doesNotContain("13900002222");
        assertThat(jdbc.sql("select phone_enc from economy_merchant where id = ?").param(id).query(String.class).single())
                .doesNotContain("13900002222");
        // one shop per account
        assertThat(code(call(post("/api/economy/merchants"), merchant, """
                {"communityId":%d,"name":"第二家","address":"x","contactName":"y","phone":"13900002222"}""".formatted(xuefu))
                .andExpect(status().isConflict()))).isEqualTo("merchant-exists");
        // not verified yet: no payment
        assertThat(code(call(post("/api/economy/payments"), merchant, "{\"purchaseFen\":9500}").andExpect(status().isConflict())))
                .isEqualTo("merchant-not-verified");

        // the community's staff see it pending; staff of another community do not reach it
        JsonNode pending = read(call(get("/api/economy/merchants?communityId=" + xuefu + "&status=PENDING"), fixtures.staff(), null)
                .andExpect(status().isOk()));
        assertThat(pending.findValues("id").stream().map(JsonNode::asLong)).contains(id);
        GridworkUser jinchengMerchant = fixtures.freshMerchant();
        long other = read(call(post("/api/economy/merchants"), jinchengMerchant, """
                {"communityId":%d,"name":"锦城小卖部","address":"x","contactName":"y","phone":"13900003333"}"""
                .formatted(fixtures.community("锦城社区"))).andExpect(status().isCreated())).path("id").asLong();
        call(post("/api/economy/merchants/" + other + "/verify"), fixtures.staff(), null).andExpect(status().isForbidden());
        call(get("/api/economy/merchants/" + other), fixtures.staff(), null).andExpect(status().isForbidden());
        call(get("/api/economy/merchants/" + id), jinchengMerchant, null).andExpect(status().isForbidden());
        call(post("/api/economy/merchants/" + id + "/verify"), fixtures.user("resident"), null).andExpect(status().isForbidden());

        // rejected with a reason, registered again, verified
        assertThat(code(call(post("/api/economy/merchants/" + id + "/reject"), fixtures.staff(), "{}")
                .andExpect(status().isBadRequest()))).isEqualTo("reason-required");
        assertThat(read(call(post("/api/economy/merchants/" + id + "/reject"), fixtures.staff(), "{\"reason\":\"地址不清\"}")
                .andExpect(status().isOk())).path("status").asString()).isEqualTo("REJECTED");
        assertThat(read(call(post("/api/economy/merchants"), merchant, """
                {"communityId":%d,"name":"老街面馆","address":"学府路 8 号 2 号铺","contactName":"张师傅","phone":"13900002222"}"""
                .formatted(xuefu)).andExpect(status().isCreated())).path("status").asString()).isEqualTo("PENDING");
        assertThat(read(call(post("/api/economy/merchants/" + id + "/verify"), fixtures.user("street"), null)
                .andExpect(status().isOk())).path("status").asString()).isEqualTo("VERIFIED");
        assertThat(code(call(post("/api/economy/merchants/" + id + "/verify"), fixtures.staff(), null)
                .andExpect(status().isConflict()))).isEqualTo("illegal-transition");
        JsonNode mine = read(call(get("/api/economy/merchants/mine"), merchant, null).andExpect(status().isOk()));
        assertThat(mine.path("merchant").path("status").asString()).isEqualTo("VERIFIED");
        assertThat(mine.path("balance").asLong()).isZero();
    }

    // ---- earning --------------------------------------------------------------------------------

    @Test
    void onlyVerifiedVolunteeringIsCreditedOnceUnderItsPublishedRule() throws Exception {
        long xuefu = fixtures.xuefu();
        GridworkUser staff = fixtures.staff();
        GridworkUser resident = people.freshResident();
        JsonNode rule = read(call(post("/api/economy/communities/" + xuefu + "/rules"), staff,
                "{\"name\":\"垃圾分类督导 %s\",\"unit\":\"HOUR\",\"points\":10}".formatted(UUID.randomUUID()))
                .andExpect(status().isCreated()));
        long ruleId = rule.path("id").asLong();
        call(post("/api/economy/communities/" + xuefu + "/rules"), resident, "{}").andExpect(status().isForbidden());
        call(post("/api/economy/communities/" + fixtures.community("锦城社区") + "/rules"), staff,
                "{\"name\":\"x\",\"unit\":\"TASK\",\"points\":1}").andExpect(status().isForbidden());

        // a person who does not live in the community
        long outsider = jdbc.sql("""
                select min(hm.person_id) from household_member hm join household h on h.id = hm.household_id
                  join unit u on u.id = h.unit_id join building b on b.id = u.building_id join grid_node c on c.id = b.compound_id
                 where c.name = '城市花园三期' and hm.until is null""").query(Long.class).single();
        assertThat(code(call(post("/api/economy/communities/" + xuefu + "/volunteering"), staff,
                "{\"personId\":%d,\"ruleId\":%d,\"hours\":1}".formatted(outsider, ruleId)).andExpect(status().isBadRequest())))
                .isEqualTo("not-in-community");
        assertThat(code(call(post("/api/economy/communities/" + xuefu + "/volunteering"), staff,
                "{\"personId\":%d,\"ruleId\":%d,\"tasks\":1}".formatted(resident.personId(), ruleId))
                .andExpect(status().isBadRequest()))).isEqualTo("field-required");

        JsonNode record = read(call(post("/api/economy/communities/" + xuefu + "/volunteering"), staff,
                "{\"personId\":%d,\"ruleId\":%d,\"hours\":1.5,\"description\":\"北门投放点\"}".formatted(resident.personId(), ruleId))
                .andExpect(status().isCreated()));
        long id = record.path("id").asLong();
        assertThat(record.path("points").asLong()).isEqualTo(15);
        assertThat(record.path("quantity").asInt()).isEqualTo(90);
        assertThat(record.path("status").asString()).isEqualTo("RECORDED");

        // not verified: refused, nothing posted
        assertThat(code(call(post("/api/economy/volunteering/" + id + "/credit"), staff, null, "k-" + id)
                .andExpect(status().isConflict()))).isEqualTo("not-verified");
        assertThat(count("select count(*) from economy_posting where source_kind = 'VOLUNTEER_RECORD' and source_id = ?", id)).isZero();
        call(post("/api/economy/volunteering/" + id + "/verify"), staff, null).andExpect(status().isOk());
        // every posting needs a client key
        assertThat(code(call(post("/api/economy/volunteering/" + id + "/credit"), staff, null).andExpect(status().isBadRequest())))
                .isEqualTo("idempotency-key-required");
        JsonNode posting = read(call(post("/api/economy/volunteering/" + id + "/credit"), staff, null, "k-" + id)
                .andExpect(status().isCreated()));
        assertThat(posting.path("kind").asString()).isEqualTo("EARN");
        assertThat(posting.path("points").asLong()).isEqualTo(15);
        // the rule is stored with the posting
        assertThat(posting.path("earn").path("ruleId").asLong()).isEqualTo(ruleId);
        assertThat(posting.path("earn").path("unit").asString()).isEqualTo("HOUR");
        assertThat(posting.path("earn").path("points").asInt()).isEqualTo(10);
        assertThat(posting.path("earn").path("quantity").asInt()).isEqualTo(90);
        // the same key: the same posting; another key: refused
        JsonNode again = read(call(post("/api/economy/volunteering/" + id + "/credit"), staff, null, "k-" + id)
                .andExpect(status().isOk()));
        assertThat(again.path("id").asLong()).isEqualTo(posting.path("id").asLong());
        assertThat(code(call(post("/api/economy/volunteering/" + id + "/credit"), staff, null, "k2-" + id)
                .andExpect(status().isConflict()))).isEqualTo("already-credited");
        // the same key for something else
        JsonNode second = read(call(post("/api/economy/communities/" + xuefu + "/volunteering"), staff,
                "{\"personId\":%d,\"ruleId\":%d,\"hours\":2}".formatted(resident.personId(), ruleId)).andExpect(status().isCreated()));
        call(post("/api/economy/volunteering/" + second.path("id").asLong() + "/verify"), staff, null).andExpect(status().isOk());
        assertThat(code(call(post("/api/economy/volunteering/" + second.path("id").asLong() + "/credit"), staff, null, "k-" + id)
                .andExpect(status().isConflict()))).isEqualTo("idempotency-key-reused");
        assertThat(count("select count(*) from economy_posting where source_kind = 'VOLUNTEER_RECORD' and source_id = ?", id))
                .isEqualTo(1);

        JsonNode me = read(call(get("/api/economy/me"), resident, null).andExpect(status().isOk()));
        assertThat(me.path("total").asLong()).isEqualTo(15);
        assertThat(me.path("accounts").get(0).path("history").get(0).path("ruleName").asString()).startsWith("垃圾分类督导");
        assertThat(me.path("rules").findValues("id").stream().map(JsonNode::asLong)).contains(ruleId);

        // a retired rule takes no new records
        call(post("/api/economy/rules/" + ruleId + "/retire"), staff, null).andExpect(status().isOk());
        assertThat(code(call(post("/api/economy/communities/" + xuefu + "/volunteering"), staff,
                "{\"personId\":%d,\"ruleId\":%d,\"hours\":1}".formatted(resident.personId(), ruleId))
                .andExpect(status().isConflict()))).isEqualTo("rule-retired");
        fixtures.assertLedgerAgrees();
    }

    // ---- paying by QR ---------------------------------------------------------------------------

    @Test
    void aResidentPaysAMerchantByScanningItsCodeOnce() throws Exception {
        GridworkUser merchant = fixtures.verifiedMerchant();
        GridworkUser resident = fixtures.residentWith(20);
        // ¥95 takes 9 points under the default rule (3 per full ¥30)
        JsonNode view = read(call(post("/api/economy/payments"), merchant, "{\"purchaseFen\":9500}").andExpect(status().isCreated()));
        JsonNode payment = view.path("payment");
        long id = payment.path("id").asLong();
        String token = payment.path("token").asString();
        assertThat(payment.path("points").asLong()).isEqualTo(9);
        assertThat(payment.path("status").asString()).isEqualTo("OPEN");
        assertThat(payment.path("stepFen").asInt()).isEqualTo(3000);
        assertThat(view.path("payUrl").asString()).endsWith("/economy/pay/" + token);

        // the QR code, drawn on the server, carries the confirmation address
        byte[] png = mvc.perform(get(view.path("qrUrl").asString()).with(user(merchant))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(decode(png)).isEqualTo(view.path("payUrl").asString());
        // only its merchant reaches it
        call(get("/api/economy/payments/" + id), fixtures.verifiedMerchant(), null).andExpect(status().isNotFound());

        JsonNode seen = read(call(get("/api/economy/pay/" + token), resident, null).andExpect(status().isOk()));
        assertThat(seen.path("payment").path("purchaseFen").asLong()).isEqualTo(9500);
        assertThat(seen.path("balance").asLong()).isEqualTo(20);
        assertThat(seen.path("payment").path("token").asString()).isEqualTo(token);

        assertThat(code(call(post("/api/economy/pay/" + token), resident, null).andExpect(status().isBadRequest())))
                .isEqualTo("idempotency-key-required");
        JsonNode posting = read(call(post("/api/economy/pay/" + token), resident, null, "pay-" + id)
                .andExpect(status().isCreated()));
        assertThat(posting.path("kind").asString()).isEqualTo("REDEEM");
        assertThat(posting.path("points").asLong()).isEqualTo(9);
        assertThat(posting.path("redeem").path("purchaseFen").asLong()).isEqualTo(9500);
        assertThat(posting.path("redeem").path("stepPoints").asInt()).isEqualTo(3);
        // the client's retry: the same posting
        assertThat(read(call(post("/api/economy/pay/" + token), resident, null, "pay-" + id).andExpect(status().isOk()))
                .path("id").asLong()).isEqualTo(posting.path("id").asLong());
        // the code scanned again: refused, nothing changed
        GridworkUser another = fixtures.residentWith(20);
        assertThat(code(call(post("/api/economy/pay/" + token), another, null, "x-" + id).andExpect(status().isConflict())))
                .isEqualTo("payment-used");
        assertThat(code(call(post("/api/economy/pay/" + token), resident, null, "y-" + id).andExpect(status().isConflict())))
                .isEqualTo("payment-used");
        assertThat(fixtures.balance(resident)).isEqualTo(11);
        assertThat(fixtures.balance(another)).isEqualTo(20);
        assertThat(fixtures.merchantBalance(merchant)).isEqualTo(9);

        JsonNode status = read(call(get("/api/economy/payments/" + id), merchant, null).andExpect(status().isOk()));
        assertThat(status.path("payment").path("status").asString()).isEqualTo("PAID");
        // the merchant sees the payer's name masked
        assertThat(status.path("payment").path("paidByName").asString()).contains("*").isNotEqualTo(resident.displayName());
        JsonNode mine = read(call(get("/api/economy/merchants/mine"), merchant, null).andExpect(status().isOk()));
        assertThat(mine.path("balance").asLong()).isEqualTo(9);
        assertThat(mine.path("history").get(0).path("residentName").asString()).contains("*");
        fixtures.assertLedgerAgrees();
    }

    @Test
    void expiredCancelledAndTooLargePaymentsAreRefusedWithNothingChanged() throws Exception {
        GridworkUser merchant = fixtures.verifiedMerchant();
        GridworkUser resident = fixtures.residentWith(10);
        long postingsBefore = count("select count(*) from economy_posting");

        // beyond the balance: ¥300 takes 30 points
        JsonNode big = read(call(post("/api/economy/payments"), merchant, "{\"purchaseFen\":30000}").andExpect(status().isCreated()))
                .path("payment");
        ResultActions refused = call(post("/api/economy/pay/" + big.path("token").asString()), resident, null, "big")
                .andExpect(status().isConflict());
        JsonNode problem = read(refused);
        assertThat(problem.path("code").asString()).isEqualTo("insufficient-points");
        assertThat(problem.path("balance").asLong()).isEqualTo(10);
        assertThat(jdbc.sql("select status from economy_payment where id = ?").param(big.path("id").asLong()).query(String.class)
                .single()).isEqualTo("OPEN");

        // expired
        JsonNode old = read(call(post("/api/economy/payments"), merchant, "{\"purchaseFen\":3000}").andExpect(status().isCreated()))
                .path("payment");
        jdbc.sql("update economy_payment set expires_at = ? where id = ?")
                .params(java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)), old.path("id").asLong()).update();
        assertThat(code(call(post("/api/economy/pay/" + old.path("token").asString()), resident, null, "old")
                .andExpect(status().isConflict()))).isEqualTo("payment-expired");
        assertThat(read(call(get("/api/economy/payments/" + old.path("id").asLong()), merchant, null)).path("payment")
                .path("status").asString()).isEqualTo("EXPIRED");

        // cancelled
        JsonNode cancelled = read(call(post("/api/economy/payments"), merchant, "{\"purchaseFen\":3000}")
                .andExpect(status().isCreated())).path("payment");
        call(post("/api/economy/payments/" + cancelled.path("id").asLong() + "/cancel"), merchant, null).andExpect(status().isOk());
        assertThat(code(call(post("/api/economy/pay/" + cancelled.path("token").asString()), resident, null, "c")
                .andExpect(status().isConflict()))).isEqualTo("payment-cancelled");

        // unknown token; below the threshold; a bad amount
        call(post("/api/economy/pay/no-such-token"), resident, null, "u").andExpect(status().isNotFound());
        assertThat(code(call(post("/api/economy/payments"), merchant, "{\"purchaseFen\":2999}").andExpect(status().isBadRequest())))
                .isEqualTo("below-threshold");
        assertThat(code(call(post("/api/economy/payments"), merchant, "{\"purchaseFen\":-5}").andExpect(status().isBadRequest())))
                .isEqualTo("invalid-amount");
        // a resident whose sign-up is not confirmed has no points
        assertThat(count("select count(*) from economy_posting")).isEqualTo(postingsBefore);
        assertThat(fixtures.balance(resident)).isEqualTo(10);
        assertThat(fixtures.merchantBalance(merchant)).isZero();
        fixtures.assertLedgerAgrees();
    }

    // ---- corrections, rules and the report ------------------------------------------------------

    @Test
    void correctionsAreReversalsUnderTheSameGuardAndTheReportAddsUp() throws Exception {
        GridworkUser staff = fixtures.staff();
        GridworkUser merchant = fixtures.verifiedMerchant();
        GridworkUser resident = fixtures.residentWith(0);
        long earning = fixtures.credit(resident, 12).id();
        // spend 6 of the 12
        String token = read(call(post("/api/economy/payments"), merchant, "{\"purchaseFen\":6000}")).path("payment").path("token")
                .asString();
        long redemption = read(call(post("/api/economy/pay/" + token), resident, null, "r-" + token).andExpect(status().isCreated()))
                .path("id").asLong();
        // the earning cannot be reversed whole: 6 of its points are spent
        assertThat(code(call(post("/api/economy/postings/" + earning + "/reverse"), staff, "{\"reason\":\"重复登记\"}", "rev-" + earning)
                .andExpect(status().isConflict()))).isEqualTo("insufficient-points");
        assertThat(code(call(post("/api/economy/postings/" + earning + "/reverse"), staff, "{}", "rev2-" + earning)
                .andExpect(status().isBadRequest()))).isEqualTo("reason-required");
        // the redemption is reversed (a refund), then the earning can be
        JsonNode refund = read(call(post("/api/economy/postings/" + redemption + "/reverse"), staff, "{\"reason\":\"退货\"}",
                "rev-" + redemption).andExpect(status().isCreated()));
        assertThat(refund.path("kind").asString()).isEqualTo("REVERSAL");
        assertThat(refund.path("reversesKind").asString()).isEqualTo("REDEEM");
        assertThat(code(call(post("/api/economy/postings/" + redemption + "/reverse"), staff, "{\"reason\":\"再来\"}",
                "rev3-" + redemption).andExpect(status().isConflict()))).isEqualTo("already-reversed");
        assertThat(code(call(post("/api/economy/postings/" + refund.path("id").asLong() + "/reverse"), staff,
                "{\"reason\":\"x\"}", "rev4").andExpect(status().isConflict()))).isEqualTo("cannot-reverse-reversal");
        assertThat(fixtures.balance(resident)).isEqualTo(12);
        assertThat(fixtures.merchantBalance(merchant)).isZero();
        // a write-off moves points to the expiry account
        long account = jdbc.sql("select id from economy_account where kind = 'RESIDENT' and owner_id = ?").param(resident.personId())
                .query(Long.class).single();
        assertThat(code(call(post("/api/economy/accounts/" + account + "/write-off"), staff, "{\"points\":13,\"reason\":\"迁出\"}",
                "wo-" + account).andExpect(status().isConflict()))).isEqualTo("insufficient-points");
        call(post("/api/economy/accounts/" + account + "/write-off"), staff, "{\"points\":2,\"reason\":\"迁出\"}", "wo2-" + account)
                .andExpect(status().isCreated());
        assertThat(fixtures.balance(resident)).isEqualTo(10);
        call(post("/api/economy/accounts/" + account + "/write-off"), fixtures.user("worker"), "{\"points\":1,\"reason\":\"x\"}", "w")
                .andExpect(status().isForbidden());

        // the ledger: entries are never changed
        assertThatThrownBy(() -> jdbc.sql("update economy_entry set amount = amount + 1 where posting_id = ?").param(earning).update())
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> jdbc.sql("delete from economy_posting where id = ?").param(earning).update())
                .isInstanceOf(DataAccessException.class);

        // the report: in circulation is what residents and merchants hold, and what was issued less written off
        long xuefu = fixtures.xuefu();
        JsonNode report = read(call(get("/api/economy/communities/" + xuefu + "/circulation"), staff, null).andExpect(status().isOk()));
        long inCirculation = report.path("inCirculation").asLong();
        assertThat(inCirculation).isEqualTo(report.path("heldByResidents").asLong() + report.path("heldByMerchants").asLong());
        assertThat(inCirculation).isEqualTo(report.path("issued").asLong() - report.path("expired").asLong());
        long issuedByEntries = -count("""
                select coalesce(sum(e.amount), 0) from economy_entry e join economy_account a on a.id = e.account_id
                 where a.kind = 'ISSUER' and a.community_id = ?""", xuefu);
        long expiredByEntries = count("""
                select coalesce(sum(e.amount), 0) from economy_entry e join economy_account a on a.id = e.account_id
                 where a.kind = 'EXPIRY' and a.community_id = ?""", xuefu);
        assertThat(report.path("issued").asLong()).isEqualTo(issuedByEntries);
        assertThat(report.path("expired").asLong()).isEqualTo(expiredByEntries);
        JsonNode month = report.path("months").get(0);
        assertThat(month.path("inCirculation").asLong()).isEqualTo(inCirculation);
        call(get("/api/economy/communities/" + xuefu + "/circulation"), fixtures.user("worker"), null).andExpect(status().isForbidden());
        call(get("/api/economy/communities/" + fixtures.community("锦城社区") + "/circulation"), staff, null)
                .andExpect(status().isForbidden());
        JsonNode holders = read(call(get("/api/economy/communities/" + xuefu + "/accounts"), staff, null).andExpect(status().isOk()));
        assertThat(holders.findValues("accountId").stream().map(JsonNode::asLong)).contains(account);
        fixtures.assertLedgerAgrees();
    }

    @Test
    void theRedemptionRuleIsTheCommunitysAndStoredWithEachPayment() throws Exception {
        // 锦城社区, so that other tests keep 学府社区's default rule
        long jincheng = fixtures.community("锦城社区");
        GridworkUser street = fixtures.user("street");
        assertThat(code(call(put("/api/economy/communities/" + jincheng + "/redemption-rule"), street,
                "{\"stepFen\":1000,\"stepPoints\":20,\"fenPerPoint\":100}").andExpect(status().isBadRequest())))
                .isEqualTo("invalid-redeem-rule");
        call(put("/api/economy/communities/" + jincheng + "/redemption-rule"), fixtures.staff(),
                "{\"stepFen\":5000,\"stepPoints\":5,\"fenPerPoint\":100}").andExpect(status().isForbidden());
        JsonNode rule = read(call(put("/api/economy/communities/" + jincheng + "/redemption-rule"), street,
                "{\"stepFen\":5000,\"stepPoints\":5,\"fenPerPoint\":50}").andExpect(status().isOk()));
        assertThat(rule.path("stepFen").asInt()).isEqualTo(5000);
        JsonNode rules = read(call(get("/api/economy/communities/" + jincheng + "/rules"), fixtures.user("resident"), null)
                .andExpect(status().isOk()));
        assertThat(rules.path("redeemRule").path("stepPoints").asInt()).isEqualTo(5);
        // 学府社区 keeps the default
        assertThat(read(call(get("/api/economy/communities/" + fixtures.xuefu() + "/rules"), fixtures.user("merchant"), null))
                .path("redeemRule").path("stepFen").asInt()).isEqualTo(3000);
    }

    static String decode(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        var source = new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels);
        // the PNG holds nothing but the code: read it as a pure barcode (the finder-pattern search of the general
        // reader misses about one random token in three hundred)
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
