package io.gridwork.people;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import io.gridwork.shared.security.GridworkUser;

/** What other modules may ask of the people module. */
public interface PeopleApi {

    /** Creates a person after validating the ID card (GB 11643) and phone numbers. */
    long createPerson(NewPerson person);

    Optional<PersonView> person(long id);

    Optional<Long> findByIdCard(String idCard);

    List<PersonView> membersOf(long householdId);

    void addMember(long householdId, long personId, String relation, LocalDate since);

    void tag(long personId, CareTag tag);

    /** Replaces the care tags of a person. */
    void setTags(long personId, java.util.Set<CareTag> tags);

    /**
     * Registers a resident in a household: an existing person (same ID card number) moves in, a new
     * one is created. Returns the person's id.
     */
    long register(long householdId, NewPerson person, String relation);

    /** Ends a person's membership of a household (moved out), keeping the history. */
    void leave(long householdId, long personId);

    long assign(long personId, StaffRole role, Long gridId, Long buildingId, Long unitId, LocalDate start, LocalDate end);

    List<AssignmentView> activeAssignmentsOf(long personId);

    /** Assignments running today on a grid. */
    List<AssignmentView> staffOf(long gridId);

    Optional<Long> currentHouseholdOf(long personId);

    /**
     * The current member of a household with this name whose ID card number ends with {@code idSuffix}
     * (compared inside this module against the decrypted number, which never leaves it). Empty when nobody,
     * or more than one member, matches.
     */
    Optional<Long> memberByNameAndIdSuffix(long householdId, String name, String idSuffix);

    /** The full number of a person's ID card or phone; writes the audit entry first. */
    String unmask(long personId, PiiField field, String reason, GridworkUser actor, String remoteAddr);

    /**
     * Writes a refused unmask attempt to the audit log (in its own transaction, so that it stays when the refusal
     * rolls back the caller's work). {@code field} may be null when the attempt did not say which.
     */
    void recordRefusedUnmask(long personId, PiiField field, String reason, GridworkUser actor, String remoteAddr,
            UnmaskOutcome outcome);

    /** What became of an unmask attempt, as the audit log records it. */
    enum UnmaskOutcome { GRANTED, NO_PERMISSION, OUT_OF_SCOPE, NOT_FOUND, REASON_REQUIRED, REFUSED;

        /** The outcome a refusal of the scope check stands for (a person outside the caller's grids, or unknown). */
        public static UnmaskOutcome ofScopeRefusal(io.gridwork.shared.web.ProblemException e) {
            return e.status() == org.springframework.http.HttpStatus.BAD_REQUEST ? REFUSED : OUT_OF_SCOPE;
        }
    }

    long createPartyOrg(Long parentId, PartyOrgLevel level, String name, Long gridId, Long buildingId);

    long addPartyMember(long personId, long orgId, LocalDate joinedOn, LocalDate registeredOn, boolean mobile,
            String homeOrgName);

    /** Counts below a grid (households, residents, staff) with its micro-grid rule warnings. */
    GridStats statsOf(io.gridwork.grid.GridNode node);

    /** Persons with a staff assignment running today on a grid, building or unit under a grid path. */
    List<Long> staffPersonsUnder(String gridPath);

    /**
     * Staff assignments on a grid, building or unit under a grid path that ran on at least one day of
     * {@code from}..{@code to} (ended ones included), by person and start: the evaluation scores the days served.
     */
    List<AssignmentView> assignmentsUnder(String gridPath, LocalDate from, LocalDate to);

    /** A new person; numbers in clear, to be encrypted on the way in. */
    record NewPerson(String name, String idCard, String phone, String note) {
    }

    enum PiiField { ID_CARD, PHONE }

    /** Relations to the head of household, as the register records them. */
    java.util.Set<String> RELATIONS = java.util.Set.of("HEAD", "SPOUSE", "CHILD", "PARENT", "GRANDCHILD", "TENANT", "OTHER");

    enum PartyOrgLevel { STREET_COMMITTEE, COMMUNITY_ORG, GRID_BRANCH, BUILDING_GROUP }
}
