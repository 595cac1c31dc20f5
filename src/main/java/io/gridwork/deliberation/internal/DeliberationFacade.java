package io.gridwork.deliberation.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.gridwork.deliberation.DeliberationApi;
import io.gridwork.shared.security.GridworkUser;

@Service
class DeliberationFacade implements DeliberationApi {

    private final Meetings meetings;
    private final Decisions decisions;
    private final Renovation renovation;
    private final JdbcClient jdbc;

    DeliberationFacade(Meetings meetings, Decisions decisions, Renovation renovation, JdbcClient jdbc) {
        this.meetings = meetings;
        this.decisions = decisions;
        this.renovation = renovation;
        this.jdbc = jdbc;
    }

    @Override
    public boolean hasNoMeetings() {
        return jdbc.sql("select count(*) from delib_meeting").query(Long.class).single() == 0;
    }

    @Override
    public long createMeeting(long gridId, MeetingKind kind, String title, String place, Instant startsAt, GridworkUser actor) {
        return meetings.create(new Meetings.NewMeeting(gridId, kind, title, place, startsAt), actor).id();
    }

    @Override
    public long addAgendaItem(long meetingId, String title, String detail, GridworkUser actor) {
        return meetings.addAgendaItem(meetingId, title, detail, actor).id();
    }

    @Override
    public void invite(long meetingId, long accountId, GridworkUser actor) {
        meetings.invite(meetingId, accountId, actor);
    }

    @Override
    public void recordAttendance(long meetingId, long accountId, Attendance attendance, GridworkUser actor) {
        meetings.recordAttendance(meetingId, accountId, attendance, actor);
    }

    @Override
    public void writeMinutes(long meetingId, String minutes, GridworkUser actor) {
        meetings.writeMinutes(meetingId, minutes, actor);
    }

    @Override
    public void publishMinutes(long meetingId, GridworkUser actor) {
        meetings.publishMinutes(meetingId, actor);
    }

    @Override
    public long decide(long agendaItemId, String title, Party party, Long ownerAccountId, LocalDate due, GridworkUser actor) {
        return decisions.decide(agendaItemId, new Decisions.NewDecision(title, party, ownerAccountId, due), actor).id();
    }

    @Override
    public void updateDecision(long decisionId, int progress, boolean done, String note, GridworkUser actor) {
        decisions.update(decisionId, done ? "DONE" : "IN_PROGRESS", progress, note, actor);
    }

    @Override
    public long propose(String title, String detail, GridworkUser resident) {
        return renovation.propose(title, detail, resident).id();
    }

    @Override
    public long createProject(long compoundId, List<Long> proposalIds, String title, String description, long budgetFen, Party party,
            Long ownerAccountId, LocalDate due, List<String> stages, GridworkUser actor) {
        return renovation.create(new Renovation.NewProject(compoundId, proposalIds, title, description, budgetFen, party, ownerAccountId,
                due, stages), actor).id();
    }

    @Override
    public void updateProject(long projectId, int progress, String note, GridworkUser actor) {
        renovation.update(projectId, "IN_PROGRESS", progress, note, actor);
    }

    @Override
    public void addSpending(long projectId, long amountFen, LocalDate spentOn, String description, GridworkUser actor) {
        renovation.addSpending(projectId, null, amountFen, spentOn, description, actor);
    }

    @Override
    public void linkPlanVote(long projectId, long voteId, GridworkUser actor) {
        renovation.linkPlanVote(projectId, voteId, actor);
    }
}
