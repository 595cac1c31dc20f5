package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.gridwork.economy.internal.Activities;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;
import tools.jackson.databind.JsonNode;

/** Activities end to end: publishing, sign-up within the capacity or on the waiting list, check-in, verified points. */
@GridworkTest
class ActivityApiTests extends EconomyApiSupport {

    @Autowired
    Activities activities;

    long activities() {
        return fixtures.count("select count(*) from economy_activity");
    }

    @Test
    void organisersPublishWithinTheirGridsAndBadInputChangesNothing() throws Exception {
        GridworkUser worker = economy.user("worker");
        long xuefu = economy.xuefu();
        long micro = people.firstMicroGrid();
        String start = Instant.now().plus(Duration.ofDays(2)).toString();
        String end = Instant.now().plus(Duration.ofDays(2)).plus(Duration.ofHours(2)).toString();
        long before = activities();
        assertThat(code(call(post("/api/economy/communities/" + xuefu + "/activities"), worker, """
                {"gridId":%d,"title":"督导","place":"北门","startsAt":"%s","endsAt":"%s","capacity":5}""".formatted(micro, start, end))
                .andExpect(status().isBadRequest()))).isEqualTo("field-required");
        assertThat(code(call(post("/api/economy/communities/" + xuefu + "/activities"), worker, """
                {"gridId":%d,"kind":"FESTIVAL","title":"x","place":"y","startsAt":"2020-01-01T00:00:00Z","endsAt":"2020-01-01T02:00:00Z",
                 "capacity":5}""".formatted(micro)).andExpect(status().isBadRequest()))).isEqualTo("starts-in-past");
        assertThat(code(call(post("/api/economy/communities/" + xuefu + "/activities"), worker, """
                {"gridId":%d,"kind":"FESTIVAL","title":"x","place":"y","startsAt":"%s","endsAt":"%s","capacity":5,
                 "signupUnit":"PERSON","capacityUnit":"HOUSEHOLD"}""".formatted(micro, start, end))
                .andExpect(status().isBadRequest()))).isEqualTo("invalid-capacity-unit");
        assertThat(code(call(post("/api/economy/communities/" + xuefu + "/activities"), worker, """
                {"gridId":%d,"kind":"FESTIVAL","title":"x","place":"y","startsAt":"%s","endsAt":"%s","capacity":0}"""
                .formatted(micro, start, end)).andExpect(status().isBadRequest()))).isEqualTo("invalid-capacity");
        // a grid worker organises for their micro-grid, not for the whole community
        call(post("/api/economy/communities/" + xuefu + "/activities"), worker, """
                {"kind":"FESTIVAL","title":"x","place":"y","startsAt":"%s","endsAt":"%s","capacity":5}""".formatted(start, end))
                .andExpect(status().isForbidden());
        assertThat(activities()).isEqualTo(before);

        JsonNode made = read(call(post("/api/economy/communities/" + xuefu + "/activities"), worker, """
                {"gridId":%d,"kind":"GARBAGE_SORTING","title":"周六督导","place":"北门投放点","startsAt":"%s","endsAt":"%s",
                 "capacity":5}""".formatted(micro, start, end)).andExpect(status().isCreated()));
        long id = made.path("id").asLong();
        assertThat(made.path("gridName").asString()).isEqualTo("学府憬城第1微网格");
        // the community's staff see it among their community's; a worker of another grid does not reach it
        assertThat(read(call(get("/api/economy/communities/" + xuefu + "/activities"), economy.staff(), null)
                .andExpect(status().isOk())).findValues("id").stream().map(JsonNode::asLong)).contains(id);
        call(get("/api/economy/activities/" + id), economy.user("resident"), null).andExpect(status().isOk());
        GridworkUser elsewhere = fixtures.residentOf("学府憬城第2微网格");
        assertThat(code(call(get("/api/economy/activities/" + id), elsewhere, null).andExpect(status().isNotFound())))
                .isEqualTo("not-found");
        assertThat(read(call(get("/api/economy/activities"), elsewhere, null).andExpect(status().isOk()))
                .findValues("id").stream().map(JsonNode::asLong)).doesNotContain(id);
    }

