package io.gridwork.shared.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Access to the signed-in {@link GridworkUser} of the current request. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static Optional<GridworkUser> find() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof GridworkUser user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    public static GridworkUser get() {
        return find().orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("not signed in"));
    }
}
