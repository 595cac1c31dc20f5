package io.gridwork.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.gridwork.access.AccountApi;
import io.gridwork.campaign.CampaignApi;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.insight.internal.Evaluations;
import io.gridwork.insight.internal.Evaluations.Indicator;
import io.gridwork.lists.ListsApi;
import io.gridwork.measures.MeasureRecount;
import io.gridwork.measures.Measures;
import io.gridwork.measures.internal.MeasureFolder;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.StaffRole;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/**
 * 考核评价: every figure behind a worker's score agrees with a brute-force count over random demands, routine work and
 * sweep visits this test creates in a street and community of its own; the score follows the weights; a published month
 * no longer changes; adjustments are recorded with their reason and never changed; scope and refusals.
 */
@GridworkTest
class EvaluationTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final List<String> KINDS = List.of("INFO_COLLECTION", "OPINION_COLLECTION", "POLICY_PUBLICITY", "MOBILISATION",
            "HOUSEHOLD_VISIT", "MEDIATION");

    @Autowired
    Evaluations evaluations;
    @Autowired
    GridApi grid;
    @Autowired
    PeopleApi peopleApi;
    @Autowired
    AccountApi accounts;
    @Autowired
    ListsApi lists;
    @Autowired
    CampaignApi campaigns;
    @Autowired
    io.gridwork.notify.GroupsApi groups;
    @Autowired
    DemandService demands;
    @Autowired
    MeasureFolder folder;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestPeople people;
    @Autowired
    MockMvc mvc;

    GridworkUser admin;
    GridNode street;
    GridNode community;
    GridNode compound;
    List<GridNode> micros = new ArrayList<>();
    List<Long> buildings = new ArrayList<>();
    /** The evaluated: account → the grids their positions name. */
    Map<Long, List<GridNode>> workerGrids = new HashMap<>();
    Map<Long, GridworkUser> workers = new HashMap<>();
    /** The evaluated: account → first and last day of their position (null: still running). */
    Map<Long, LocalDate[]> positionOf = new HashMap<>();
    long leaver;
    long starter;
    long notYet;

    record Work(long account, String kind, LocalDate on) {
    }

    record Visit(long account, Instant at) {
    }

    @BeforeEach
    void aStreetOfItsOwn() {
        admin = people.user("admin");
        GridNode demo = grid.nodeByCode("510108001001").orElseThrow();
        GridNode district = grid.node(grid.node(demo.parentId()).orElseThrow().parentId()).orElseThrow();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        street = grid.create(district.id(), GridLevel.STREET, "考核街道" + tag, null, null);
        community = grid.create(street.id(), GridLevel.COMMUNITY, "考核社区" + tag, null, null);
        compound = grid.create(community.id(), GridLevel.COMPOUND, "考核小区", null, null);
        for (int m = 0; m < 2; m++) {
            GridNode micro = grid.create(compound.id(), GridLevel.MICRO, "考核第" + (m + 1) + "微网格", null, null);
            micros.add(micro);
            long b = grid.createBuilding(compound.id(), micro.id(), String.valueOf(m + 1), (m + 1) + "栋", 6, null, null);
            buildings.add(b);
            long unit = grid.createUnit(b, "1");
            for (int r = 1; r <= 6; r++) {
                grid.createHousehold(unit, "10" + r, "OCCUPIED");
            }
        }
        worker(tag, "甲", StaffRole.MICRO_GRID_WORKER, micros.get(0).id(), null, Role.GRID_WORKER);
        worker(tag, "乙", StaffRole.MICRO_GRID_LEADER, micros.get(1).id(), null, Role.GRID_LEADER);
        worker(tag, "丙", StaffRole.BUILDING_LEADER, null, buildings.get(0), Role.GRID_WORKER);
        worker(tag, "丁", StaffRole.COMPOUND_GRID_LEADER, compound.id(), null, Role.COMPOUND_LEADER);
        // 戊 left on the 10th of last month (their account disabled since), 己 started on the 20th of last month,
        // 庚 starts tomorrow: each is scored over the days they served, and none where they served no day
        YearMonth last = YearMonth.now(SHANGHAI).minusMonths(1);
        LocalDate today = LocalDate.now(SHANGHAI);
        leaver = worker(tag, "戊", StaffRole.MICRO_GRID_WORKER, micros.get(1).id(), null, Role.GRID_WORKER, today.minusDays(90),
                null);
        // the position ends as the roster ends it (its last day), after their session was opened: the test still logs
        // the work they (mis)dated after leaving, which the evaluation must leave out
        jdbc.sql("update staff_assignment set end_date = ? where person_id = (select person_id from account where id = ?)")
                .params(java.sql.Date.valueOf(last.atDay(10)), leaver).update();
        positionOf.put(leaver, new LocalDate[] {today.minusDays(90), last.atDay(10)});
        jdbc.sql("update account set enabled = false where id = ?").param(leaver).update();
        starter = worker(tag, "己", StaffRole.MICRO_GRID_WORKER, micros.get(0).id(), null, Role.GRID_WORKER, last.atDay(20), null);
        notYet = worker(tag, "庚", StaffRole.MICRO_GRID_WORKER, micros.get(0).id(), null, Role.GRID_WORKER, today.plusDays(1), null);
        // a position without an account is not evaluated
        long nobody = peopleApi.createPerson(new PeopleApi.NewPerson("无账号网格员" + tag, people.unusedIdCard(), "13700000000", null));
        peopleApi.assign(nobody, StaffRole.MICRO_GRID_WORKER, micros.get(1).id(), null, null, LocalDate.now(SHANGHAI).minusDays(90), null);
    }

    private long worker(String tag, String name, StaffRole role, Long gridId, Long buildingId, Role accountRole) {
        return worker(tag, name, role, gridId, buildingId, accountRole, LocalDate.now(SHANGHAI).minusDays(90), null);
    }

    private long worker(String tag, String name, StaffRole role, Long gridId, Long buildingId, Role accountRole, LocalDate start,
            LocalDate end) {
        long person = peopleApi.createPerson(new PeopleApi.NewPerson("考核" + name + tag, people.unusedIdCard(), "13700000000", null));
        peopleApi.assign(person, role, gridId, buildingId, null, start, end);
        String username = "eval-" + tag + "-" + Math.abs(name.hashCode() % 1000);
        long account = accounts.createAccount(username, "password-" + tag + "X9", "考核" + name + tag, person, Set.of(accountRole),
                Set.of(), List.of());
        GridNode g = grid.node(gridId != null ? gridId : micros.get(0).id()).orElseThrow();
        workerGrids.put(account, List.of(g));
        workers.put(account, people.user(username));
        positionOf.put(account, new LocalDate[] {start, end});
        return account;
    }

    /** The days of the period the worker's position ran, or null when it ran on none. */
    private LocalDate[] served(long account, LocalDate from, LocalDate to) {
        LocalDate[] p = positionOf.get(account);
        LocalDate a = p[0].isAfter(from) ? p[0] : from;
        LocalDate b = p[1] == null || p[1].isAfter(to) ? to : p[1];
        return a.isAfter(b) ? null : new LocalDate[] {a, b};
    }

    record Outcome(long household, String outcome, Instant at) {
    }

    @Test
    void everyFigureAgreesWithABruteForceCountAndTheScoreFollowsTheWeights() {
        Random random = new Random(1652);
        LocalDate today = LocalDate.now(SHANGHAI);
        YearMonth last = YearMonth.from(today).minusMonths(1);
        GridworkUser staff = admin;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(demands.submit(new DemandService.Submission(MeasureRecount.CATEGORIES.get(random.nextInt(3)), "考核诉求" + i, null,
                    null, buildings.get(random.nextInt(2)), null, null, null, null, null, io.gridwork.demand.Channel.STATION, "测试",
                    null), staff, null).id());
        }
        for (long id : ids) {
            MeasureRecount.randomise(jdbc, demands, id, random);
        }
        // routine work: each worker logs in the grid of their position, on random days of the last 40 (the leaver too,
        // some of it dated after they left)
        List<Work> work = new ArrayList<>();
        for (Map.Entry<Long, GridworkUser> w : workers.entrySet()) {
            if (w.getKey() == notYet) {
                continue;
            }
            long gridId = workerGrids.get(w.getKey()).getFirst().id();
            int n = 3 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                String kind = KINDS.get(random.nextInt(KINDS.size()));
                LocalDate on = today.minusDays(random.nextInt(40));
                if (kind.equals("MEDIATION")) {
                    lists.logMediation(gridId, on, "邻里双方", "噪音纠纷", "已调解", true, w.getValue());
                } else {
                    lists.logWork(kind, gridId, List.of(), on, "考核日常工作" + i, w.getValue());
                }
                work.add(new Work(w.getKey(), kind, on));
            }
        }
        // sweep visits: a campaign over the compound that started forty-five days ago; each worker visits in their grid
        Instant now = Instant.now();
        long campaign = campaigns.create("考核排查" + UUID.randomUUID().toString().substring(0, 4), "INSPECTION",
                List.of(compound.id()), "gas-safety", now.minus(45, ChronoUnit.DAYS), now.plus(2, ChronoUnit.DAYS), true, staff);
        List<Long> households = campaigns.households(campaign);
        Map<Long, Long> microOf = new HashMap<>();
        jdbc.sql("""
                select h.id, b.micro_grid_id from household h join unit u on u.id = h.unit_id join building b on b.id = u.building_id
                 where b.compound_id = ?""").param(compound.id()).query(rs -> {
            microOf.put(rs.getLong(1), rs.getLong(2));
        });
        List<Visit> visits = new ArrayList<>();
        for (Map.Entry<Long, GridworkUser> w : workers.entrySet()) {
            if (w.getKey() == notYet) {
                continue;
            }
            long own = workerGrids.get(w.getKey()).getFirst().id();
            List<Long> mine = households.stream().filter(h -> own == compound.id() || microOf.get(h) == own).toList();
            int n = random.nextInt(8);
            for (int i = 0; i < n; i++) {
                Instant at = now.minus(random.nextInt(40 * 24 * 60) + 1, ChronoUnit.MINUTES);
                campaigns.recordVisit(campaign, UUID.randomUUID().toString(), mine.get(random.nextInt(mine.size())), "NOT_HOME",
                        Map.of(), at, w.getValue());
                visits.add(new Visit(w.getKey(), at));
            }
        }

        // campaign coverage: campaigns started on the 3rd and the 12th of last month and in this month, each visit by the
        // organiser with a random outcome at a random time (the latest visit by time is the household's outcome)
        Instant monthStart = YearMonth.from(today).atDay(1).atStartOfDay(SHANGHAI).toInstant();
        List<Instant> starts = List.of(last.atDay(3).atTime(9, 0).atZone(SHANGHAI).toInstant(),
                last.atDay(12).atTime(20, 30).atZone(SHANGHAI).toInstant(),
                monthStart.plus(Duration.between(monthStart, now).dividedBy(2)));
        Map<Long, Instant> startOf = new HashMap<>();
        Map<Long, List<Outcome>> outcomesOf = new HashMap<>();
        startOf.put(campaign, now.minus(45, ChronoUnit.DAYS));
        outcomesOf.put(campaign, new ArrayList<>());
        List<String> outcomes = List.of("DONE", "NOT_HOME", "REFUSED", "VACANT");
        for (Instant start : starts) {
            long c = campaigns.create("考核覆盖" + UUID.randomUUID().toString().substring(0, 4), "INSPECTION", List.of(compound.id()),
                    "gas-safety", start, now.plus(2, ChronoUnit.DAYS), true, staff);
            startOf.put(c, start);
            List<Outcome> recorded = new ArrayList<>();
            long span = Math.max(1, Duration.between(start, now).toMinutes());
            for (long h : campaigns.households(c)) {
                int n = random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    String outcome = outcomes.get(random.nextInt(outcomes.size()));
                    Instant at = start.plus(random.nextLong(span), ChronoUnit.MINUTES).plusSeconds(random.nextInt(60));
                    campaigns.recordVisit(c, UUID.randomUUID().toString(), h, outcome, outcome.equals("DONE")
                            ? Map.of("hose_over_two_years", random.nextBoolean(), "valve", "正常", "alarm", random.nextBoolean())
                            : Map.of(), at, staff);
                    recorded.add(new Outcome(h, outcome, at));
                }
            }
            outcomesOf.put(c, recorded);
        }

        // tasks answered: residents with accounts in the compound's households, groups over each micro-grid and the
        // compound, tasks published there and answered by some; then dated into last month or kept in this one
        List<GridworkUser> residents = new ArrayList<>();
        Map<Long, Long> householdOf = new HashMap<>();
        List<Long> compoundHouseholds = new ArrayList<>(microOf.keySet());
        for (int i = 0; i < 9; i++) {
            long h = compoundHouseholds.get(random.nextInt(compoundHouseholds.size()));
            String tag = UUID.randomUUID().toString().substring(0, 8);
            long person = peopleApi.register(h, new PeopleApi.NewPerson("考核居民" + tag, people.unusedIdCard(), "13600000000", null), "OTHER");
            accounts.createAccount("er-" + tag, "password-" + tag, "考核居民" + tag, person, Set.of(Role.RESIDENT), Set.of(), List.of());
            GridworkUser r = people.user("er-" + tag);
            residents.add(r);
            householdOf.put(r.accountId(), h);
        }
        List<Long> audiences = new ArrayList<>(List.of(groups.createAudience(compound.id(), null, "考核小区群", admin)));
        for (GridNode m : micros) {
            audiences.add(groups.createAudience(m.id(), null, "考核" + m.name() + "群", admin));
        }
        record Task(long id, Instant at, Set<Long> asked, Set<Long> answered) {
        }
        List<Task> tasks = new ArrayList<>();
        List<Instant> taskTimes = java.util.Arrays.asList(last.atDay(5).atTime(8, 0).atZone(SHANGHAI).toInstant(),
                last.atDay(15).atTime(12, 0).atZone(SHANGHAI).toInstant(), last.atDay(25).atTime(18, 0).atZone(SHANGHAI).toInstant(),
                monthStart.plus(Duration.between(monthStart, now).dividedBy(3)), null);
        for (Instant at : taskTimes) {
            int a = random.nextInt(audiences.size());
            long task = groups.publish(audiences.get(a), true, "考核任务", "请回复", List.of("是", "否"), now.plus(3, ChronoUnit.DAYS), admin);
            Set<Long> asked = new java.util.HashSet<>();
            Set<Long> answered = new java.util.HashSet<>();
            for (GridworkUser r : residents) {
                long h = householdOf.get(r.accountId());
                if (a == 0 || microOf.get(h) == micros.get(a - 1).id()) {
                    asked.add(h);
                    if (random.nextInt(3) > 0) {
                        groups.answer(task, random.nextBoolean() ? "是" : "否", r);
                        answered.add(h);
                    }
                }
            }
            if (at != null) {
                jdbc.sql("update notify_notice set created_at = ? where id = ?").params(java.sql.Timestamp.from(at), task).update();
            }
            tasks.add(new Task(task, at == null ? now : at, asked, answered));
        }
        folder.catchUp(Duration.ofSeconds(30));

        for (YearMonth month : List.of(last, YearMonth.from(today))) {
            LocalDate from = month.atDay(1);
            LocalDate to = month.atEndOfMonth().isAfter(today) ? today : month.atEndOfMonth();
            Evaluations.Evaluation e = evaluations.evaluate(community, month);
            assertThat(e.published()).isFalse();
            int evaluated = 0;
            for (Map.Entry<Long, List<GridNode>> w : workerGrids.entrySet()) {
                long account = w.getKey();
                LocalDate[] period = served(account, from, to);
                if (period == null) {
                    assertThat(e.worker(account)).as(month + ": served no day").isEmpty();
                    continue;
                }
                evaluated++;
                LocalDate a = period[0];
                LocalDate b = period[1];
                Evaluations.WorkerScore score = e.worker(account).orElseThrow();
                assertThat(score.served()).isEqualTo(new Evaluations.Served(a, b,
                        (int) ChronoUnit.DAYS.between(a, b) + 1, (int) ChronoUnit.DAYS.between(from, to) + 1));
                Measures m = new Measures(0, "", 0, 0, 0, 0, 0, 0, 0, 0);
                for (GridNode g : w.getValue()) {
                    Measures slow = MeasureRecount.count(MeasureRecount.rows(jdbc, g), a, b, null, null, g);
                    m = new Measures(0, "", 0, 0, m.respondDue() + slow.respondDue(), m.respondOnTime() + slow.respondOnTime(),
                            m.resolveDue() + slow.resolveDue(), m.resolveOnTime() + slow.resolveOnTime(),
                            m.ratings() + slow.ratings(), m.satisfied() + slow.satisfied());
                }
                long householdVisits = work.stream().filter(x -> x.account() == account && x.kind().equals("HOUSEHOLD_VISIT")
                        && !x.on().isBefore(a) && !x.on().isAfter(b)).count();
                long routine = work.stream().filter(x -> x.account() == account && !x.kind().equals("HOUSEHOLD_VISIT")
                        && !x.on().isBefore(a) && !x.on().isAfter(b)).count();
                long sweep = visits.stream().filter(v -> v.account() == account).map(v -> v.at().atZone(SHANGHAI).toLocalDate())
                        .filter(d -> !d.isBefore(a) && !d.isAfter(b)).count();
                long own = w.getValue().getFirst().id();
                java.util.function.LongPredicate ownHousehold = h -> own == compound.id() || microOf.get(h) == own;
                java.util.function.Predicate<Instant> inPeriod = t -> {
                    LocalDate d = t.atZone(SHANGHAI).toLocalDate();
                    return !d.isBefore(a) && !d.isAfter(b);
                };
                // coverage: households of the worker's grid in the campaigns started in their period; reached when the
                // latest visit by time was not "not at home"
                long inScope = 0;
                long reached = 0;
                for (Map.Entry<Long, Instant> c : startOf.entrySet()) {
                    if (!inPeriod.test(c.getValue())) {
                        continue;
                    }
                    List<Long> scope = campaigns.households(c.getKey()).stream().filter(ownHousehold::test).toList();
                    inScope += scope.size();
                    Map<Long, Outcome> latest = new HashMap<>();
                    for (Outcome o : outcomesOf.get(c.getKey())) {
                        latest.merge(o.household(), o, (x, y) -> x.at().isAfter(y.at()) ? x : y); // a tie: the later recorded
                    }
                    reached += scope.stream().filter(h -> latest.containsKey(h) && !latest.get(h).outcome().equals("NOT_HOME")).count();
                }
                long asked = 0;
                long answered = 0;
                for (Task t : tasks) {
                    if (inPeriod.test(t.at())) {
                        asked += t.asked().stream().filter(ownHousehold::test).count();
                        answered += t.answered().stream().filter(ownHousehold::test).count();
                    }
                }
                Evaluations.Figures expected = new Evaluations.Figures(m.resolveDue(), m.resolveOnTime(), m.respondDue(),
                        m.respondOnTime(), m.ratings(), m.satisfied(), householdVisits, sweep, routine, inScope, reached, asked,
                        answered);
                assertThat(score.figures()).as(month + " " + score.name()).isEqualTo(expected);
                assertThat(score.computed()).as(month + " " + score.name()).isEqualTo(slowScore(expected, e.weights()));
                assertThat(score.score()).isEqualTo(score.computed());
                // the lists behind the two figures add up to them
                assertThat(score.campaigns().stream().mapToLong(Evaluations.Behind::whole).sum()).isEqualTo(inScope);
                assertThat(score.tasks().stream().mapToLong(Evaluations.Behind::done).sum()).isEqualTo(answered);
            }
            assertThat(e.workers()).as(month.toString()).hasSize(evaluated);
            // highest first; equal scores share a rank
            for (int i = 1; i < e.workers().size(); i++) {
                Evaluations.WorkerScore a = e.workers().get(i - 1);
                Evaluations.WorkerScore b = e.workers().get(i);
                if (b.score() != null) {
                    assertThat(a.score().compareTo(b.score())).isGreaterThanOrEqualTo(0);
                    assertThat(b.rank()).isEqualTo(a.score().equals(b.score()) ? a.rank() : i + 1);
                }
            }
        }
        // last month: the leaver (10 days) and the starter (from the 20th) are scored on their days; this month: the
        // leaver is out, and so is the worker who starts tomorrow
        Evaluations.Evaluation lastMonth = evaluations.evaluate(community, last);
        assertThat(lastMonth.worker(leaver).orElseThrow().served().days()).isEqualTo(10);
        assertThat(lastMonth.worker(leaver).orElseThrow().served().partial()).isTrue();
        assertThat(lastMonth.worker(starter).orElseThrow().served().from()).isEqualTo(last.atDay(20));
        assertThat(lastMonth.worker(notYet)).isEmpty();
        Evaluations.Evaluation thisMonth = evaluations.evaluate(community, YearMonth.from(today));
        assertThat(thisMonth.worker(leaver)).isEmpty();
        assertThat(thisMonth.worker(notYet)).isEmpty();
        assertThat(thisMonth.worker(starter).orElseThrow().served().partial()).isFalse();
        // the campaigns of last month reach into someone's figures, so the comparison above compared something
        assertThat(lastMonth.workers().stream().mapToLong(x -> x.figures().campaignHouseholds()).sum()).isPositive();
        assertThat(lastMonth.workers().stream().mapToLong(x -> x.figures().tasksAsked()).sum()).isPositive();
    }

    /** The score the slow way: each indicator's score (rates in per cent, counts against the target, at most 100), weighted. */
    static BigDecimal slowScore(Evaluations.Figures f, List<Evaluations.Weight> weights) {
        BigDecimal sum = BigDecimal.ZERO;
        int w = 0;
        for (Evaluations.Weight weight : weights) {
            Double s = switch (weight.indicator()) {
                case ON_TIME -> f.resolveDue() == 0 ? null : 100.0 * f.resolveOnTime() / f.resolveDue();
                case RESPONSE -> f.respondDue() == 0 ? null : 100.0 * f.respondOnTime() / f.respondDue();
                case SATISFACTION -> f.ratings() == 0 ? null : 100.0 * f.satisfied() / f.ratings();
                case VISITS -> Math.min(100.0, 100.0 * (f.householdVisits() + f.sweepVisits()) / weight.target());
                case ROUTINE -> Math.min(100.0, 100.0 * f.routineWork() / weight.target());
                case CAMPAIGN_COVERAGE -> f.campaignHouseholds() == 0 ? null : 100.0 * f.campaignReached() / f.campaignHouseholds();
                case TASKS_ANSWERED -> f.tasksAsked() == 0 ? null : 100.0 * f.tasksAnswered() / f.tasksAsked();
            };
            if (s != null && weight.weight() > 0) {
                sum = sum.add(BigDecimal.valueOf(s).setScale(2, RoundingMode.HALF_UP).multiply(BigDecimal.valueOf(weight.weight())));
                w += weight.weight();
            }
        }
        return w == 0 ? null : sum.divide(BigDecimal.valueOf(w), 2, RoundingMode.HALF_UP);
    }

    @Test
    void aPublishedMonthNoLongerChangesAndAdjustmentsAreRecorded() {
        LocalDate today = LocalDate.now(SHANGHAI);
        YearMonth last = YearMonth.from(today).minusMonths(1);
        long first = workerGrids.keySet().stream().sorted().findFirst().orElseThrow();
        GridworkUser w = workers.get(first);
        long gridId = workerGrids.get(first).getFirst().id();
        lists.logWork("HOUSEHOLD_VISIT", gridId, List.of(), last.atDay(3), "上月走访", w);
        Evaluations.Evaluation before = evaluations.evaluate(community, last);
        assertThat(before.worker(first).orElseThrow().figures().householdVisits()).isEqualTo(1);

        assertThatThrownBy(() -> evaluations.publish(community, YearMonth.from(today), admin))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("eval-month-running"));
        evaluations.publish(community, last, admin);
        assertThatThrownBy(() -> evaluations.publish(community, last, admin))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("eval-published"));

        // the ledger moves on; the published month does not
        lists.logWork("HOUSEHOLD_VISIT", gridId, List.of(), last.atDay(4), "补录走访", w);
        evaluations.setWeights(community, Map.of(Indicator.ON_TIME, 0, Indicator.RESPONSE, 0, Indicator.SATISFACTION, 0,
                Indicator.VISITS, 100, Indicator.ROUTINE, 0, Indicator.CAMPAIGN_COVERAGE, 0, Indicator.TASKS_ANSWERED, 0),
                Map.of(Indicator.VISITS, 1, Indicator.ROUTINE, 1), admin);
        Evaluations.Evaluation frozen = evaluations.evaluate(community, last);
        assertThat(frozen.published()).isTrue();
        assertThat(frozen.publishedBy()).isEqualTo(admin.displayName());
        assertThat(frozen.workers()).isEqualTo(before.workers());
        assertThat(frozen.weights()).isEqualTo(before.weights());

        // an adjustment with its reason: before and after recorded, added to the score
        Evaluations.WorkerScore ws = frozen.worker(first).orElseThrow();
        BigDecimal base = ws.score() == null ? BigDecimal.ZERO.setScale(2) : ws.score();
        Evaluations.Adjustment a = evaluations.adjust(community, last, first, new BigDecimal("5.5"), "抗洪值守表现突出", admin);
        assertThat(a.before()).isEqualByComparingTo(base);
        assertThat(a.after()).isEqualByComparingTo(base.add(new BigDecimal("5.5")));
        Evaluations.Adjustment b = evaluations.adjust(community, last, first, new BigDecimal("-2"), "一次走访记录不实", admin);
        assertThat(b.before()).isEqualByComparingTo(a.after());
        assertThat(evaluations.evaluate(community, last).worker(first).orElseThrow().score())
                .isEqualByComparingTo(base.add(new BigDecimal("3.5")));
        assertThat(evaluations.adjustments(community.id(), last, first)).extracting(Evaluations.Adjustment::reason)
                .containsExactly("抗洪值守表现突出", "一次走访记录不实");
        assertThat(evaluations.adjustments(community.id(), last, first)).allSatisfy(x -> assertThat(x.byName()).isEqualTo(admin.displayName()));

        // refusals change nothing
        assertThatThrownBy(() -> evaluations.adjust(community, last, first, new BigDecimal("3"), " ", admin))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("reason-required"));
        assertThatThrownBy(() -> evaluations.adjust(community, last, first, BigDecimal.ZERO, "理由", admin))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("eval-invalid-adjustment"));
        assertThatThrownBy(() -> evaluations.adjust(community, last, first, new BigDecimal("101"), "理由", admin))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> evaluations.adjust(community, last, 999999L, new BigDecimal("1"), "理由", admin))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status().value()).isEqualTo(404));
        assertThat(evaluations.adjustments(community.id(), last, first)).hasSize(2);

        // append-only, also for the application
        assertThatThrownBy(() -> jdbc.sql("update eval_adjustment set reason = 'x' where community_id = ?").param(community.id()).update())
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> jdbc.sql("delete from eval_score where community_id = ?").param(community.id()).update())
                .isInstanceOf(Exception.class);

        // the live month follows the new weights
        Evaluations.Evaluation live = evaluations.evaluate(community, YearMonth.from(today));
        assertThat(live.weights()).allSatisfy(x -> assertThat(x.source()).isEqualTo("COMMUNITY"));
        assertThat(live.weights()).filteredOn(x -> x.indicator() == Indicator.VISITS).singleElement()
                .satisfies(x -> assertThat(x.weight()).isEqualTo(100));
    }

    @Test
    void aMonthPublishedBeforeTheNewIndicatorsReadsAsItWasPublished() {
        // a row frozen before campaign coverage, tasks answered and served days existed: nine figures, five weights
        YearMonth old = YearMonth.now(SHANGHAI).minusMonths(3);
        long first = workerGrids.keySet().stream().sorted().findFirst().orElseThrow();
        jdbc.sql("insert into eval_month (community_id, period_month, published_at, published_by) values (?, ?, ?, ?)")
                .params(community.id(), old.toString(), java.sql.Timestamp.from(Instant.now()), "旧版发布").update();
        jdbc.sql("insert into eval_score (community_id, period_month, account_id, worker_name, grids, figures_json, score) values (?, ?, ?, ?, ?, ?, ?)")
                .params(community.id(), old.toString(), first, "旧版网格员", "考核第1微网格", """
                        {"figures":{"resolveDue":4,"resolveOnTime":3,"respondDue":0,"respondOnTime":0,"ratings":0,"satisfied":0,\
                        "householdVisits":10,"sweepVisits":0,"routineWork":5},"weights":[{"indicator":"ON_TIME","weight":30,\
                        "target":null,"source":"DEFAULT"},{"indicator":"VISITS","weight":25,"target":20,"source":"DEFAULT"},\
                        {"indicator":"ROUTINE","weight":15,"target":10,"source":"DEFAULT"}]}""", new BigDecimal("62.14")).update();
        Evaluations.Evaluation e = evaluations.evaluate(community, old);
        Evaluations.WorkerScore w = e.worker(first).orElseThrow();
        assertThat(w.figures().campaignHouseholds()).isZero();
        assertThat(w.figures().tasksAsked()).isZero();
        assertThat(w.parts()).extracting(Evaluations.Part::indicator).containsExactly(Indicator.ON_TIME, Indicator.VISITS, Indicator.ROUTINE);
        // (75 × 30 + 50 × 25 + 50 × 15) / 70
        assertThat(w.computed()).isEqualByComparingTo("60.71");
        assertThat(w.served().partial()).isFalse();
        assertThat(w.served().days()).isEqualTo(old.lengthOfMonth());
    }

    @Test
    void aStreetSetsDefaultsAndACommunityItsOwn() {
        Map<Indicator, Integer> weights = new EnumMap<>(Indicator.class);
        Map<Indicator, Integer> targets = new EnumMap<>(Indicator.class);
        for (Indicator i : Indicator.values()) {
            weights.put(i, 20);
            targets.put(i, 5);
        }
        evaluations.setWeights(street, weights, targets, admin);
        assertThat(evaluations.weights(community)).allSatisfy(w -> {
            assertThat(w.source()).isEqualTo("STREET");
            assertThat(w.weight()).isEqualTo(20);
            assertThat(w.target()).isEqualTo(w.indicator().rate ? null : 5);
        });
        Map<Indicator, Integer> zero = new EnumMap<>(Indicator.class);
        for (Indicator i : Indicator.values()) {
            zero.put(i, 0);
        }
        assertThatThrownBy(() -> evaluations.setWeights(community, zero, targets, admin))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("eval-invalid-weight"));
        targets.put(Indicator.VISITS, 0);
        assertThatThrownBy(() -> evaluations.setWeights(community, weights, targets, admin))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("eval-invalid-target"));
        assertThat(evaluations.weights(community)).allSatisfy(w -> assertThat(w.source()).isEqualTo("STREET"));
        // community staff may not set a street's defaults; a street's staff covering it may
        GridworkUser communityStaff = people.user("community");
        assertThatThrownBy(() -> evaluations.weightGrid(street.id(), communityStaff))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status().value()).isEqualTo(404));
        GridNode demoStreet = grid.nodeByCode("510108001").orElseThrow();
        assertThatThrownBy(() -> evaluations.weightGrid(demoStreet.id(), communityStaff))
                .isInstanceOf(ProblemException.class);
        assertThat(evaluations.weightGrid(demoStreet.id(), people.user("street")).id()).isEqualTo(demoStreet.id());
    }

    @Test
    void pagesAndApiKeepToTheirScope() throws Exception {
        GridworkUser communityStaff = people.user("community");
        GridNode demo = grid.nodeByCode("510108001001").orElseThrow();
        // another community is out of reach, as if it did not exist
        mvc.perform(get("/api/insight/evaluation").param("communityId", String.valueOf(community.id())).with(user(communityStaff)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/insight/evaluation").param("communityId", String.valueOf(demo.id())).with(user(communityStaff)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.community.id").value(demo.id()))
                .andExpect(jsonPath("$.workers").isArray());
        mvc.perform(get("/api/insight/evaluation").param("communityId", String.valueOf(demo.id())).param("month", "2026-13")
                .with(user(communityStaff))).andExpect(status().isBadRequest());
        mvc.perform(get("/api/insight/evaluation").param("communityId", String.valueOf(compound.id())).with(user(admin)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/insight/evaluation").param("communityId", String.valueOf(community.id())).with(user(people.user("worker"))))
                .andExpect(status().isForbidden());

        // the admin adjusts through the API; a worker sees their own page, and is sent there from the ranking
        long first = workerGrids.keySet().stream().sorted().findFirst().orElseThrow();
        String month = YearMonth.now(SHANGHAI).toString();
        mvc.perform(post("/api/insight/evaluation/adjustments").with(user(admin)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"communityId\":" + community.id() + ",\"month\":\"" + month + "\",\"accountId\":" + first
                        + ",\"delta\":2,\"reason\":\"主动排查隐患\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.reason").value("主动排查隐患"));
        mvc.perform(post("/api/insight/evaluation/adjustments").with(user(admin)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"communityId\":" + community.id() + ",\"accountId\":" + first + ",\"delta\":2}"))
                .andExpect(status().isBadRequest());
        GridworkUser w = workers.get(first);
        String page = mvc.perform(get("/insight/evaluation/mine").with(user(w))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("主动排查隐患").contains(w.displayName()).doesNotContain("id=\"eval-adjust\"");
        mvc.perform(get("/insight/evaluation").with(user(w))).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/insight/evaluation/mine"));
        mvc.perform(get("/insight/evaluation/workers/" + first).param("grid", String.valueOf(community.id())).with(user(w)))
                .andExpect(status().isForbidden());

        // the page form: a refusal is a message on the page, nothing recorded
        int before = evaluations.adjustments(community.id(), YearMonth.now(SHANGHAI), first).size();
        mvc.perform(post("/insight/evaluation/workers/" + first + "/adjustments").with(user(admin)).with(csrf())
                .param("grid", String.valueOf(community.id())).param("month", month).param("delta", "abc").param("reason", "理由"))
                .andExpect(status().is3xxRedirection());
        assertThat(evaluations.adjustments(community.id(), YearMonth.now(SHANGHAI), first)).hasSize(before);

        // the ranking page and its export
        String ranking = mvc.perform(get("/insight/evaluation").param("grid", String.valueOf(community.id())).with(user(admin)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(ranking).contains(community.name()).contains("eval-worker-" + first);
        byte[] xlsx = mvc.perform(get("/insight/evaluation.xlsx").param("grid", String.valueOf(community.id())).with(user(admin)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<org.dhatim.fastexcel.reader.Row> rows = wb.getFirstSheet().read();
            assertThat(rows).hasSizeGreaterThanOrEqualTo(5);
            List<String> header = new ArrayList<>();
            rows.getFirst().forEach(c -> header.add(c == null ? "" : c.getRawValue()));
            assertThat(header).contains("在岗天数", "排查走访到", "排查户数", "任务已回复", "任务问到户数");
        }
    }
}
