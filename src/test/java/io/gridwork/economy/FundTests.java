package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.economy.internal.FundDonations;
import io.gridwork.economy.internal.FundExpenses;
import io.gridwork.economy.internal.FundLedger;
import io.gridwork.economy.internal.FundStatement;
import io.gridwork.economy.internal.Funds;
import io.gridwork.economy.internal.Ledger;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The micro-fund: donations with receipts, the committee's N of M approvals, the refusals that change nothing. */
@GridworkTest
class FundTests {

    @Autowired
    FundFixtures fixtures;
    @Autowired
    EconomyFixtures economy;
    @Autowired
    TestPeople people;
    @Autowired
    Funds funds;
    @Autowired
    FundDonations donations;
    @Autowired
    FundExpenses expenses;
    @Autowired
    FundStatement statement;
    @Autowired
    Ledger points;
    @Autowired
    JdbcClient jdbc;

    static String code(Throwable t) {
        return ((ProblemException) t).code();
    }

    long fundPostings(FundFixtures.Place p) {
        return jdbc.sql("select count(*) from economy_fund_posting where fund_id = ?").param(funds.fundId(p.communityId()).orElseThrow())
                .query(Long.class).single();
    }

    @Test
    void donationsGetReceiptNumbersAndAreIdempotent() {
        var p = fixtures.place(2, 2);
        FundLedger.Posting first = fixtures.give(p, 10_000);
        FundLedger.Posting second = fixtures.give(p, 2_550);
        assertThat(first.receiptNo()).matches("JZ\\d{6}-0001");
        assertThat(second.receiptNo()).matches("JZ\\d{6}-0002");
        String key = "same-" + UUID.randomUUID();
        var in = new FundDonations.NewDonation(FundLedger.AccountKind.COMMUNITY, null, null, 500L, null, null);
        var once = donations.record(p.communityId(), in, key, p.staff());
        var again = donations.record(p.communityId(), in, key, p.staff());
        assertThat(again.id()).isEqualTo(once.id());
        assertThat(again.replayed()).isTrue();
        assertThat(fixtures.balance(p)).isEqualTo(13_050);
        fixtures.assertLedgerAgrees();
    }

    @Test
    void badDonationsAreRefusedAndChangeNothing() {
        var p = fixtures.place(2, 2);
        long shop = fixtures.shopWithPoints(p, 0);
        for (long fen : new long[] {0, -100}) {
            assertThatThrownBy(() -> donations.record(p.communityId(), new FundDonations.NewDonation(FundLedger.AccountKind.MERCHANT,
                    shop, null, fen, null, null), "k-" + UUID.randomUUID(), p.staff())).extracting(FundTests::code)
                    .isEqualTo("invalid-amount");
        }
        // a shop of another community, and a resident who does not live here
        long otherShop = economy.shopOf(economy.verifiedMerchant());
        assertThatThrownBy(() -> donations.record(p.communityId(), new FundDonations.NewDonation(FundLedger.AccountKind.MERCHANT,
                otherShop, null, 100L, null, null), "k-" + UUID.randomUUID(), p.staff())).extracting(FundTests::code)
                .isEqualTo("unknown-merchant");
        GridworkUser elsewhere = people.freshResident();
        assertThatThrownBy(() -> donations.record(p.communityId(), new FundDonations.NewDonation(FundLedger.AccountKind.RESIDENT,
                null, elsewhere.personId(), 100L, null, null), "k-" + UUID.randomUUID(), p.staff())).extracting(FundTests::code)
                .isEqualTo("unknown-person");
        // the community's staff record donations; a committee member who is not staff does not
        assertThatThrownBy(() -> donations.record(p.communityId(), new FundDonations.NewDonation(FundLedger.AccountKind.COMMUNITY,
                null, null, 100L, null, null), "k-" + UUID.randomUUID(), p.members().get(0)))
                .isInstanceOf(ProblemException.class).extracting(e -> ((ProblemException) e).status().value()).isEqualTo(403);
        assertThat(fundPostings(p)).isZero();
    }

