package io.gridwork.transparency.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandStatus;
import io.gridwork.grid.GridNode;
import io.gridwork.shared.Masking;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.Fields;
import io.gridwork.shared.web.ProblemException;

/**
 * The quarterly disclosures (双晒) of a compound: the service report (cleaning, greenery, repairs, security, each with
 * what was done and the compound's demands of that kind in the quarter, received and resolved) and the
 * income-and-expense report (lines by category in fen, with declared totals that must add up). The property company
 * drafts and submits; the owners committee approves (which publishes) or sends back with a comment; residents of the
 * compound read what is published. A published report never changes: every write is a conditional update on a
 * draft's status. A correction is the next version with a reason; both stay visible. Owners ask questions on a
 * published report and the property company answers them in public.
 */
@Service
public class Reports {

    public enum Kind { SERVICE, FINANCE }

    public enum Status { DRAFT, SUBMITTED, RETURNED, PUBLISHED }

    /** The sections of a service report and the demand categories counted for each. */
    public enum Section {
        CLEANING(Set.of("HYGIENE")), GREENERY(Set.of("GREENERY")), REPAIRS(Set.of("WATER_LEAK", "FACILITIES", "LIFT")),
        SECURITY(Set.of("SAFETY_HAZARD", "PUBLIC_ORDER", "EBIKE_IN_LIFT"));

        public final Set<String> categories;

        Section(Set<String> categories) {
            this.categories = categories;
        }
    }

    /** The lines of an income-and-expense report. */
    public enum Category {
        PROPERTY_FEES(true), PARKING(true), ADVERTISING(true), OTHER_INCOME(true),
        STAFF(false), CLEANING(false), GREENERY(false), REPAIRS(false), SECURITY(false), UTILITIES(false), OTHER_EXPENSE(false);

        public final boolean income;

        Category(boolean income) {
            this.income = income;
        }
    }

    public record NewReport(Long compoundId, Kind kind, Integer year, Integer quarter) {
    }

    public record ServiceText(Section section, String description) {
    }

    public record FinanceLine(Category category, String description, Long amountFen) {
    }

    /** A draft's content: the summary, and the service sections or the finance lines with their declared totals. */
    public record Content(String summary, List<ServiceText> service, List<FinanceLine> lines, Long incomeTotalFen,
            Long expenseTotalFen) {
    }

    public record Item(String section, String description, Long amountFen, Integer demandsReceived, Integer demandsResolved) {

