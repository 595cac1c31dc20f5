package io.gridwork.access.internal;

import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.gridwork.shared.security.GridworkUser;

/** Password sign-in that keeps the password hash out of the session. */
class AccountAuthenticationProvider extends DaoAuthenticationProvider {

    AccountAuthenticationProvider(AccountService accounts, PasswordEncoder passwords) {
        super(accounts);
        setPasswordEncoder(passwords);
        // the password is checked first, for every known account: a locked (or disabled) account costs the same
        // work as a wrong password and answers the same, so the answer's timing does not reveal the lock
        setPreAuthenticationChecks(user -> { });
        setPostAuthenticationChecks(new org.springframework.security.authentication.AccountStatusUserDetailsChecker());
    }

    @Override
    protected Authentication createSuccessAuthentication(Object principal, Authentication authentication, UserDetails user) {
        Object safe = user instanceof GridworkUser g ? g.withoutPassword() : user;
        return super.createSuccessAuthentication(safe, authentication, (UserDetails) safe);
    }
}
