package io.gridwork.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.ResultActions;

import io.gridwork.economy.internal.Activities;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import tools.jackson.databind.JsonNode;

/** Organisers edit and cancel activities: what may change, what is refused (nothing changed), who hears of it, no points. */
@GridworkTest
class ActivityEditCancelTests extends EconomyApiSupport {

    @Autowired
    Activities activities;

    @Override
    protected String code(ResultActions r) throws Exception {
        JsonNode problem = read(r);
        assertThat(problem.path("status").asInt()).as("a problem detail").isEqualTo(r.andReturn().getResponse().getStatus());
        return problem.path("code").asString();
    }

    static String change(String title, String place, Instant starts, Instant ends, int capacity) {
        return """
                {"title":"%s","place":"%s","description":"带手套","startsAt":"%s","endsAt":"%s","capacity":%d}"""
                .formatted(title, place, starts, ends, capacity);
    }

    long inbox(GridworkUser who, long activityId) {
        return fixtures.count("select count(*) from notify_message where account_id = ? and link = ? and kind = 'ACTIVITY'",
                who.accountId(), "/economy/activities/" + activityId);
    }

    @Test
    void organisersEditAnActivityAndARaisedCapacityConfirmsTheWaitingList() throws Exception {
        Activities.Activity a = fixtures.activity(2, Activities.Unit.PERSON, Activities.Unit.PERSON, null);
        GridworkUser one = people.freshResident();
        GridworkUser two = people.freshResident();
        GridworkUser three = people.freshResident();
        activities.signUp(a.id(), null, one);
        activities.signUp(a.id(), null, two);
        assertThat(activities.signUp(a.id(), null, three).status()).isEqualTo(Activities.SignupStatus.WAITLISTED);
        GridworkUser worker = economy.user("worker");
        String url = "/api/economy/activities/" + a.id();
        Instant starts = a.startsAt().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        Instant ends = starts.plus(Duration.ofHours(3));

        // refused, nothing changed: fewer places than those signed up, a missing title, an end before the start
        var below = call(put(url), worker, change("改名", "南门", starts, ends, 1)).andExpect(status().isConflict());
        assertThat(code(below)).isEqualTo("capacity-below-signups");
        assertThat(read(below).path("taken").asInt()).isEqualTo(2);
        assertThat(code(call(put(url), worker, """
                {"place":"南门","startsAt":"%s","endsAt":"%s","capacity":3}""".formatted(starts, ends))
                .andExpect(status().isBadRequest()))).isEqualTo("field-required");
        assertThat(code(call(put(url), worker, change("改名", "南门", ends, starts, 3)).andExpect(status().isBadRequest())))
                .isEqualTo("invalid-times");
        assertThat(code(call(put(url), worker, null).andExpect(status().isBadRequest()))).isEqualTo("body-required");
        Activities.Activity unchanged = activities.find(a.id()).orElseThrow();
        assertThat(unchanged.title()).isEqualTo(a.title());
        assertThat(unchanged.capacity()).isEqualTo(2);
        assertThat(unchanged.updatedAt()).isNull();

        // by role and grid: residents and the property company may not; a worker does not reach a community-wide one
        call(put(url), one, change("改名", "南门", starts, ends, 3)).andExpect(status().isForbidden());
        call(put(url), economy.user("property"), change("改名", "南门", starts, ends, 3)).andExpect(status().isForbidden());
        Activities.Activity wide = activities.create(economy.xuefu(), new Activities.NewActivity(null, Activities.Kind.FESTIVAL,
                "社区活动 " + a.id(), "广场", null, a.startsAt(), a.endsAt(), 10, null, null, null), economy.staff());
        assertThat(code(call(put("/api/economy/activities/" + wide.id()), worker, change("改名", "南门", starts, ends, 3))
                .andExpect(status().isNotFound()))).isEqualTo("not-found");

        // the same capacity, a new title, place and time: the waiting sign-up moves up when the capacity grows
        JsonNode edited = read(call(put(url), worker, change("周六督导（改）", "南门投放点", starts, ends, 3))
                .andExpect(status().isOk()));
        assertThat(edited.path("title").asString()).isEqualTo("周六督导（改）");
        assertThat(edited.path("place").asString()).isEqualTo("南门投放点");
        assertThat(edited.path("description").asString()).isEqualTo("带手套");
        assertThat(Instant.parse(edited.path("startsAt").asString())).isEqualTo(starts);
        assertThat(edited.path("capacity").asInt()).isEqualTo(3);
        assertThat(edited.path("taken").asInt()).isEqualTo(3);
        assertThat(edited.path("updatedByName").asString()).isEqualTo(worker.displayName());
        assertThat(activities.forResident(a.id(), three).mine().status()).isEqualTo(Activities.SignupStatus.CONFIRMED);
        // the signed-up hear of the new time and place
        for (GridworkUser signedUp : new GridworkUser[] {one, two, three}) {
            await().atMost(Duration.ofSeconds(10)).until(() -> inbox(signedUp, a.id()) == 1);
        }
        // a place is never below those signed up, also when it was raised
        assertThat(code(call(put(url), worker, change("周六督导（改）", "南门投放点", starts, ends, 2))
                .andExpect(status().isConflict()))).isEqualTo("capacity-below-signups");
    }

