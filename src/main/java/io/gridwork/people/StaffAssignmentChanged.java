package io.gridwork.people;

/**
 * A person's staff assignments changed (one was made, ended or moved). Published in the transaction that
 * changes them; the access module rebuilds the grid scope of the person's accounts from it at once.
 */
public record StaffAssignmentChanged(long personId) {
}
