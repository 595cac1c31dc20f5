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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.economy.internal.Recognition;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.support.GridworkTest;
import tools.jackson.databind.JsonNode;

/** Recognition: a round, nominations within the community, one vote per resident in the window, the published result. */
@GridworkTest
class RecognitionApiTests extends EconomyApiSupport {

    @Autowired
    Recognition recognition;
    @Autowired
    JdbcClient jdbc;

    /** Moves the round's window: nominations ended {@code ago}, voting ends {@code left} from now. */
    void window(long round, Duration nominationsEndedAgo, Duration votingLeft) {
        Instant now = Instant.now();
        jdbc.sql("update economy_recognition_round set nominations_end = ?, voting_end = ? where id = ?")
                .params(java.sql.Timestamp.from(now.minus(nominationsEndedAgo)), java.sql.Timestamp.from(now.plus(votingLeft)), round)
                .update();
    }

    long votes(long round) {
        return fixtures.count("select count(*) from economy_recognition_vote where round_id = ?", round);
    }

    @Test
    void residentsNominateAndVoteOnceAndTheStaffPublishTheResult() throws Exception {
        long xuefu = economy.xuefu();
        GridworkUser staff = economy.staff();
        String nominationsEnd = Instant.now().plus(Duration.ofDays(3)).toString();
        String votingEnd = Instant.now().plus(Duration.ofDays(6)).toString();
        assertThat(code(call(post("/api/economy/communities/" + xuefu + "/recognition"), staff, """
                {"award":"VOLUNTEER","title":"优秀志愿者","period":"2026 年","nominationsEnd":"%s","votingEnd":"%s"}"""
                .formatted(votingEnd, nominationsEnd)).andExpect(status().isBadRequest()))).isEqualTo("invalid-window");
        JsonNode round = read(call(post("/api/economy/communities/" + xuefu + "/recognition"), staff, """
                {"award":"VOLUNTEER","title":"2026 年度优秀志愿者","period":"2026 年","nominationsEnd":"%s","votingEnd":"%s",
                 "winners":1}""".formatted(nominationsEnd, votingEnd)).andExpect(status().isCreated()));
        long id = round.path("id").asLong();
        String base = "/api/economy/recognition/" + id;

        GridworkUser alice = people.freshResident();
        GridworkUser bob = people.freshResident();
        GridworkUser carol = people.freshResident();
        GridworkUser outsider = fixtures.residentOf("城市花园三期");
        // nominating someone outside the community: refused, nothing changed
        assertThat(code(call(post(base + "/nominations"), alice, """
                {"personId":%d,"reason":"热心"}""".formatted(outsider.personId())).andExpect(status().isBadRequest())))
                .isEqualTo("nominee-not-in-community");
        assertThat(fixtures.count("select count(*) from economy_recognition_nominee where round_id = ?", id)).isZero();
        // a resident of another community does not reach the round
        call(post(base + "/nominations"), outsider, "{\"personId\":%d,\"reason\":\"x\"}".formatted(bob.personId()))
                .andExpect(status().isNotFound());
        call(get(base), outsider, null).andExpect(status().isNotFound());

        JsonNode nominee = read(call(post(base + "/nominations"), alice, """
                {"personId":%d,"reason":"每周都来垃圾分类督导"}""".formatted(bob.personId())).andExpect(status().isCreated()));
        long bobNominee = nominee.path("id").asLong();
        assertThat(code(call(post(base + "/nominations"), alice, """
                {"personId":%d,"reason":"再提一次"}""".formatted(bob.personId())).andExpect(status().isConflict())))
                .isEqualTo("already-nominated");
        call(post(base + "/nominations"), carol, """
                {"personId":%d,"reason":"雨季巡查不落一次"}""".formatted(bob.personId())).andExpect(status().isCreated());
        long carolNominee = read(call(post(base + "/nominations"), bob, """
                {"personId":%d,"reason":"带着孩子参加活动"}""".formatted(carol.personId())).andExpect(status().isCreated()))
                .path("id").asLong();
        // voting outside the window
        assertThat(code(call(post(base + "/votes"), alice, "{\"nomineeId\":" + bobNominee + "}").andExpect(status().isConflict())))
                .isEqualTo("voting-closed");
        assertThat(votes(id)).isZero();

        window(id, Duration.ofMinutes(1), Duration.ofDays(1));
        assertThat(code(call(post(base + "/nominations"), alice, """
                {"personId":%d,"reason":"晚了"}""".formatted(carol.personId())).andExpect(status().isConflict())))
                .isEqualTo("nominations-closed");
        call(post(base + "/votes"), alice, "{\"nomineeId\":" + bobNominee + "}").andExpect(status().isCreated());
        // the same vote again is the same vote; another choice is refused
        call(post(base + "/votes"), alice, "{\"nomineeId\":" + bobNominee + "}").andExpect(status().isOk());
        assertThat(code(call(post(base + "/votes"), alice, "{\"nomineeId\":" + carolNominee + "}").andExpect(status().isConflict())))
                .isEqualTo("already-voted");
        call(post(base + "/votes"), carol, "{\"nomineeId\":" + bobNominee + "}").andExpect(status().isCreated());
        call(post(base + "/votes"), bob, "{\"nomineeId\":" + carolNominee + "}").andExpect(status().isCreated());
        assertThat(votes(id)).isEqualTo(3);
        // no counts while voting, no publishing before it ends
        assertThat(read(call(get(base), alice, null).andExpect(status().isOk())).path("nominees").get(0).path("votes").isNull()).isTrue();
        assertThat(code(call(post(base + "/publish"), staff, null).andExpect(status().isConflict()))).isEqualTo("voting-open");

        window(id, Duration.ofDays(2), Duration.ofMinutes(-1));
        assertThat(code(call(post(base + "/votes"), people.freshResident(), "{\"nomineeId\":" + bobNominee + "}")
                .andExpect(status().isConflict()))).isEqualTo("voting-closed");
        JsonNode published = read(call(post(base + "/publish"), staff, null).andExpect(status().isOk()));
        assertThat(published.path("phase").asString()).isEqualTo("PUBLISHED");
        JsonNode first = published.path("nominees").get(0);
        assertThat(first.path("name").asString()).isEqualTo(bob.displayName());
        assertThat(first.path("votes").asLong()).isEqualTo(2);
        assertThat(first.path("winner").asBoolean()).isTrue();
        assertThat(published.path("nominees").get(1).path("winner").asBoolean()).isFalse();
        assertThat(code(call(post(base + "/publish"), staff, null).andExpect(status().isConflict()))).isEqualTo("already-published");
        assertThat(recognition.honours(xuefu).stream().filter(h -> h.round().id() == id).findFirst().orElseThrow().winners())
                .extracting(Recognition.Nominee::name).containsExactly(bob.displayName());
    }