    @Test
    void aRunningActivityKeepsItsStartAndAFinishedOneIsNotChanged() throws Exception {
        Activities.Activity a = fixtures.activity(5, Activities.Unit.PERSON, Activities.Unit.PERSON, null);
        GridworkUser worker = economy.user("worker");
        String url = "/api/economy/activities/" + a.id();
        fixtures.startedAgo(a.id(), Duration.ofMinutes(30), Duration.ofMinutes(90));
        Activities.Activity running = activities.find(a.id()).orElseThrow();
        Instant later = running.endsAt().plus(Duration.ofHours(1));
        assertThat(code(call(put(url), worker, change(a.title(), a.place(), running.startsAt().plus(Duration.ofMinutes(10)), later, 5))
                .andExpect(status().isConflict()))).isEqualTo("activity-running");
        // its end may move (not into the past)
        call(put(url), worker, change(a.title(), a.place(), running.startsAt(), later, 5)).andExpect(status().isOk());
        assertThat(activities.find(a.id()).orElseThrow().endsAt()).isEqualTo(later);
        assertThat(code(call(put(url), worker, change(a.title(), a.place(), running.startsAt(), Instant.now().minusSeconds(60), 5))
                .andExpect(status().isBadRequest()))).isEqualTo("ends-in-past");

        fixtures.startedAgo(a.id(), Duration.ofHours(3), Duration.ofHours(-1));
        Activities.Activity finished = activities.find(a.id()).orElseThrow();
        assertThat(code(call(put(url), worker, change("改名", a.place(), finished.startsAt(), finished.endsAt(), 5))
                .andExpect(status().isConflict()))).isEqualTo("activity-ended");
        assertThat(code(call(post(url + "/cancel"), worker, "{\"reason\":\"下雨\"}").andExpect(status().isConflict())))
                .isEqualTo("activity-ended");
        Activities.Activity after = activities.find(a.id()).orElseThrow();
        assertThat(after.title()).isEqualTo(a.title());
        assertThat(after.cancelled()).isFalse();
    }

