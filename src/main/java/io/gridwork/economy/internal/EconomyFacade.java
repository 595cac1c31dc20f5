package io.gridwork.economy.internal;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.springframework.stereotype.Service;

import io.gridwork.economy.EconomyApi;
import io.gridwork.shared.security.GridworkUser;

@Service
class EconomyFacade implements EconomyApi {

    private final Merchants merchants;
    private final Rules rules;
    private final Volunteering volunteering;
    private final Payments payments;
    private final Funds funds;
    private final FundDonations donations;
    private final FundExpenses expenses;

    EconomyFacade(Merchants merchants, Rules rules, Volunteering volunteering, Payments payments, Funds funds,
            FundDonations donations, FundExpenses expenses) {
        this.funds = funds;
        this.donations = donations;
        this.expenses = expenses;
        this.merchants = merchants;
        this.rules = rules;
        this.volunteering = volunteering;
        this.payments = payments;
    }

    @Override
    public boolean hasNoMerchants() {
        return merchants.count() == 0;
    }

    @Override
    public long registerMerchant(long communityId, String name, String address, String contactName, String phone,
            GridworkUser merchant) {
        return merchants.register(new Merchants.NewMerchant(communityId, name, address, contactName, phone), merchant).id();
    }

    @Override
    public void verifyMerchant(long merchantId, GridworkUser staff) {
        merchants.verify(merchantId, staff);
    }

    @Override
    public long publishEarnRule(long communityId, String name, String unit, int points, GridworkUser staff) {
        return rules.publish(communityId, new Rules.NewEarnRule(name, Rules.Unit.valueOf(unit), points), staff).id();
    }

    @Override
    public long creditVolunteering(long communityId, long personId, long ruleId, LocalDate servedOn, int quantity,
            String description, String clientKey, GridworkUser staff) {
        Rules.EarnRule rule = rules.earnRule(ruleId).orElseThrow();
        var in = rule.unit() == Rules.Unit.HOUR
                ? new Volunteering.NewRecord(personId, ruleId, servedOn, BigDecimal.valueOf(quantity).divide(BigDecimal.valueOf(60),
                        2, java.math.RoundingMode.HALF_UP), null, description)
                : new Volunteering.NewRecord(personId, ruleId, servedOn, null, quantity, description);
        long record = volunteering.record(communityId, in, staff).id();
        volunteering.verify(record, staff);
        return volunteering.credit(record, clientKey, staff).id();
    }

    @Override
    public String requestPayment(long purchaseFen, GridworkUser merchant) {
        return payments.request(new Payments.NewPayment(purchaseFen), merchant).token();
    }

    @Override
    public long confirmPayment(String token, String clientKey, GridworkUser resident) {
        return payments.confirm(token, clientKey, resident).id();
    }

    @Override
    public boolean hasNoFund(long communityId) {
        return funds.fundId(communityId).isEmpty();
    }

    @Override
    public java.util.Optional<Long> shopOf(long merchantAccountId) {
        return merchants.ofAccount(merchantAccountId).map(Merchants.Merchant::id);
    }

    @Override
    public void setUpFund(long communityId, int approvalsNeeded, java.util.List<String> members, GridworkUser staff) {
        Funds.Fund fund = funds.forStaff(communityId, staff);
        funds.settings(communityId, new Funds.Settings(approvalsNeeded, fund.buybackFenPerPoint()), staff);
        members.forEach(m -> funds.designate(communityId, m, staff));
    }

    @Override
    public String donateToFund(long communityId, long merchantId, long amountFen, LocalDate receivedOn, String note,
            String clientKey, GridworkUser staff) {
        return donations.record(communityId, new FundDonations.NewDonation(FundLedger.AccountKind.MERCHANT, merchantId, null,
                amountFen, receivedOn, note), clientKey, staff).receiptNo();
    }

    @Override
    public long proposeExpense(long communityId, String purpose, String title, String description, long amountFen,
            byte[] receipt, String clientKey, GridworkUser proposer) {
        return expenses.propose(communityId, new FundExpenses.NewExpense(FundExpenses.Purpose.valueOf(purpose), title, description,
                amountFen, null, null), new FundExpenses.Receipt("receipt.png", receipt), clientKey, proposer).id();
    }

    @Override
    public void approveExpense(long expenseId, GridworkUser member) {
        expenses.approve(expenseId, member);
    }
}