    @Test
    void aMerchantDonationShowsInTheMerchantsHistoryAndResidentsSeeDonorNamesMasked() {
        GridworkUser merchant = economy.verifiedMerchant();
        long shop = economy.shopOf(merchant);
        GridworkUser staff = economy.staff();
        long xuefu = economy.xuefu();
        var posting = donations.record(xuefu, new FundDonations.NewDonation(FundLedger.AccountKind.MERCHANT, shop, null, 30_000L, null,
                "测试捐赠"), "m-" + UUID.randomUUID(), staff);
        assertThat(donations.ofMerchant(merchant)).extracting(FundLedger.Posting::id).containsExactly(posting.id());

        GridworkUser donor = economy.residentWith(0);
        var fromResident = donations.record(xuefu, new FundDonations.NewDonation(FundLedger.AccountKind.RESIDENT, null, donor.personId(),
                1_000L, null, null), "r-" + UUID.randomUUID(), staff);
        String fullName = fromResident.donorName();
        GridworkUser reader = people.freshResident();
        var forResident = statement.statement(xuefu, null, reader);
        assertThat(forResident.namesMasked()).isTrue();
        assertThat(forResident.donations()).filteredOn(d -> d.postingId() == fromResident.id()).singleElement()
                .satisfies(d -> assertThat(d.donorName()).isNotEqualTo(fullName).startsWith(fullName.substring(0, 1)));
        assertThat(forResident.donations()).filteredOn(d -> d.postingId() == posting.id()).singleElement()
                .satisfies(d -> assertThat(d.donorName()).startsWith("测试小店"));
        var forStaff = statement.statement(xuefu, null, staff);
        assertThat(forStaff.donations()).filteredOn(d -> d.postingId() == fromResident.id()).singleElement()
                .satisfies(d -> assertThat(d.donorName()).isEqualTo(fullName));
        // a resident of another community does not read this one
        var place = fixtures.place(1, 1);
        assertThatThrownBy(() -> statement.statement(place.communityId(), null, reader))
                .extracting(e -> ((ProblemException) e).status().value()).isEqualTo(403);
    }

    @Test
    void anExpenseIsPaidWhenNDistinctMembersApproved() {
        var p = fixtures.place(3, 2);
        fixtures.give(p, 50_000);
        GridworkUser a = p.members().get(0);
        GridworkUser b = p.members().get(1);
        GridworkUser c = p.members().get(2);
        var e = fixtures.propose(p, 12_000, a);
        assertThat(e.status()).isEqualTo(FundExpenses.Status.PROPOSED);

        // the proposer cannot approve their own
        assertThatThrownBy(() -> expenses.approve(e.id(), a)).extracting(FundTests::code).isEqualTo("own-expense");
        // posting before N approvals is refused
        assertThatThrownBy(() -> expenses.post(e.id(), p.staff())).extracting(FundTests::code).isEqualTo("expense-not-approved");
        var once = expenses.approve(e.id(), b);
        assertThat(once.status()).isEqualTo(FundExpenses.Status.PROPOSED);
        assertThat(once.approvals()).isEqualTo(1);
        // approving twice is refused
        assertThatThrownBy(() -> expenses.approve(e.id(), b)).extracting(FundTests::code).isEqualTo("already-decided");
        // someone outside the committee: as if the expense did not exist (not staff), or 403 (the community's staff)
        GridworkUser outsider = fixtures.account("fo-" + UUID.randomUUID().toString().substring(0, 8), "局外人", Role.OWNERS_COMMITTEE,
                p.communityId());
        assertThatThrownBy(() -> expenses.approve(e.id(), outsider)).extracting(x -> ((ProblemException) x).status().value())
                .isEqualTo(404);
        assertThatThrownBy(() -> expenses.approve(e.id(), p.staff())).extracting(x -> ((ProblemException) x).status().value())
                .isEqualTo(403);
        assertThat(fixtures.balance(p)).isEqualTo(50_000);

        var paid = expenses.approve(e.id(), c);
        assertThat(paid.status()).isEqualTo(FundExpenses.Status.PAID);
        assertThat(paid.postingId()).isNotNull();
        assertThat(fixtures.balance(p)).isEqualTo(38_000);
        assertThatThrownBy(() -> expenses.post(e.id(), p.staff())).extracting(FundTests::code).isEqualTo("expense-paid");

        var s = statement.statement(p.communityId(), null, p.staff());
        assertThat(s.outFen()).isEqualTo(12_000);
        assertThat(s.purposes()).extracting(FundStatement.PurposeLine::purpose).containsExactly(FundExpenses.Purpose.CLEANUP);
        assertThat(s.expenses()).singleElement().satisfies(x -> assertThat(x.votes()).hasSize(2));
        fixtures.assertLedgerAgrees();
    }

    @Test
    void aRejectionWithAReasonEndsTheExpense() {
        var p = fixtures.place(3, 2);
        fixtures.give(p, 5_000);
        var e = fixtures.propose(p, 1_000, p.staff());
        assertThatThrownBy(() -> expenses.reject(e.id(), " ", p.members().get(0))).extracting(FundTests::code)
                .isEqualTo("reason-required");
        var rejected = expenses.reject(e.id(), "票据与事项不符", p.members().get(0));
        assertThat(rejected.status()).isEqualTo(FundExpenses.Status.REJECTED);
        assertThat(rejected.rejectReason()).isEqualTo("票据与事项不符");
        assertThatThrownBy(() -> expenses.approve(e.id(), p.members().get(1))).extracting(FundTests::code)
                .isEqualTo("expense-rejected");
        assertThat(fixtures.balance(p)).isEqualTo(5_000);
    }

