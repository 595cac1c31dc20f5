package io.gridwork.notify;

import java.time.Instant;
import java.util.List;

import io.gridwork.shared.security.GridworkUser;

/**
 * The group matrix as other modules (the demo) may use it: audiences over the grid, their managers, notices and
 * tasks, answers and read receipts. Every call checks the actor as the pages and the API do.
 */
public interface GroupsApi {

    /** An audience for a community, compound or micro-grid ({@code gridId}) or a building ({@code buildingId}). */
    long createAudience(Long gridId, Long buildingId, String name, GridworkUser actor);

    /** Makes an account the audience's OWNER or ADMIN. */
    void addManager(long audienceId, long accountId, boolean owner, GridworkUser actor);

    /** Publishes a notice ({@code task} false) or a task with optional answer options; returns its id. */
    long publish(long audienceId, boolean task, String title, String body, List<String> options, Instant dueAt,
            GridworkUser actor);

    /** The actor's household answers a task (a later answer of the household replaces it). */
    void answer(long noticeId, String answer, GridworkUser actor);

    /** The actor's read receipt. */
    void markRead(long noticeId, GridworkUser actor);

    /** Asks a question on a notice; returns its id. */
    long ask(long noticeId, String question, GridworkUser actor);

    void reply(long noticeId, long questionId, String reply, GridworkUser actor);

    /** Audiences (groups) over grids and buildings under a grid path. */
    long audiencesUnder(String gridPath);

    /**
     * 交接: the OWNER and ADMIN places of {@code fromAccountIds} in the audiences under {@code gridPath} go to
     * {@code toAccountId}. Returns the number of audiences; a repeat changes nothing. Not checked against an actor:
     * the people module's hand-over is.
     */
    int handOverManagers(java.util.Collection<Long> fromAccountIds, long toAccountId, String gridPath);

    /** Audiences under {@code gridPath} this account manages (OWNER or ADMIN). */
    List<Long> managedAudiences(long accountId, String gridPath);

    /** Unread messages in this account's in-app inbox (the figure of the menu's badge). */
    long unreadMessages(long accountId);

    /**
     * Tasks (not notices) published in {@code [from, to)} to the audiences under {@code gridPath}, one row per task and
     * building of its recipient households: the households asked (recipients at publication) and the households that
     * answered (answers are taken until the task's due time, so an answer is an answer on time). No viewer check: for the
     * evaluation of grid workers (tasks answered).
     */
    List<TaskAnswers> taskAnswersByBuilding(String gridPath, Instant from, Instant to);

    /** One task's households in one building: asked and answered. */
    record TaskAnswers(long noticeId, String title, Instant publishedAt, Instant dueAt, long buildingId, long asked,
            long answered) {
    }
}