    @Test
    void fullActivitiesFillTheWaitingListWhichMovesUpInOrderWhenSomeoneCancels() throws Exception {
        Activities.Activity a = fixtures.activity(2, Activities.Unit.PERSON, Activities.Unit.PERSON, null);
        GridworkUser first = people.freshResident();
        GridworkUser second = people.freshResident();
        GridworkUser third = people.freshResident();
        GridworkUser fourth = people.freshResident();
        String url = "/api/economy/activities/" + a.id() + "/signups";
        assertThat(read(call(post(url), first, "{}").andExpect(status().isCreated())).path("status").asString()).isEqualTo("CONFIRMED");
        // signing up twice: refused, nothing changed
        assertThat(code(call(post(url), first, "{}").andExpect(status().isConflict()))).isEqualTo("already-signed-up");
        assertThat(read(call(post(url), second, "{}").andExpect(status().isCreated())).path("status").asString()).isEqualTo("CONFIRMED");
        JsonNode waiting = read(call(post(url), third, "{}").andExpect(status().isCreated()));
        assertThat(waiting.path("status").asString()).isEqualTo("WAITLISTED");
        assertThat(waiting.path("waitPosition").asInt()).isEqualTo(1);
        assertThat(read(call(post(url), fourth, "{}").andExpect(status().isCreated())).path("waitPosition").asInt()).isEqualTo(2);
        assertThat(activities.find(a.id()).orElseThrow().taken()).isEqualTo(2);
        // a waiting person is not checked in
        fixtures.startedAgo(a.id(), Duration.ofMinutes(-30), Duration.ofHours(2));
        assertThat(code(call(post("/api/economy/activities/" + a.id() + "/check-in"), economy.user("worker"),
                "{\"personId\":" + third.personId() + "}").andExpect(status().isConflict()))).isEqualTo("waitlisted");

        // the first cancels: the third moves up, the fourth is first in line now
        assertThat(read(call(post("/api/economy/activities/" + a.id() + "/signup/cancel"), first, null).andExpect(status().isOk()))
                .path("status").asString()).isEqualTo("CANCELLED");
        JsonNode third2 = read(call(get("/api/economy/activities/" + a.id()), third, null).andExpect(status().isOk()));
        assertThat(third2.path("mine").path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(read(call(get("/api/economy/activities/" + a.id()), fourth, null)).path("mine").path("waitPosition").asInt())
                .isEqualTo(1);
        assertThat(activities.find(a.id()).orElseThrow().taken()).isEqualTo(2);
        assertThat(code(call(post("/api/economy/activities/" + a.id() + "/signup/cancel"), first, null)
                .andExpect(status().isConflict()))).isEqualTo("not-signed-up");
        // once started, no cancelling
        fixtures.startedAgo(a.id(), Duration.ofMinutes(5), Duration.ofHours(2));
        assertThat(code(call(post("/api/economy/activities/" + a.id() + "/signup/cancel"), second, null)
                .andExpect(status().isConflict()))).isEqualTo("activity-started");
        assertThat(code(call(post(url), first, "{}").andExpect(status().isConflict()))).isEqualTo("activity-started");
    }

    @Test
    void aFamilySignsUpOnceNamingWhoComesCountedByPersonsOrByFamilies() throws Exception {
        GridworkUser mother = people.freshResident();
        long child = fixtures.addMember(mother);
        Activities.Activity byPersons = fixtures.activity(3, Activities.Unit.HOUSEHOLD, Activities.Unit.PERSON, null);
        String url = "/api/economy/activities/" + byPersons.id() + "/signups";
        GridworkUser stranger = fixtures.residentOf("学府憬城第2微网格");
        // a person of another household is not named
        assertThat(code(call(post(url), mother, "{\"memberIds\":[%d,%d]}".formatted(mother.personId(), stranger.personId()))
                .andExpect(status().isBadRequest()))).isEqualTo("not-a-member");
        JsonNode s = read(call(post(url), mother, "{\"memberIds\":[%d,%d]}".formatted(mother.personId(), child))
                .andExpect(status().isCreated()));
        assertThat(s.path("seats").asInt()).isEqualTo(2);
        assertThat(s.path("attendance").size()).isEqualTo(2);
        assertThat(activities.find(byPersons.id()).orElseThrow().taken()).isEqualTo(2);
        // the household has signed up: the child's own account would be the same household's second sign-up
        assertThat(code(call(post(url), mother, "{}").andExpect(status().isConflict()))).isEqualTo("already-signed-up");

        Activities.Activity byFamilies = fixtures.activity(1, Activities.Unit.HOUSEHOLD, Activities.Unit.HOUSEHOLD, null);
        JsonNode f = read(call(post("/api/economy/activities/" + byFamilies.id() + "/signups"), mother,
                "{\"memberIds\":[%d,%d]}".formatted(mother.personId(), child)).andExpect(status().isCreated()));
        assertThat(f.path("seats").asInt()).isEqualTo(1);
        assertThat(f.path("status").asString()).isEqualTo("CONFIRMED");
    }

    @Test
    void onlyVerifiedAttendanceEarnsItsPointsOnceAndTheResidentSeesThem() throws Exception {
        long rule = fixtures.hourlyRule(10);
        Activities.Activity a = fixtures.activity(5, Activities.Unit.PERSON, Activities.Unit.PERSON, rule);
        GridworkUser resident = people.freshResident();
        GridworkUser notSignedUp = people.freshResident();
        GridworkUser worker = economy.user("worker");
        call(post("/api/economy/activities/" + a.id() + "/signups"), resident, "{}").andExpect(status().isCreated());
        String base = "/api/economy/activities/" + a.id();
        String person = "{\"personId\":" + resident.personId() + "}";
        // check-in opens an hour before the start
        assertThat(code(call(post(base + "/check-in"), worker, person).andExpect(status().isConflict())))
                .isEqualTo("outside-check-in-time");
        fixtures.startedAgo(a.id(), Duration.ofHours(2), Duration.ofHours(1));
        assertThat(code(call(post(base + "/check-in"), worker, "{\"personId\":" + notSignedUp.personId() + "}")
                .andExpect(status().isConflict()))).isEqualTo("not-signed-up");
        // nothing before checking in and out
        assertThat(code(call(post(base + "/verify"), worker, person).andExpect(status().isConflict()))).isEqualTo("not-checked-out");
        assertThat(code(call(post(base + "/credit").header("Idempotency-Key", "early-" + a.id()), worker, person)
                .andExpect(status().isConflict()))).isEqualTo("attendance-not-verified");
        // checked in when it started (the service takes the time), checked out now: two hours
        Activities.Activity moved = activities.find(a.id()).orElseThrow();
        activities.checkIn(a.id(), resident.personId(), moved.startsAt(), worker);
        assertThat(code(call(post(base + "/check-in"), worker, person).andExpect(status().isConflict()))).isEqualTo("already-checked-in");
        JsonNode out = read(call(post(base + "/check-out"), worker, person).andExpect(status().isOk()));
        assertThat(out.path("minutes").asInt()).isBetween(119, 121);
        assertThat(code(call(post(base + "/credit").header("Idempotency-Key", "unverified-" + a.id()), worker, person)
                .andExpect(status().isConflict()))).isEqualTo("attendance-not-verified");
        assertThat(economy.balance(resident)).isZero();

        JsonNode verified = read(call(post(base + "/verify"), worker, person).andExpect(status().isOk()));
        assertThat(verified.path("status").asString()).isEqualTo("VERIFIED");
        long points = verified.path("points").asLong();
        assertThat(points).isBetween(19L, 20L);
        assertThat(code(call(post(base + "/verify"), worker, person).andExpect(status().isConflict()))).isEqualTo("already-verified");

        String key = "credit-" + a.id();
        JsonNode posting = read(call(post(base + "/credit").header("Idempotency-Key", key), worker, person)
                .andExpect(status().isCreated()));
        assertThat(posting.path("points").asLong()).isEqualTo(points);
        assertThat(posting.path("sourceKind").asString()).isEqualTo("ACTIVITY_ATTENDANCE");
        // the same key again: the same posting; another key: refused; the balance moved once
        assertThat(read(call(post(base + "/credit").header("Idempotency-Key", key), worker, person).andExpect(status().isOk()))
                .path("id").asLong()).isEqualTo(posting.path("id").asLong());
        assertThat(code(call(post(base + "/credit").header("Idempotency-Key", key + "-again"), worker, person)
                .andExpect(status().isConflict()))).isEqualTo("already-credited");
        assertThat(economy.balance(resident)).isEqualTo(points);
        economy.assertLedgerAgrees();

        JsonNode me = read(call(get("/api/economy/me"), resident, null).andExpect(status().isOk()));
        assertThat(me.path("accounts").get(0).path("history").get(0).path("note").asString()).isEqualTo(a.title());
        JsonNode mine = read(call(get(base), resident, null).andExpect(status().isOk()));
        assertThat(mine.path("mine").path("attendance").get(0).path("status").asString()).isEqualTo("CREDITED");
    }

    @Test
    void anActivityWithoutARuleIsVerifiedButEarnsNothing() throws Exception {
        Activities.Activity a = fixtures.activity(5, Activities.Unit.PERSON, Activities.Unit.PERSON, null);
        GridworkUser resident = people.freshResident();
        GridworkUser worker = economy.user("worker");
        activities.signUp(a.id(), null, resident);
        fixtures.startedAgo(a.id(), Duration.ofMinutes(30), Duration.ofHours(1));
        activities.checkIn(a.id(), resident.personId(), worker);
        activities.checkOut(a.id(), resident.personId(), worker);
        assertThat(activities.verify(a.id(), resident.personId(), worker).points()).isNull();
        assertThat(code(call(post("/api/economy/activities/" + a.id() + "/credit").header("Idempotency-Key", "none-" + a.id()),
                worker, "{\"personId\":" + resident.personId() + "}").andExpect(status().isConflict()))).isEqualTo("no-points-rule");
        assertThat(economy.balance(resident)).isZero();
    }

    @Test
    void concurrentSignUpsNeverExceedTheCapacity() throws Exception {
        int capacity = 10;
        int residents = 40;
        Activities.Activity a = fixtures.activity(capacity, Activities.Unit.PERSON, Activities.Unit.PERSON, null);
        List<GridworkUser> many = new ArrayList<>();
        for (int i = 0; i < residents; i++) {
            many.add(people.freshResident());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (GridworkUser r : many) {
                // each signs up twice at once: one sign-up each, the other refused
                for (int twice = 0; twice < 2; twice++) {
                    Callable<String> signUp = () -> {
                        try {
                            return activities.signUp(a.id(), null, r).status().name();
                        } catch (ProblemException e) {
                            return e.code();
                        }
                    };
                    results.add(pool.submit(signUp));
                }
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get());
            }
            assertThat(outcomes.stream().filter("CONFIRMED"::equals).count()).isEqualTo(capacity);
            assertThat(outcomes.stream().filter("WAITLISTED"::equals).count()).isEqualTo(residents - capacity);
            assertThat(outcomes.stream().filter("already-signed-up"::equals).count()).isEqualTo(residents);
        } finally {
            pool.shutdownNow();
        }
        assertThat(activities.find(a.id()).orElseThrow().taken()).isEqualTo(capacity);
        assertThat(fixtures.count("select coalesce(sum(seats), 0) from economy_activity_signup where activity_id = ? and status = 'CONFIRMED'",
                a.id())).isEqualTo(capacity);
        assertThat(fixtures.count("select count(*) from economy_activity_signup where activity_id = ? and status <> 'CANCELLED'",
                a.id())).isEqualTo(residents);

        // concurrent cancellations: the waiting list fills each freed place, still never beyond the capacity
        List<GridworkUser> confirmed = many.stream().filter(r -> fixtures.count("""
                select count(*) from economy_activity_signup where activity_id = ? and person_id = ? and status = 'CONFIRMED'""",
                a.id(), r.personId()) == 1).toList();
        ExecutorService cancels = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (GridworkUser r : confirmed.subList(0, 5)) {
                done.add(cancels.submit(() -> activities.cancel(a.id(), r)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            cancels.shutdownNow();
        }
        assertThat(activities.find(a.id()).orElseThrow().taken()).isEqualTo(capacity);
        assertThat(fixtures.count("select count(*) from economy_activity_signup where activity_id = ? and status = 'CONFIRMED'",
                a.id())).isEqualTo(capacity);
        assertThat(fixtures.count("select count(*) from economy_activity_signup where activity_id = ? and status = 'WAITLISTED'",
                a.id())).isEqualTo(residents - capacity - 5);
    }
}