    @Test
    void cancellingTellsTheSignedUpAndNoPointsAreCreditedAfterwards() throws Exception {
        long rule = fixtures.hourlyRule(10);
        Activities.Activity a = fixtures.activity(5, Activities.Unit.PERSON, Activities.Unit.PERSON, rule);
        GridworkUser one = people.freshResident();
        GridworkUser two = people.freshResident();
        activities.signUp(a.id(), null, one);
        activities.signUp(a.id(), null, two);
        GridworkUser worker = economy.user("worker");
        fixtures.startedAgo(a.id(), Duration.ofMinutes(90), Duration.ofMinutes(30));
        // one came, checked out and was verified; the points were not credited yet
        activities.checkIn(a.id(), one.personId(), Instant.now().minus(Duration.ofMinutes(80)), worker);
        activities.checkOut(a.id(), one.personId(), worker);
        activities.verify(a.id(), one.personId(), worker);
        String url = "/api/economy/activities/" + a.id();

        assertThat(code(call(post(url + "/cancel"), worker, "{}").andExpect(status().isBadRequest()))).isEqualTo("field-required");
        call(post(url + "/cancel"), one, "{\"reason\":\"下雨\"}").andExpect(status().isForbidden());
        call(post(url + "/cancel"), economy.user("owners"), "{\"reason\":\"下雨\"}").andExpect(status().isForbidden());
        assertThat(activities.find(a.id()).orElseThrow().cancelled()).isFalse();

        JsonNode cancelled = read(call(post(url + "/cancel"), worker, "{\"reason\":\"暴雨预警，改期另行通知\"}")
                .andExpect(status().isOk()));
        assertThat(cancelled.path("cancelReason").asString()).isEqualTo("暴雨预警，改期另行通知");
        assertThat(cancelled.path("cancelledByName").asString()).isEqualTo(worker.displayName());
        assertThat(cancelled.path("cancelledAt").isNull()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox(one, a.id()) == 1 && inbox(two, a.id()) == 1);
        assertThat(fixtures.count("select count(*) from notify_message where account_id = ? and link = ? and body like ?",
                two.accountId(), "/economy/activities/" + a.id(), "%暴雨预警%")).isEqualTo(1);

        // nothing more happens to it: no credit, no check-in, no sign-up, no second cancellation, no edit
        assertThat(code(call(post(url + "/credit").header("Idempotency-Key", "after-cancel-" + a.id()), worker,
                "{\"personId\":" + one.personId() + "}").andExpect(status().isConflict()))).isEqualTo("activity-cancelled");
        assertThat(code(call(post(url + "/check-in"), worker, "{\"personId\":" + two.personId() + "}")
                .andExpect(status().isConflict()))).isEqualTo("activity-cancelled");
        GridworkUser late = people.freshResident();
        assertThat(code(call(post(url + "/signups"), late, "{}").andExpect(status().isConflict()))).isEqualTo("activity-cancelled");
        assertThat(code(call(post(url + "/cancel"), worker, "{\"reason\":\"再取消\"}").andExpect(status().isConflict())))
                .isEqualTo("activity-cancelled");
        Activities.Activity now = activities.find(a.id()).orElseThrow();
        assertThat(code(call(put(url), worker, change("改名", "南门", now.startsAt(), now.endsAt(), 5))
                .andExpect(status().isConflict()))).isEqualTo("activity-cancelled");
        assertThat(fixtures.count("""
                select count(*) from economy_posting where source_kind = 'ACTIVITY_ATTENDANCE' and source_id in (
                    select id from economy_activity_attendance where activity_id = ?)""", a.id())).isZero();
        // the signed-up still see it, marked cancelled, with their sign-up; the inbox told them once
        Activities.ForResident seen = activities.forResident(one, Instant.now()).stream()
                .filter(v -> v.activity().id() == a.id()).findFirst().orElseThrow();
        assertThat(seen.activity().cancelled()).isTrue();
        assertThat(seen.mine()).isNotNull();
        assertThat(inbox(one, a.id())).isEqualTo(1);
    }

    @Test
    void anActivityWhosePointsWereCreditedIsNotCancelled() throws Exception {
        long rule = fixtures.hourlyRule(10);
        Activities.Activity a = fixtures.activity(5, Activities.Unit.PERSON, Activities.Unit.PERSON, rule);
        GridworkUser one = people.freshResident();
        activities.signUp(a.id(), null, one);
        GridworkUser worker = economy.user("worker");
        fixtures.startedAgo(a.id(), Duration.ofMinutes(90), Duration.ofMinutes(30));
        activities.checkIn(a.id(), one.personId(), Instant.now().minus(Duration.ofMinutes(80)), worker);
        activities.checkOut(a.id(), one.personId(), worker);
        activities.verify(a.id(), one.personId(), worker);
        activities.credit(a.id(), one.personId(), "credited-" + a.id(), worker);
        assertThat(code(call(post("/api/economy/activities/" + a.id() + "/cancel"), worker, "{\"reason\":\"下雨\"}")
                .andExpect(status().isConflict()))).isEqualTo("activity-credited");
        assertThat(activities.find(a.id()).orElseThrow().cancelled()).isFalse();
    }
}
