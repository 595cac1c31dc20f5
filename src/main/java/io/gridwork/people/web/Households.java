package io.gridwork.people.web;

import org.springframework.stereotype.Component;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.HouseholdView;
import io.gridwork.people.PeopleApi;
import io.gridwork.people.PersonView;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Scope;
import io.gridwork.shared.web.ProblemException;

/** Scoped access to households and the persons in them. */
@Component
class Households {

    private final GridApi grid;
    private final PeopleApi people;

    Households(GridApi grid, PeopleApi people) {
        this.grid = grid;
        this.people = people;
    }

    HouseholdView scoped(long id) {
        HouseholdView h = grid.household(id).orElseThrow(() -> ProblemException.notFound("household", id));
        Scope.requireHousehold(h.id(), h.microGridPath());
        return h;
    }

    /** A person the caller may see: one living in a household in scope (admins: anyone). */
    PersonView scopedPerson(long personId) {
        GridworkUser user = CurrentUser.get();
        return people.person(personId).filter(p -> p.householdId() == null ? user.isAdmin()
                : grid.household(p.householdId()).filter(h -> Scope.reachesHousehold(user, h.id(), h.microGridPath())).isPresent())
                .orElseThrow(() -> ProblemException.outOfReach("person", personId));
    }
}