    @Test
    void anExpenseBeyondTheBalanceOrWithoutAReceiptIsRefused() {
        var p = fixtures.place(2, 1);
        fixtures.give(p, 1_000);
        assertThatThrownBy(() -> fixtures.propose(p, 1_001, p.staff())).extracting(FundTests::code).isEqualTo("fund-insufficient");
        assertThatThrownBy(() -> fixtures.propose(p, 0, p.staff())).extracting(FundTests::code).isEqualTo("invalid-amount");
        assertThatThrownBy(() -> expenses.propose(p.communityId(), new FundExpenses.NewExpense(FundExpenses.Purpose.ACTIVITY, "活动",
                null, 100L, null, null), null, "k-" + UUID.randomUUID(), p.staff())).extracting(FundTests::code)
                .isEqualTo("receipt-required");
        assertThatThrownBy(() -> expenses.propose(p.communityId(), new FundExpenses.NewExpense(FundExpenses.Purpose.ACTIVITY, "活动",
                null, 100L, null, null), new FundExpenses.Receipt("x.jpg", "not an image".getBytes()), "k-" + UUID.randomUUID(),
                p.staff())).extracting(FundTests::code).isEqualTo("not-an-image");
        assertThat(jdbc.sql("select count(*) from economy_fund_expense where fund_id = ?")
                .param(funds.fundId(p.communityId()).orElseThrow()).query(Long.class).single()).isZero();

        // two proposals within the balance, together beyond it: the second payment is refused, nothing changes
        var first = fixtures.propose(p, 700, p.staff());
        var second = fixtures.propose(p, 700, p.staff());
        expenses.approve(first.id(), p.members().get(0));
        assertThatThrownBy(() -> expenses.approve(second.id(), p.members().get(0))).extracting(FundTests::code)
                .isEqualTo("fund-insufficient");
        assertThat(expenses.get(second.id(), p.staff()).votes()).isEmpty();
        assertThat(fixtures.balance(p)).isEqualTo(300);
    }

    @Test
    void aBuyBackRetiresTheMerchantsPointsAndIsRefusedBeyondThem() {
        var p = fixtures.place(2, 1);
        fixtures.give(p, 10_000);
        long shop = fixtures.shopWithPoints(p, 30);
        funds.settings(p.communityId(), new Funds.Settings(1, 80), p.staff());
        assertThatThrownBy(() -> expenses.propose(p.communityId(), new FundExpenses.NewExpense(FundExpenses.Purpose.BUYBACK, "回购",
                null, null, shop, 31L), FundFixtures.receipt(), "k-" + UUID.randomUUID(), p.staff())).extracting(FundTests::code)
                .isEqualTo("insufficient-points");
        var e = expenses.propose(p.communityId(), new FundExpenses.NewExpense(FundExpenses.Purpose.BUYBACK, "回购十月积分", null,
                999_999L, shop, 25L), FundFixtures.receipt(), "k-" + UUID.randomUUID(), p.staff());
        assertThat(e.amountFen()).isEqualTo(25 * 80);
        var paid = expenses.approve(e.id(), p.members().get(1));
        assertThat(paid.status()).isEqualTo(FundExpenses.Status.PAID);
        assertThat(fixtures.shopPoints(p, shop)).isEqualTo(5);
        assertThat(fixtures.balance(p)).isEqualTo(10_000 - 2_000);
        assertThat(points.bySourceKey("buyback:FUND_EXPENSE:" + e.id())).get()
                .satisfies(x -> assertThat(x.kind()).isEqualTo(Ledger.PostingKind.EXPIRE));

        // a buy-back beyond what the shop holds when the approval comes: refused, neither ledger changes
        var again = expenses.propose(p.communityId(), new FundExpenses.NewExpense(FundExpenses.Purpose.BUYBACK, "回购", null, null,
                shop, 5L), FundFixtures.receipt(), "k-" + UUID.randomUUID(), p.staff());
        var third = expenses.propose(p.communityId(), new FundExpenses.NewExpense(FundExpenses.Purpose.BUYBACK, "回购", null, null,
                shop, 5L), FundFixtures.receipt(), "k-" + UUID.randomUUID(), p.staff());
        expenses.approve(again.id(), p.members().get(0));
        assertThatThrownBy(() -> expenses.approve(third.id(), p.members().get(0))).extracting(FundTests::code)
                .isEqualTo("insufficient-points");
        assertThat(fixtures.shopPoints(p, shop)).isZero();
        assertThat(fixtures.balance(p)).isEqualTo(10_000 - 2_400);
        economy.assertLedgerAgrees();
        fixtures.assertLedgerAgrees();
    }