    @Test
    void aResidentVotesOnceHoweverManyTimesTheyPressAtOnce() throws Exception {
        Recognition.Round r = recognition.open(economy.xuefu(), new Recognition.NewRound(Recognition.Award.VOLUNTEER, "并发投票测试",
                "2026 年", Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(2)), 1), economy.staff());
        GridworkUser a = people.freshResident();
        GridworkUser b = people.freshResident();
        GridworkUser voter = people.freshResident();
        long na = recognition.nominate(r.id(), a.personId(), "热心", voter).id();
        long nb = recognition.nominate(r.id(), b.personId(), "负责", voter).id();
        window(r.id(), Duration.ofMinutes(1), Duration.ofDays(1));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                long choice = i % 2 == 0 ? na : nb;
                results.add(pool.submit(() -> {
                    try {
                        Recognition.Vote v = recognition.vote(r.id(), choice, voter);
                        return v.replayed() ? "again:" + v.nomineeId() : "new:" + v.nomineeId();
                    } catch (ProblemException e) {
                        return e.code();
                    }
                }));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get());
            }
            assertThat(outcomes.stream().filter(o -> o.startsWith("new:")).count()).isEqualTo(1);
            String chosen = outcomes.stream().filter(o -> o.startsWith("new:")).findFirst().orElseThrow().substring(4);
            assertThat(outcomes).allMatch(o -> o.equals("new:" + chosen) || o.equals("again:" + chosen) || o.equals("already-voted"));
            assertThat(outcomes.stream().filter("already-voted"::equals).count()).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
        assertThat(votes(r.id())).isEqualTo(1);
    }

    @Test
    void gridWorkersAreNominatedForTheirCommunityOnly() {
        Recognition.Round r = recognition.open(economy.xuefu(), new Recognition.NewRound(Recognition.Award.GRID_WORKER, "最美网格员",
                "2026 年", Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(2)), 3), economy.staff());
        GridworkUser resident = people.freshResident();
        long worker = economy.user("worker").personId();
        assertThat(recognition.candidates(r.id(), resident)).extracting(Recognition.Candidate::personId).contains(worker);
        assertThat(recognition.nominate(r.id(), worker, "天天在小区巡查", resident).personId()).isEqualTo(worker);
        // a plain resident is no grid worker
        try {
            recognition.nominate(r.id(), people.freshResident().personId(), "热心", resident);
            org.assertj.core.api.Assertions.fail("a resident who is no grid worker was nominated");
        } catch (ProblemException e) {
            assertThat(e.code()).isEqualTo("nominee-not-in-community");
        }
    }
}
