package io.gridwork.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;

/** A locked account's sign-in takes the same path as a wrong password: the encoder runs, the same refusal. */
class LockedSignInPathTests {

    private final PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final AtomicInteger checks = new AtomicInteger();
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return real.matches(raw, encoded);
        }
    };

    private AccountAuthenticationProvider provider(boolean locked) {
        AccountService accounts = mock(AccountService.class);
        when(accounts.loadUserByUsername("someone")).thenReturn(new GridworkUser(1L, "someone", real.encode("correct-horse"),
                "某人", null, null, Set.of(Role.MERCHANT), Set.of(), List.of(), true, locked, 1));
        return new AccountAuthenticationProvider(accounts, counting);
    }

    private Throwable signIn(boolean locked, String password) {
        return catchThrowable(() -> provider(locked).authenticate(
                UsernamePasswordAuthenticationToken.unauthenticated("someone", password)));
    }

    @Test
    void aLockedAccountChecksThePasswordLikeAnUnlockedOne() {
        Throwable unlocked = signIn(false, "wrong-password");
        assertThat(checks.getAndSet(0)).isEqualTo(1);
        Throwable locked = signIn(true, "wrong-password");
        assertThat(checks.get()).as("the password encoder runs for a locked account too").isEqualTo(1);
        assertThat(locked).isInstanceOf(BadCredentialsException.class);
        assertThat(locked.getClass()).isEqualTo(unlocked.getClass());
    }

    @Test
    void aLockedAccountIsStillRefusedForTheRightPassword() {
        assertThat(signIn(true, "correct-horse")).isNotNull();
        assertThat(checks.get()).isEqualTo(1);
        assertThat(signIn(false, "correct-horse")).isNull();
    }
}
