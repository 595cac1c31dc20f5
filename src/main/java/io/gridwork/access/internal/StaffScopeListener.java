package io.gridwork.access.internal;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.gridwork.people.StaffAssignmentChanged;

/**
 * Staff assignments feed an account's grid scope: when a person's assignments change, their accounts'
 * {@code authz_version} moves on in the same transaction, so that their sessions pick up the new scope on
 * their next request (see {@link AccountStateFilter}).
 */
@Component
class StaffScopeListener {

    private final AccountAdmin admin;

    StaffScopeListener(AccountAdmin admin) {
        this.admin = admin;
    }

    @EventListener
    void on(StaffAssignmentChanged event) {
        admin.personChanged(event.personId());
    }
}