        public boolean income() {
            try {
                return Category.valueOf(section).income;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    public record Question(long id, long reportId, String askedByName, String body, Instant askedAt, String answer, String answeredByName,
            Instant answeredAt) {
    }

    public record Report(long id, long compoundId, String compoundName, long contractId, String companyName, Kind kind, int year,
            int quarter, int version, Status status, String summary, Long incomeTotalFen, Long expenseTotalFen, Long correctsId,
            String correctionReason, Long correctedById, String reviewComment, String reviewedByName, Instant reviewedAt,
            Instant submittedAt, Instant publishedAt, String draftedByName, Instant createdAt, List<Item> items,
            List<Question> questions) {

        public boolean editable() {
            return status == Status.DRAFT || status == Status.RETURNED;
        }

        /** Income minus expense (a finance report). */
        public long balanceFen() {
            return (incomeTotalFen == null ? 0 : incomeTotalFen) - (expenseTotalFen == null ? 0 : expenseTotalFen);
        }
    }

    private final JdbcClient jdbc;
    private final Compounds compounds;
    private final Contracts contracts;
    private final DemandApi demands;
    private final org.springframework.context.ApplicationEventPublisher events;

    Reports(JdbcClient jdbc, Compounds compounds, Contracts contracts, DemandApi demands,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.compounds = compounds;
        this.contracts = contracts;
        this.demands = demands;
    }

    // ---- who ------------------------------------------------------------------------------------

    private static boolean drafts(GridworkUser user, GridNode compound) {
        return user.has(Role.PROPERTY_STAFF) && user.covers(compound.path());
    }

    private static boolean reviews(GridworkUser user, GridNode compound) {
        return user.has(Role.OWNERS_COMMITTEE) && user.covers(compound.path());
    }

    /** Whether the user sees a report in this status: drafts are the property company's (and staff's), published ones everyone's. */
    private boolean sees(GridworkUser user, GridNode compound, Status status) {
        if (status == Status.PUBLISHED) {
            return compounds.reaches(compound, user);
        }
        if (!user.covers(compound.path())) {
            return false;
        }
        if (user.has(Role.PROPERTY_STAFF) || Contracts.manages(user)) {
            return true;
        }
        return user.has(Role.OWNERS_COMMITTEE) && status != Status.DRAFT;
    }

    /** A report the user sees, else 404 as if absent. */
    public Report get(long id, GridworkUser user) {
        Report r = find(id).orElseThrow(() -> ProblemException.notFound("report", id));
        if (!sees(user, compounds.compound(r.compoundId()), r.status())) {
            throw ProblemException.outOfReach("report", id);
        }
        return r;
    }

    /** The reports of a compound the user sees, latest quarter first, each kind's versions together. */
    public List<Report> ofCompound(long compoundId, GridworkUser user) {
        GridNode compound = compounds.reached(compoundId, user);
        return jdbc.sql(SELECT + " where r.compound_id = ? order by r.report_year desc, r.quarter desc, r.kind desc, r.version desc")
                .param(compoundId).query(this::report).list().stream()
                .filter(r -> sees(user, compound, r.status())).map(this::withoutDetails).toList();
    }

    // ---- drafting -------------------------------------------------------------------------------

    /** The property company opens a draft for a quarter its contract covers; 409 when that quarter's report exists. */
    @Transactional
    public Report create(NewReport in, GridworkUser user) {
        if (!user.has(Role.PROPERTY_STAFF)) {
            throw ProblemException.forbidden("only the property company drafts its disclosures");
        }
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the report as JSON");
        }
        GridNode compound = compounds.compound(in.compoundId());
        if (!user.covers(compound.path())) {
            throw ProblemException.badRequest("unknown-compound", "no compound " + in.compoundId() + " within your grids",
                    Map.of("field", "compoundId"));
        }
        Kind kind = require(in.kind(), "kind");
        Quarter q = Quarter.of(require(in.year(), "year"), require(in.quarter(), "quarter"));
        if (q.first().isAfter(LocalDate.now(Quarter.ZONE))) {
            throw ProblemException.badRequest("quarter-not-begun", "a report is drafted for a quarter that has begun",
                    Map.of("field", "quarter"));
        }
        Contracts.Contract contract = contracts.covering(compound.id(), q.first(), q.last())
                .orElseThrow(() -> ProblemException.badRequest("no-contract", compound.name() + " has no property service contract in "
                        + q + ": a report needs one", Map.of("field", "quarter")));
        Instant now = Instant.now();
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                    insert into transparency_report (compound_id, contract_id, kind, report_year, quarter, version, status,
                        drafted_by_name, created_at, updated_at) values (?, ?, ?, ?, ?, 1, 'DRAFT', ?, ?, ?)""")
                    .params(compound.id(), contract.id(), kind.name(), q.year(), q.quarter(), user.displayName(), ts(now), ts(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("report-exists", "the " + kind + " report of " + q
                    + " exists already; a published one is corrected by a new version");
        }
        long id = keys.getKey().longValue();
        if (kind == Kind.SERVICE) {
            insertService(id, List.of(), compound, q);
        }
        return find(id).orElseThrow();
    }

    /** Replaces a draft's content (a draft or a report sent back); 409 once it is submitted or published. */
    @Transactional
    public Report save(long id, Content in, GridworkUser user) {
        Report r = forDrafter(id, user);
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the report's content as JSON");
        }
        String summary = Fields.text(in.summary(), "summary", 2000, false);
        Long income = null;
        Long expense = null;
        List<FinanceLine> lines = List.of();
        if (r.kind() == Kind.FINANCE) {
            lines = lines(in.lines());
            income = nonNegative(in.incomeTotalFen(), "incomeTotalFen");
            expense = nonNegative(in.expenseTotalFen(), "expenseTotalFen");
            checkTotals(lines, income, expense);
        }
        List<ServiceText> service = r.kind() == Kind.SERVICE ? service(in.service()) : List.of();
        int changed = jdbc.sql("""
                update transparency_report set summary = ?, income_total_fen = ?, expense_total_fen = ?, status = 'DRAFT',
                    updated_at = ? where id = ? and status in ('DRAFT', 'RETURNED')""")
                .params(summary, income, expense, ts(Instant.now()), id).update();
        if (changed == 0) {
            throw notEditable(r);
        }
        jdbc.sql("delete from transparency_report_item where report_id = ?").param(id).update();
        if (r.kind() == Kind.FINANCE) {
            int sort = 0;
            for (FinanceLine l : lines) {
                jdbc.sql("insert into transparency_report_item (report_id, sort, section, description, amount_fen) values (?, ?, ?, ?, ?)")
                        .params(id, sort++, l.category().name(), l.description(), l.amountFen()).update();
            }
        } else {
            insertService(id, service, compounds.compound(r.compoundId()), Quarter.of(r.year(), r.quarter()));
        }
        return find(id).orElseThrow();
    }

    /** The property company submits a draft for review; a service report's demand counts are taken now. */
    @Transactional
    public Report submit(long id, GridworkUser user) {
        Report r = forDrafter(id, user);
        if (r.kind() == Kind.FINANCE) {
            if (r.items().isEmpty()) {
                throw ProblemException.badRequest("lines-required", "an income-and-expense report has at least one line");
            }
            List<FinanceLine> lines = r.items().stream()
                    .map(i -> new FinanceLine(Category.valueOf(i.section()), i.description(), i.amountFen())).toList();
            checkTotals(lines, require(r.incomeTotalFen(), "incomeTotalFen"), require(r.expenseTotalFen(), "expenseTotalFen"));
        } else if (r.items().stream().allMatch(i -> i.description() == null)) {
            throw ProblemException.badRequest("service-required", "say what was done in at least one part of the service");
        }
        int changed = jdbc.sql("""
                update transparency_report set status = 'SUBMITTED', submitted_at = ?, review_comment = null, updated_at = ?
                 where id = ? and status in ('DRAFT', 'RETURNED')""").params(ts(Instant.now()), ts(Instant.now()), id).update();
        if (changed == 0) {
            throw notEditable(r);
        }
        if (r.kind() == Kind.SERVICE) {
            refreshCounts(id, compounds.compound(r.compoundId()), Quarter.of(r.year(), r.quarter()));
        }
        return find(id).orElseThrow();
    }

    /** The owners committee approves a submitted report, which publishes it to the compound's owners. */
    @Transactional
    public Report approve(long id, GridworkUser user) {
        Report r = forReviewer(id, user);
        Instant now = Instant.now();
        int changed = jdbc.sql("""
                update transparency_report set status = 'PUBLISHED', reviewed_by_name = ?, reviewed_at = ?, published_at = ?,
                    updated_at = ? where id = ? and status = 'SUBMITTED'""")
                .params(user.displayName(), ts(now), ts(now), ts(now), id).update();
        if (changed == 0) {
            throw ProblemException.conflict("not-submitted", "only a submitted report is approved (it is " + r.status() + ")");
        }
        // the compound's owners hear of it in their inbox (the notify module listens after the commit)
        GridNode compound = compounds.compound(r.compoundId());
        events.publishEvent(new io.gridwork.transparency.TransparencyEvents.ReportPublished(id, compound.id(), compound.name(),
                compound.path(), r.kind().name(), r.year(), r.quarter(), r.version(), now));
        return find(id).orElseThrow();
    }

    /** See {@link io.gridwork.transparency.TransparencyApi#datePublished}. */
    @Transactional
    public void datePublished(long id, Instant submittedAt, Instant publishedAt) {
        Report r = find(id).orElseThrow(() -> ProblemException.notFound("report", id));
        Quarter q = Quarter.of(r.year(), r.quarter());
        if (submittedAt.isBefore(q.end()) || publishedAt.isBefore(submittedAt) || publishedAt.isAfter(Instant.now())) {
            throw new IllegalArgumentException("a report is submitted after its quarter, then published, not in the future");
        }
        int changed = jdbc.sql("""
                update transparency_report set created_at = ?, submitted_at = ?, reviewed_at = ?, published_at = ?, updated_at = ?
                 where id = ? and status = 'PUBLISHED'""")
                .params(ts(submittedAt), ts(submittedAt), ts(publishedAt), ts(publishedAt), ts(publishedAt), id).update();
        if (changed == 0) {
            throw ProblemException.conflict("not-published", "only a published report is dated (it is " + r.status() + ")");
        }
    }

    /** The owners committee sends a submitted report back to the property company with a comment. */
    @Transactional
    public Report sendBack(long id, String comment, GridworkUser user) {
        Report r = forReviewer(id, user);
        String c = Fields.text(comment, "comment", 500, false);
        if (c == null) {
            throw ProblemException.badRequest("comment-required", "say what is to be changed", Map.of("field", "comment"));
        }
        int changed = jdbc.sql("""
                update transparency_report set status = 'RETURNED', review_comment = ?, reviewed_by_name = ?, reviewed_at = ?,
                    updated_at = ? where id = ? and status = 'SUBMITTED'""")
                .params(c, user.displayName(), ts(Instant.now()), ts(Instant.now()), id).update();
        if (changed == 0) {
            throw ProblemException.conflict("not-submitted", "only a submitted report is sent back (it is " + r.status() + ")");
        }
        return find(id).orElseThrow();
    }

    /**
     * A correction of the latest published version: a new draft version with the reason, starting from the published
     * content. The published version stays as it is and both stay visible.
     */
    @Transactional
    public Report correct(long id, String reason, GridworkUser user) {
        Report r = get(id, user);
        GridNode compound = compounds.compound(r.compoundId());
        if (!drafts(user, compound)) {
            throw ProblemException.forbidden("only the property company corrects its disclosures");
        }
        String why = Fields.text(reason, "reason", 500, false);
        if (why == null) {
            throw ProblemException.badRequest("reason-required", "say why the report is corrected", Map.of("field", "reason"));
        }
        if (r.status() != Status.PUBLISHED) {
            throw ProblemException.conflict("not-published", "only a published report is corrected; a draft is edited");
        }
        // a published later version is shown on this one; a draft one holds the next version number (unique key below)
        if (r.correctedById() != null) {
            throw ProblemException.conflict("correction-exists", "version " + r.version()
                    + " has a later version already; correct the latest one");
        }
        Instant now = Instant.now();
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                    insert into transparency_report (compound_id, contract_id, kind, report_year, quarter, version, status, summary,
                        income_total_fen, expense_total_fen, corrects_id, correction_reason, drafted_by_name, created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(r.compoundId(), r.contractId(), r.kind().name(), r.year(), r.quarter(), r.version() + 1, r.summary(),
                            r.incomeTotalFen(), r.expenseTotalFen(), r.id(), why, user.displayName(), ts(now), ts(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("correction-exists", "version " + r.version() + " is being corrected already");
        }
        long copy = keys.getKey().longValue();
        jdbc.sql("""
                insert into transparency_report_item (report_id, sort, section, description, amount_fen, demands_received,
                    demands_resolved)
                select ?, sort, section, description, amount_fen, demands_received, demands_resolved
                  from transparency_report_item where report_id = ?""").params(copy, r.id()).update();
        // its photos too (ReportPhotos): the rows are copied, the stored files shared
        jdbc.sql("""
                insert into transparency_report_photo (report_id, section, file_key, width, height, uploaded_by_name, uploaded_at)
                select ?, section, file_key, width, height, uploaded_by_name, uploaded_at from transparency_report_photo
                 where report_id = ? order by id""").params(copy, r.id()).update();
        return find(copy).orElseThrow();
    }

    // ---- questions ------------------------------------------------------------------------------

    /** A resident of the compound asks a question on a published report. */
    @Transactional
    public Question ask(long id, String body, GridworkUser user) {
        Report r = get(id, user);
        if (compounds.homeCompound(user).filter(c -> c == r.compoundId()).isEmpty()) {
            throw ProblemException.forbidden("questions are asked by the compound's residents");
        }
        if (r.status() != Status.PUBLISHED) {
            throw ProblemException.conflict("not-published", "questions are asked on a published report");
        }
        String text = Fields.text(body, "body", 500, true);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into transparency_question (report_id, asked_by_id, asked_by_name, body, asked_at) values (?, ?, ?, ?, ?)")
                .params(id, user.accountId(), Masking.name(user.displayName()), text, ts(Instant.now())).update(keys, "id");
        return question(keys.getKey().longValue()).orElseThrow();
    }

    /** The property company answers a question, once; the answer is public to the compound's owners. */
    @Transactional
    public Question answer(long questionId, String answer, GridworkUser user) {
        long reportId = reportOfQuestion(questionId).orElseThrow(() -> ProblemException.notFound("question", questionId));
        Report r;
        try {
            r = get(reportId, user);
        } catch (ProblemException e) {
            throw ProblemException.outOfReach("question", questionId);
        }
        if (!drafts(user, compounds.compound(r.compoundId()))) {
            throw ProblemException.forbidden("questions are answered by the property company");
        }
        String text = Fields.text(answer, "answer", 1000, true);
        int changed = jdbc.sql("""
                update transparency_question set answer = ?, answered_by_name = ?, answered_at = ? where id = ? and answer is null""")
                .params(text, user.displayName(), ts(Instant.now()), questionId).update();
        if (changed == 0) {
            throw ProblemException.conflict("answered", "the question has been answered already");
        }
        return question(questionId).orElseThrow();
    }

    public Optional<Long> reportOfQuestion(long questionId) {
        return jdbc.sql("select report_id from transparency_question where id = ?").param(questionId).query(Long.class).optional();
    }

    // ---- checks ---------------------------------------------------------------------------------

    Report forDrafter(long id, GridworkUser user) {
        Report r = get(id, user);
        if (!drafts(user, compounds.compound(r.compoundId()))) {
            throw ProblemException.forbidden("only the property company edits and submits its disclosures");
        }
        if (!r.editable()) {
            throw notEditable(r);
        }
        return r;
    }

    private Report forReviewer(long id, GridworkUser user) {
        Report r = get(id, user);
        if (!reviews(user, compounds.compound(r.compoundId()))) {
            throw ProblemException.forbidden("the owners committee reviews the disclosures");
        }
        return r;
    }

    private static ProblemException notEditable(Report r) {
        return r.status() == Status.PUBLISHED
                ? ProblemException.conflict("report-published", "a published report never changes; correct it with a new version")
                : ProblemException.conflict("report-under-review", "the report is with the owners committee; it changes only when sent back");
    }

    private static List<FinanceLine> lines(List<FinanceLine> in) {
        List<FinanceLine> out = new ArrayList<>();
        if (in == null) {
            return out;
        }
        if (in.size() > 100) {
            throw ProblemException.badRequest("too-many-lines", "at most 100 lines", Map.of("field", "lines"));
        }
        for (int i = 0; i < in.size(); i++) {
            FinanceLine l = in.get(i);
            String field = "lines[" + i + "]";
            if (l == null || l.category() == null) {
                throw ProblemException.badRequest("field-required", field + ": the category is required", Map.of("field", field));
            }
            Long amount = nonNegative(l.amountFen(), field);
            if (amount == null) {
                throw ProblemException.badRequest("field-required", field + ": the amount is required", Map.of("field", field));
            }
            out.add(new FinanceLine(l.category(), Fields.text(l.description(), field, 200, false), amount));
        }
        return out;
    }

    private static Long nonNegative(Long fen, String field) {
        if (fen != null && fen < 0) {
            throw ProblemException.badRequest("negative-amount", field + ": amounts are never negative", Map.of("field", field));
        }
        return fen;
    }

    /** The declared totals must be the sums of the income and of the expense lines. */
    private static void checkTotals(List<FinanceLine> lines, Long income, Long expense) {
        long in = 0;
        long out = 0;
        for (FinanceLine l : lines) {
            if (l.category().income) {
                in = Math.addExact(in, l.amountFen());
            } else {
                out = Math.addExact(out, l.amountFen());
            }
        }
        if (income != null && income != in) {
            throw ProblemException.badRequest("totals-mismatch", "the income lines add up to " + in + " fen, not " + income,
                    Map.of("field", "incomeTotalFen", "sumFen", in));
        }
        if (expense != null && expense != out) {
            throw ProblemException.badRequest("totals-mismatch", "the expense lines add up to " + out + " fen, not " + expense,
                    Map.of("field", "expenseTotalFen", "sumFen", out));
        }
    }

    private static List<ServiceText> service(List<ServiceText> in) {
        Set<Section> seen = new HashSet<>();
        List<ServiceText> out = new ArrayList<>();
        for (ServiceText t : in == null ? List.<ServiceText>of() : in) {
            if (t == null || t.section() == null) {
                throw ProblemException.badRequest("field-required", "each part of the service names its section",
                        Map.of("field", "service"));
            }
            if (!seen.add(t.section())) {
                throw ProblemException.badRequest("duplicate-section", t.section() + " is given twice", Map.of("field", "service"));
            }
            out.add(new ServiceText(t.section(), Fields.text(t.description(), "service." + t.section(), 2000, false)));
        }
        return out;
    }

    /** A service report's four sections, in order, with the texts given and the demand counts of the quarter. */
    private void insertService(long id, List<ServiceText> texts, GridNode compound, Quarter q) {
        Map<Section, int[]> counts = counts(compound, q);
        for (Section s : Section.values()) {
            String text = texts.stream().filter(t -> t.section() == s).map(ServiceText::description).findFirst().orElse(null);
            int[] c = counts.get(s);
            jdbc.sql("""
                    insert into transparency_report_item (report_id, sort, section, description, demands_received, demands_resolved)
                    values (?, ?, ?, ?, ?, ?)""").params(id, s.ordinal(), s.name(), text, c[0], c[1]).update();
        }
    }

    private void refreshCounts(long id, GridNode compound, Quarter q) {
        counts(compound, q).forEach((s, c) -> jdbc.sql("""
                update transparency_report_item set demands_received = ?, demands_resolved = ? where report_id = ? and section = ?""")
                .params(c[0], c[1], id, s.name()).update());
    }

    private static final Set<DemandStatus> RESOLVED = EnumSet.of(DemandStatus.RESOLVED, DemandStatus.CLOSED, DemandStatus.RATED);

    /** Per section: the compound's demands of its categories submitted in the quarter, and how many of them are resolved. */
    private Map<Section, int[]> counts(GridNode compound, Quarter q) {
        Set<String> categories = new HashSet<>();
        for (Section s : Section.values()) {
            categories.addAll(s.categories);
        }
        Map<Section, int[]> out = new java.util.EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            out.put(s, new int[2]);
        }
        // a compound's quarter holds hundreds of demands at most; the facade's list is capped at 10,000
        for (DemandApi.Digest d : demands.digests(new DemandApi.DigestQuery(compound.path(), null, categories, q.start(),
                q.end().minusMillis(1), null, null, 10_000))) {
            for (Section s : Section.values()) {
                if (s.categories.contains(d.categoryCode())) {
                    out.get(s)[0]++;
                    if (RESOLVED.contains(d.status())) {
                        out.get(s)[1]++;
                    }
                }
            }
        }
        return out;
    }

    // ---- reading --------------------------------------------------------------------------------

    public Optional<Report> find(long id) {
        return jdbc.sql(SELECT + " where r.id = ?").param(id).query(this::report).optional().map(this::withDetails);
    }

    private Report withDetails(Report r) {
        List<Item> items = jdbc.sql("""
                select section, description, amount_fen, demands_received, demands_resolved from transparency_report_item
                 where report_id = ? order by sort, id""").param(r.id())
                .query((rs, i) -> new Item(rs.getString(1), rs.getString(2), (Long) rs.getObject(3, Long.class),
                        (Integer) rs.getObject(4, Integer.class), (Integer) rs.getObject(5, Integer.class)))
                .list();
        List<Question> questions = jdbc.sql(QUESTION + " where report_id = ? order by id").param(r.id()).query(Reports::question)
                .list();
        return copy(r, items, questions);
    }

    private Report withoutDetails(Report r) {
        return copy(r, List.of(), List.of());
    }

    private static Report copy(Report r, List<Item> items, List<Question> questions) {
        return new Report(r.id(), r.compoundId(), r.compoundName(), r.contractId(), r.companyName(), r.kind(), r.year(), r.quarter(),
                r.version(), r.status(), r.summary(), r.incomeTotalFen(), r.expenseTotalFen(), r.correctsId(), r.correctionReason(),
                r.correctedById(), r.reviewComment(), r.reviewedByName(), r.reviewedAt(), r.submittedAt(), r.publishedAt(),
                r.draftedByName(), r.createdAt(), items, questions);
    }

    private Optional<Question> question(long id) {
        return jdbc.sql(QUESTION + " where id = ?").param(id).query(Reports::question).optional();
    }

    /** True when no report has been drafted yet (the demo seeds one pair then). */
    public boolean none() {
        return jdbc.sql("select count(*) from transparency_report").query(Long.class).single() == 0;
    }

    private static final String QUESTION = """
            select id, report_id, asked_by_name, body, asked_at, answer, answered_by_name, answered_at from transparency_question""";

    private static final String SELECT = """
            select r.id, r.compound_id, r.contract_id, p.name as company_name, r.kind, r.report_year, r.quarter, r.version, r.status,
                   r.summary, r.income_total_fen, r.expense_total_fen, r.corrects_id, r.correction_reason,
                   (select min(n.id) from transparency_report n where n.corrects_id = r.id and n.status = 'PUBLISHED') as corrected_by_id,
                   r.review_comment, r.reviewed_by_name, r.reviewed_at, r.submitted_at, r.published_at, r.drafted_by_name, r.created_at
              from transparency_report r join transparency_contract c on c.id = r.contract_id
              join transparency_company p on p.id = c.company_id""";

    private Report report(ResultSet rs, int i) throws SQLException {
        long compound = rs.getLong("compound_id");
        return new Report(rs.getLong("id"), compound, compounds.name(compound), rs.getLong("contract_id"), rs.getString("company_name"),
                Kind.valueOf(rs.getString("kind")), rs.getInt("report_year"), rs.getInt("quarter"), rs.getInt("version"),
                Status.valueOf(rs.getString("status")), rs.getString("summary"), rs.getObject("income_total_fen", Long.class),
                rs.getObject("expense_total_fen", Long.class), rs.getObject("corrects_id", Long.class), rs.getString("correction_reason"),
                rs.getObject("corrected_by_id", Long.class), rs.getString("review_comment"), rs.getString("reviewed_by_name"),
                instant(rs.getTimestamp("reviewed_at")), instant(rs.getTimestamp("submitted_at")),
                instant(rs.getTimestamp("published_at")), rs.getString("drafted_by_name"), instant(rs.getTimestamp("created_at")),
                List.of(), List.of());
    }

    private static Question question(ResultSet rs, int i) throws SQLException {
        return new Question(rs.getLong("id"), rs.getLong("report_id"), rs.getString("asked_by_name"), rs.getString("body"), instant(rs.getTimestamp("asked_at")),
                rs.getString("answer"), rs.getString("answered_by_name"), instant(rs.getTimestamp("answered_at")));
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw ProblemException.badRequest("field-required", field + " is required", Map.of("field", field));
        }
        return value;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
