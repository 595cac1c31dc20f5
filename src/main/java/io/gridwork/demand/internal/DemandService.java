package io.gridwork.demand.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.DemandStatus;
import io.gridwork.demand.DemandView;
import io.gridwork.demand.DeviceReport;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.shared.security.GridworkUser;

/**
 * The demand loop's commands, one entry for the web layer and the module's facade. Each use case lives in a
 * class of its own — {@link DemandIntake}, {@link DemandTriage}, {@link DemandHandling}, {@link DemandClosing},
 * with {@link DemandAccess} for who may act — and each command there loads the aggregate, checks who may act,
 * transitions, stores, publishes, in one transaction.
 */
@Service
public class DemandService {

    /** What a reporter (or staff on their behalf) submits. */
    public record Submission(String categoryCode, String description, Long householdId, Long unitId, Long buildingId,
            Double lat, Double lon, String locationText, String contactPhone, Boolean anonymous, Channel channel,
            String reporterName, Long reporterPersonId) {
    }

    /**
     * The demand, whether this call created it (false when an idempotent retry found it), and the demand as
     * the submitter sees it: built from the aggregate in memory when created, read when found again.
     */
    public record Submitted(long id, boolean created, DemandView view) {
    }

    private final DemandIntake intake;
    private final DemandTriage triage;
    private final DemandHandling handling;
    private final DemandClosing closing;
    private final DemandAccess access;
    private final DemandContacts contacts;

    DemandService(DemandIntake intake, DemandTriage triage, DemandHandling handling, DemandClosing closing,
            DemandAccess access, DemandContacts contacts) {
        this.intake = intake;
        this.triage = triage;
        this.handling = handling;
        this.closing = closing;
        this.access = access;
        this.contacts = contacts;
    }

    // ---- the reporter's contact number ----------------------------------------------------------

    /** The reporter's number in full for the handler of an open assignment; each view is recorded. */
    public String revealContact(long id, GridworkUser user, String remoteAddr) {
        return contacts.reveal(id, user, remoteAddr);
    }

    public boolean mayRevealContact(long id, GridworkUser user) {
        return contacts.mayReveal(id, user);
    }

    /** Whether the user reads the record of who saw the number: grid staff of the demand's grid. */
    public boolean readsContactViews(long id, GridworkUser user) {
        return contacts.readsViews(id, user);
    }

    public List<DemandContacts.ContactView> contactViews(long id, GridworkUser user) {
        return contacts.views(id, user);
    }

    // ---- intake -------------------------------------------------------------------------------

    public Optional<Long> findByIdempotencyKey(GridworkUser user, String key) {
        return intake.findByIdempotencyKey(user, key);
    }

    public Optional<Submitted> replay(GridworkUser user, String key) {
        return intake.replay(user, key);
    }

    /**
     * Submits a demand once per account and idempotency key: a retry with a key used before (or one racing the
     * first) fails on the key's unique index and is answered with the demand the key created. Any other duplicate
     * is a reference number drawn twice ({@link #freshReference}).
     */
    public Submitted submit(Submission s, GridworkUser user, String idempotencyKey) {
        return freshReference(() -> {
            try {
                return intake.submit(s, user, idempotencyKey);
            } catch (DuplicateKeyException used) {
                return intake.replay(user, idempotencyKey).orElseThrow(() -> used);
            }
        });
    }

    /** Attempts at a new demand whose random reference number was already taken that day. */
    static final int REFERENCE_ATTEMPTS = 3;

    /**
     * A new demand, taken in again (a new transaction, a new reference number) when its reference number was
     * already taken: six random characters a day, about one in two billion per demand of that day, so at the
     * intake's peak rate a few a day in a large city. The caller would otherwise get a 409 for a report that had
     * done nothing wrong (issue 17: one or two in each benchmark run of 20,000). Inside a caller's transaction the
     * failed statement has spoiled that transaction, so the duplicate is the caller's to handle.
     */
    static <T> T freshReference(java.util.function.Supplier<T> intake) {
        boolean own = !org.springframework.transaction.support.TransactionSynchronizationManager.isActualTransactionActive();
        for (int attempt = 1; ; attempt++) {
            try {
                return intake.get();
            } catch (DuplicateKeyException taken) {
                if (!own || attempt == REFERENCE_ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }

    public long raiseFromDevice(DeviceReport r) {
        return freshReference(() -> intake.raiseFromDevice(r));
    }

    public void noteFromDevice(long id, String deviceCode, String note) {
        intake.noteFromDevice(id, deviceCode, note);
    }

    public long submitExternal(DemandApi.ExternalSubmission s) {
        return freshReference(() -> intake.submitExternal(s));
    }

    // ---- triage ---------------------------------------------------------------------------------

    public void accept(long id, Grade grade, String categoryCode, String note, GridworkUser user) {
        triage.accept(id, grade, categoryCode, note, user);
    }

    public void reject(long id, String reason, GridworkUser user) {
        triage.reject(id, reason, user);
    }

    public void merge(long id, long intoId, String note, GridworkUser user) {
        triage.merge(id, intoId, note, user);
    }

    public void dispatch(long id, Set<Party> parties, String note, GridworkUser user) {
        triage.dispatch(id, parties, note, user);
    }

    public void reroute(long id, Set<Party> add, Set<Party> withdraw, String reason, GridworkUser user) {
        triage.reroute(id, add, withdraw, reason, user);
    }

    // ---- handling ------------------------------------------------------------------------------

    public void startAssignment(long id, long assignmentId, String note, GridworkUser user) {
        handling.startAssignment(id, assignmentId, note, user);
    }

    public void plan(long id, String measures, Instant deadline, GridworkUser user) {
        handling.plan(id, measures, deadline, user);
    }

    public void completeAssignment(long id, long assignmentId, String note, GridworkUser user) {
        handling.completeAssignment(id, assignmentId, note, user);
    }

    public void resolveOnSpot(long id, String note, GridworkUser user) {
        handling.resolveOnSpot(id, note, user);
    }

    public void hold(long id, String reason, GridworkUser user) {
        handling.hold(id, reason, user);
    }

    public void resume(long id, String note, GridworkUser user) {
        handling.resume(id, note, user);
    }

    // ---- closing the loop and supervision ---------------------------------------------------------

    public void verify(long id, String note, GridworkUser user) {
        closing.verify(id, note, user);
    }

    public void confirm(long id, String note, GridworkUser user) {
        closing.confirm(id, note, user);
    }

    public void reopen(long id, String comment, GridworkUser user) {
        closing.reopen(id, comment, user);
    }

    public void rate(long id, int stars, String comment, GridworkUser user) {
        closing.rate(id, stars, comment, user);
    }

    public void supervise(long id, String note, GridworkUser user) {
        closing.supervise(id, note, user);
    }

    // ---- who may act -----------------------------------------------------------------------------

    static boolean isGridStaff(GridworkUser user) {
        return DemandAccess.isGridStaff(user);
    }

    static boolean mayActFor(Party party, GridworkUser user) {
        return DemandAccess.mayActFor(party, user);
    }

    Set<Party> openParties(long demandId) {
        return access.openParties(demandId);
    }

    static List<DemandStatus> openStatuses() {
        return DemandAccess.openStatuses();
    }
}