    @Test
    void theCommitteeIsMadeOfEligibleAccountsOfTheCommunity() {
        var p = fixtures.place(1, 1);
        GridworkUser resident = people.freshResident();
        assertThatThrownBy(() -> funds.designate(p.communityId(), resident.username(), p.staff())).extracting(FundTests::code)
                .isEqualTo("not-eligible");
        // the demo's owners committee works in 学府憬城, not in this community
        assertThatThrownBy(() -> funds.designate(p.communityId(), "owners", p.staff())).extracting(FundTests::code)
                .isEqualTo("not-eligible");
        assertThatThrownBy(() -> funds.designate(p.communityId(), "nobody-" + UUID.randomUUID(), p.staff())).extracting(FundTests::code)
                .isEqualTo("unknown-account");
        assertThatThrownBy(() -> funds.designate(p.communityId(), p.members().get(0).username(), p.staff()))
                .extracting(FundTests::code).isEqualTo("member-exists");
        assertThatThrownBy(() -> funds.settings(p.communityId(), new Funds.Settings(0, 100), p.staff())).extracting(FundTests::code)
                .isEqualTo("invalid-approvals");
        var fund = funds.remove(p.communityId(), p.members().get(0).accountId(), p.staff());
        assertThat(fund.members()).isEmpty();
        assertThat(funds.ofMember(p.members().get(0).accountId())).isEmpty();
    }

    @Test
    void theLedgerIsAppendOnlyAndCorrectedByReversal() {
        var p = fixtures.place(1, 1);
        var donation = fixtures.give(p, 2_000);
        assertThatThrownBy(() -> jdbc.sql("update economy_fund_posting set amount_fen = 1 where id = ?").param(donation.id()).update())
                .isNotNull();
        assertThatThrownBy(() -> jdbc.sql("delete from economy_fund_entry where posting_id = ?").param(donation.id()).update())
                .isNotNull();
        // the money was spent: the donation cannot be reversed below zero
        var e = fixtures.propose(p, 1_500, p.staff());
        expenses.approve(e.id(), p.members().get(0));
        assertThatThrownBy(() -> donations.reverse(donation.id(), "录入错误", "rev-" + UUID.randomUUID(), p.staff()))
                .extracting(FundTests::code).isEqualTo("fund-insufficient");
        var expensePosting = expenses.get(e.id(), p.staff()).postingId();
        var back = donations.reverse(expensePosting, "活动取消，款项退回", "rev-" + UUID.randomUUID(), p.staff());
        assertThat(back.kind()).isEqualTo(FundLedger.PostingKind.REVERSAL);
        var reversed = donations.reverse(donation.id(), "录入错误", "rev-" + UUID.randomUUID(), p.staff());
        assertThat(reversed.reversesId()).isEqualTo(donation.id());
        assertThat(fixtures.balance(p)).isZero();
        assertThatThrownBy(() -> donations.reverse(donation.id(), "again", "rev-" + UUID.randomUUID(), p.staff()))
                .extracting(FundTests::code).isEqualTo("already-reversed");
        var s = statement.statement(p.communityId(), null, p.staff());
        assertThat(s.inFen()).isZero();
        assertThat(s.outFen()).isZero();
        fixtures.assertLedgerAgrees();
    }

    @Test
    void theStatementIsByMonthAndTheMonthIsChecked() {
        assertThat(FundStatement.month("2026-11")).isEqualTo(202611);
        assertThat(FundStatement.month(null)).isNull();
        for (String bad : List.of("2026-13", "11/2026", "2026-1")) {
            assertThatThrownBy(() -> FundStatement.month(bad)).extracting(FundTests::code).isEqualTo("invalid-month");
        }
        var p = fixtures.place(1, 1);
        fixtures.give(p, 3_000);
        var all = statement.statement(p.communityId(), null, p.staff());
        assertThat(all.months()).singleElement().satisfies(m -> {
            assertThat(m.inFen()).isEqualTo(3_000);
            assertThat(m.endBalanceFen()).isEqualTo(3_000);
        });
        var month = statement.statement(p.communityId(), all.months().get(0).month(), p.staff());
        assertThat(month.inFen()).isEqualTo(3_000);
        assertThat(statement.statement(p.communityId(), 201001, p.staff()).inFen()).isZero();
    }
}
