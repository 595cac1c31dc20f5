package io.gridwork.access.internal;

import java.util.Locale;
import java.util.Set;

import io.gridwork.shared.web.ProblemException;

/**
 * The password rule for self-service passwords (sign-up and a forgotten password): at least 10 characters,
 * not only digits, not a commonly used password, not the mobile number or user name. Kept minimal and in
 * line with the application-wide password policy of issue 11.
 */
final class SignupPasswordRule {

    static final int MIN_LENGTH = 10;

    private static final Set<String> COMMON = Set.of("password", "password1", "password12", "password123", "passw0rd",
            "qwertyuiop", "qwerty123", "qwerty1234", "1q2w3e4r5t", "1qaz2wsx3edc", "abc1234567", "abcdefghij", "iloveyou12",
            "admin12345", "administrator", "welcome123", "woaini1314", "aa12345678", "a123456789", "zxcvbnm123",
            "1234567890a", "a1234567890", "gridwork123", "changeme123", "letmein123", "11111111aa", "qazwsxedc1",
            "gridwork-demo");

    private SignupPasswordRule() {
    }

    /** Throws a 400 {@code weak-password} problem when the password breaks the rule. */
    static void check(String password, String... personal) {
        // the application-wide rule first (length, digits only, common passwords), then the self-service extras
        io.gridwork.access.PasswordPolicy.check(null, password);
        if (password == null || password.length() < MIN_LENGTH) {
            throw ProblemException.badRequest("weak-password", "passwords need at least " + MIN_LENGTH + " characters",
                    java.util.Map.of("field", "password"));
        }
        if (password.length() > 200) {
            throw ProblemException.badRequest("weak-password", "passwords are at most 200 characters",
                    java.util.Map.of("field", "password"));
        }
        if (password.chars().allMatch(Character::isDigit)) {
            throw ProblemException.badRequest("weak-password", "a password of digits only is too easy to guess",
                    java.util.Map.of("field", "password"));
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || password.chars().distinct().count() < 4) {
            throw ProblemException.badRequest("weak-password", "this password is too common",
                    java.util.Map.of("field", "password"));
        }
        for (String p : personal) {
            if (p != null && !p.isBlank() && lower.contains(p.toLowerCase(Locale.ROOT))) {
                throw ProblemException.badRequest("weak-password", "the password must not contain your mobile number or user name",
                        java.util.Map.of("field", "password"));
            }
        }
    }
}
