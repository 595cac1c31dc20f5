package io.gridwork.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * MockMvc requests on behalf of an account, loaded as at sign-in (roles, permissions and grid scope
 * of the demo accounts: admin, street, community, compound, leader, worker, resident, ...).
 */
public final class SignedIn {

    /** The password of every demo account. */
    public static final String DEMO_PASSWORD = "gridwork-demo";

    private SignedIn() {
    }

    public static RequestPostProcessor as(UserDetailsService accounts, String username) {
        return user(accounts.loadUserByUsername(username));
    }
}
