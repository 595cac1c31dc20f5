package io.gridwork.transparency.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.transparency.TransparencyApi;

@Component
class TransparencyFacade implements TransparencyApi {

    private final Contracts contracts;
    private final Reports reports;
    private final TrustLedger trust;

    private final Rankings rankings;
    private final MicroProjects micro;

    TransparencyFacade(Contracts contracts, Reports reports, TrustLedger trust, Rankings rankings, MicroProjects micro) {
        this.rankings = rankings;
        this.micro = micro;
        this.contracts = contracts;
        this.reports = reports;
        this.trust = trust;
    }

    @Override
    public boolean hasNoReports() {
        return reports.none();
    }

    @Override
    @Transactional
    public long contract(long compoundId, String companyName, LocalDate startsOn, LocalDate endsOn, long feeFenPerM2,
            GridworkUser staff) {
        long id = contracts.create(new Contracts.NewContract(compoundId, null, companyName, null, startsOn, endsOn, feeFenPerM2),
                staff).id();
        for (Contracts.HandoverItem item : Contracts.HandoverItem.values()) {
            contracts.tick(id, item, staff);
        }
        return id;
    }

    @Override
    @Transactional
    public long submitServiceReport(long compoundId, int year, int quarter, String summary, Map<String, String> sections,
            GridworkUser property) {
        long id = reports.create(new Reports.NewReport(compoundId, Reports.Kind.SERVICE, year, quarter), property).id();
        List<Reports.ServiceText> texts = sections.entrySet().stream()
                .map(e -> new Reports.ServiceText(Reports.Section.valueOf(e.getKey()), e.getValue())).toList();
        reports.save(id, new Reports.Content(summary, texts, null, null, null), property);
        return reports.submit(id, property).id();
    }

    @Override
    @Transactional
    public long submitFinanceReport(long compoundId, int year, int quarter, String summary, List<Line> lines, GridworkUser property) {
        long id = reports.create(new Reports.NewReport(compoundId, Reports.Kind.FINANCE, year, quarter), property).id();
        List<Reports.FinanceLine> in = lines.stream()
                .map(l -> new Reports.FinanceLine(Reports.Category.valueOf(l.category()), l.description(), l.amountFen())).toList();
        long income = in.stream().filter(l -> l.category().income).mapToLong(Reports.FinanceLine::amountFen).sum();
        long expense = in.stream().filter(l -> !l.category().income).mapToLong(Reports.FinanceLine::amountFen).sum();
        reports.save(id, new Reports.Content(summary, null, in, income, expense), property);
        return reports.submit(id, property).id();
    }

    @Override
    @Transactional
    public void approve(long reportId, GridworkUser owners) {
        reports.approve(reportId, owners);
    }

    @Override
    @Transactional
    public void datePublished(long reportId, java.time.Instant submittedAt, java.time.Instant publishedAt) {
        reports.datePublished(reportId, submittedAt, publishedAt);
    }

    @Override
    public long bookTrust(long compoundId, String account, long amountFen, LocalDate bookedOn, String description, String receipt,
            GridworkUser property) {
        TrustLedger.Account a = TrustLedger.Account.valueOf(account);
        boolean in = Boolean.TRUE.equals(a.income);
        return trust.post(compoundId, new TrustLedger.NewPosting(bookedOn, description, receipt, List.of(
                new TrustLedger.EntryIn(TrustLedger.Account.BANK, in ? TrustLedger.Side.DEBIT : TrustLedger.Side.CREDIT, amountFen),
                new TrustLedger.EntryIn(a, in ? TrustLedger.Side.CREDIT : TrustLedger.Side.DEBIT, amountFen))), property).id();
    }

    @Override
    public boolean hasNoRankings() {
        return rankings.none();
    }

    @Override
    public long computeRanking(long streetId, int year, int quarter, String reason, GridworkUser street) {
        return rankings.compute(new Rankings.Compute(streetId, year, quarter, reason), street).id();
    }

    @Override
    public void publishRanking(long rankingId, GridworkUser street) {
        rankings.publish(rankingId, street);
    }

    @Override
    public boolean hasNoMicroRounds() {
        return micro.none();
    }

    @Override
    public void openMicroRound(long communityId, int year, long budgetFen, GridworkUser staff) {
        micro.budget(communityId, year, budgetFen, staff);
    }

    @Override
    public long proposeMicroProject(long communityId, int year, String title, String description, long estimateFen,
            GridworkUser resident) {
        return micro.propose(new MicroProjects.NewProject(communityId, year, title, description, estimateFen), resident).id();
    }

    @Override
    public void moveMicroPhase(long communityId, int year, String phase, GridworkUser staff) {
        micro.phase(communityId, year, MicroProjects.Phase.valueOf(phase), staff);
    }

    @Override
    public void chooseMicroProject(long projectId, GridworkUser resident) {
        micro.choose(projectId, resident);
    }

    @Override
    public void selectMicroProject(long projectId, long allocatedFen, GridworkUser staff) {
        micro.select(projectId, allocatedFen, staff);
    }

    @Override
    public void spendOnMicroProject(long projectId, long amountFen, LocalDate spentOn, String description, String receipt,
            GridworkUser staff) {
        micro.spend(projectId, new MicroProjects.NewSpend(amountFen, spentOn, description, receipt), staff);
    }
}
