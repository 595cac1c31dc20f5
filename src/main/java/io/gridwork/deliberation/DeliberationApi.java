package io.gridwork.deliberation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.gridwork.shared.security.GridworkUser;

/**
 * What other modules (the demo seeder; later the votes module) may ask of deliberation. Every call checks the actor
 * as the API does.
 */
public interface DeliberationApi {

    /** Kinds of meeting: 联席会议, 居民议事会, 恳谈会, "1+1+N" 楼栋代表议事会. */
    enum MeetingKind { JOINT, COUNCIL, CONSULTATION, BUILDING_COUNCIL }

    /** Who carries out a decision or a project. */
    enum Party { PROPERTY, OWNERS_COMMITTEE, PARTY_BRANCH, COMMUNITY, GRID_WORKERS }

    enum Attendance { PRESENT, ABSENT, EXCUSED }

    /** True when no meeting exists yet. */
    boolean hasNoMeetings();

    /** Creates a meeting on a community or compound grid; returns its id. */
    long createMeeting(long gridId, MeetingKind kind, String title, String place, Instant startsAt, GridworkUser actor);

    /** Adds an agenda item; returns its id. */
    long addAgendaItem(long meetingId, String title, String detail, GridworkUser actor);

    void invite(long meetingId, long accountId, GridworkUser actor);

    void recordAttendance(long meetingId, long accountId, Attendance attendance, GridworkUser actor);

    void writeMinutes(long meetingId, String minutes, GridworkUser actor);

    void publishMinutes(long meetingId, GridworkUser actor);

    /** Records a decision on an agenda item; returns its id. */
    long decide(long agendaItemId, String title, Party party, Long ownerAccountId, LocalDate due, GridworkUser actor);

    /** A dated progress update ({@code done} closes the decision with the note). */
    void updateDecision(long decisionId, int progress, boolean done, String note, GridworkUser actor);

    /** A resident's proposal for the compound they live in; returns its id. */
    long propose(String title, String detail, GridworkUser resident);

    /** A renovation project made from proposals of one compound, with its stages; returns its id. */
    long createProject(long compoundId, List<Long> proposalIds, String title, String description, long budgetFen,
            Party party, Long ownerAccountId, LocalDate due, List<String> stages, GridworkUser actor);

    /** A dated progress update of a renovation project. */
    void updateProject(long projectId, int progress, String note, GridworkUser actor);

    /** Books a spending entry of a renovation project (fen, above zero). */
    void addSpending(long projectId, long amountFen, LocalDate spentOn, String description, GridworkUser actor);

    /**
     * Links the residents' vote on a project's plan (held by the votes module) to the project. Only once; community,
     * street and admin staff covering the compound.
     */
    void linkPlanVote(long projectId, long voteId, GridworkUser actor);
}
