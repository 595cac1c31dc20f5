package io.gridwork.demand;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.gridwork.shared.security.GridworkUser;

/** What other modules may ask of the demand module. */
public interface DemandApi {

    /** A demand without the viewer checks of the web layer (for notifications and integrations). */
    Optional<DemandView> find(long id);

    List<CategoryView> categories(long communityId);

    /** Every category code in use anywhere with its names (the shared catalogue first, then communities' own). */
    java.util.Map<String, CategoryView> catalogue();

    /**
     * Raises a demand from a device: accepted and dispatched at once, with the report's image (if any)
     * as its report photo. Runs in the caller's transaction.
     */
    long raiseFromDevice(DeviceReport report);

    /** Adds a step to a demand's timeline on behalf of a device (a repeat of the incident it raised). */
    void noteFromDevice(long demandId, String deviceCode, String note);

    /** Checks an image as demand photos are checked (size, pixels, real content); throws a 4xx ProblemException. */
    void checkPhoto(byte[] content, String name);

    /**
     * Takes in a demand from an integrated client system (Open311) on a resident's behalf: no account
     * reports it, the client's name is the actor of the first step. The place must lie inside
     * {@code withinGridPath}; refusals are {@code ProblemException}s with the demand module's codes.
     */
    long submitExternal(ExternalSubmission submission);

    /** Demands for an integration's list, newest first, at most {@code query.limit()}, without personal data. */
    List<Digest> digests(DigestQuery query);

    /**
     * A page of {@link #digests} after {@code cursor} (null or blank: the first page; at most {@code query.limit()}
     * rows) with the cursor of the next page, null on the last. The cursor is opaque and signed: one this list did
     * not issue is a 400 {@code invalid-cursor} ProblemException.
     */
    DigestPage digestPage(DigestQuery query, String cursor);

    /** A page of digests and the cursor of the next page (null on the last). */
    record DigestPage(List<Digest> items, String next) {
    }

    /** Timeline steps of the demands under a grid path, oldest first (id order), at most {@code limit}. */
    List<Step> steps(String gridPath, Channel onlyChannel, Instant from, Instant to, int limit);

    /** Buildings under a grid path whose 码上办 posters have been downloaded for printing at least once. */
    long buildingsWithPosters(String gridPath);

    /** Demands under a grid path that staff have taken up (accepted, dispatched, handled or closed). */
    long demandsTakenUp(String gridPath);

    /**
     * 交接: moves the open demands under {@code gridPath} in the charge of {@code fromAccountIds} (the handler set by an
     * earlier hand-over, or the worker who accepted) to {@code toAccountId}, with a HANDED_OVER step carrying
     * {@code note}; closed demands and the history stay. Returns how many moved; a repeat moves nothing.
     */
    int handOver(Collection<Long> fromAccountIds, long toAccountId, String gridPath, String note, String actorName);

    /** Open demands under {@code gridPath} in the charge of this account. */
    List<Long> openDemandsHandledBy(long accountId, String gridPath);

    /**
     * The official calendar's marks between two days (inclusive): public holidays ({@code HOLIDAY}) and make-up
     * working days ({@code WORKDAY}, 调休), with their names. Days without a mark follow the week.
     */
    java.util.Map<java.time.LocalDate, CalendarMark> calendar(java.time.LocalDate from, java.time.LocalDate to);

    /** Marks a day of the official calendar {@code HOLIDAY} or {@code WORKDAY}; a null kind clears the mark. */
    void markCalendarDay(java.time.LocalDate day, String kind, String name);

    /**
     * How many demands the viewer's inbox ({@code /demands}) lists with these filters (each may be null; {@code from}
     * and {@code to} bound the submission time, {@code to} exclusive): the figure behind a link to that list.
     */
    long countInbox(InboxQuery query, GridworkUser viewer);

    /** The filters of the inbox ({@code /demands}). */
    record InboxQuery(Set<DemandStatus> statuses, String categoryCode, Party party, DemandView.Colour colour, Long gridId,
            Instant from, Instant to, DemandView.Measure measure) {
    }

    /** A day's mark in the official calendar. */
    /**
     * The demo's history: about {@code days} days of demands in the cast's buildings, each living its life through the
     * loop's own commands at the times it would have happened (the last days leave demands open in every state).
     * Deterministic for a seed; returns how many demands were seeded. For the demo only.
     */
    int seedHistory(HistoryCast cast, int days, long seed);

    /** Whether a demand was submitted before {@code at} (the demo seeds its history once, into a loop without one). */
    boolean anySubmittedBefore(Instant at);

    /** Who plays the demo's history: residents who report, the worker, the property company, the community secretary. */
    record HistoryCast(java.util.List<io.gridwork.shared.security.GridworkUser> residents,
            io.gridwork.shared.security.GridworkUser worker, io.gridwork.shared.security.GridworkUser property,
            io.gridwork.shared.security.GridworkUser community, java.util.List<Long> buildingIds) {
    }

    record CalendarMark(String kind, String name) {
    }

    /** The demand's place: a household, building or point; the contact phone is stored encrypted and masked. */
    record ExternalSubmission(String categoryCode, String description, Long householdId, Long buildingId, Double lat,
            Double lon, String locationText, String contactPhone, String reporterName, boolean anonymous,
            Channel channel, String withinGridPath, String clientName) {
    }

    /**
     * Filters of an integration's list: {@code refNos} (when not empty the other filters but the grid are
     * ignored), categories, submission window, open or closed ({@code null}: both), one channel only.
     */
    record DigestQuery(String gridPath, Collection<String> refNos, Collection<String> categoryCodes, Instant from,
            Instant to, Boolean open, Channel onlyChannel, int limit) {
    }

    /** A demand as an integration may show it: no reporter, no phone, the place down to the building. */
    record Digest(long id, String refNo, DemandStatus status, String categoryCode, String description, Channel channel,
            long communityId, String gridPath, Long buildingId, Double lat, Double lon, Instant submittedAt,
            Instant updatedAt, Instant resolveDueAt, String lastNote, Set<Party> parties) {
    }

    /** One timeline step (its id is stable). */
    record Step(long id, long demandId, String refNo, Instant at, String action, DemandStatus status, String note) {
    }

    /**
     * The community's daily supervision board (每日督办) as its staff see it: the yellow and red demands under
     * {@code communityPath} (red first, at most 500 of each), each with the parties still working on it (none: the grid).
     * No viewer check: for the daily digest to the community's designated person.
     */
    List<BoardItem> supervisionBoard(String communityPath);

    /** A yellow or red demand of the board; {@code colour} YELLOW or RED. */
    record BoardItem(long id, String refNo, String colour, String categoryCode, String description, Instant dueAt,
            List<Party> openParties) {
    }
}
