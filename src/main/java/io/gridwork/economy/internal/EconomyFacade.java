package io.gridwork.economy.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gridwork.economy.EconomyApi;
import io.gridwork.shared.security.GridworkUser;

@Service
class EconomyFacade implements EconomyApi {

    private final Merchants merchants;
    private final Rules rules;
    private final Volunteering volunteering;
    private final Payments payments;
    private final Activities activities;
    private final JdbcClient jdbc;
    private final Funds funds;
    private final FundDonations donations;
    private final FundExpenses expenses;

    EconomyFacade(Merchants merchants, Rules rules, Volunteering volunteering, Payments payments, Activities activities,
            JdbcClient jdbc, Funds funds, FundDonations donations, FundExpenses expenses) {
        this.activities = activities;
        this.jdbc = jdbc;
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
    public boolean hasNoActivities() {
        return jdbc.sql("select count(*) from economy_activity").query(Long.class).single() == 0;
    }

    @Override
    public Optional<Long> earnRule(long communityId, String name) {
        return rules.earnRules(communityId, false).stream().filter(r -> r.name().equals(name)).map(Rules.EarnRule::id).findFirst();
    }

    @Override
    public long planActivity(long communityId, ActivityPlan p, Instant at, GridworkUser organiser) {
        Activities.Unit signup = p.perHousehold() ? Activities.Unit.HOUSEHOLD : Activities.Unit.PERSON;
        Activities.Unit capacity = p.countHouseholds() ? Activities.Unit.HOUSEHOLD : Activities.Unit.PERSON;
        return activities.create(communityId, new Activities.NewActivity(p.gridId(), Activities.Kind.valueOf(p.kind()), p.title(),
                p.place(), p.description(), p.startsAt(), p.endsAt(), p.capacity(), signup, capacity, p.earnRuleId()), at, organiser)
                .id();
    }

    @Override
    public long signUp(long activityId, List<Long> memberIds, Instant at, GridworkUser resident) {
        return activities.signUp(activityId, memberIds, at, resident).id();
    }

    @Override
    public void attend(long activityId, long personId, Instant checkedIn, Instant checkedOut, String clientKey,
            GridworkUser organiser) {
        activities.checkIn(activityId, personId, checkedIn, organiser);
        activities.checkOut(activityId, personId, checkedOut, organiser);
        activities.verify(activityId, personId, checkedOut, organiser);
        activities.credit(activityId, personId, clientKey, organiser);
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
