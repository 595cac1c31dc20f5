package io.gridwork.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.gridwork.shared.web.ProblemException;

/**
 * The rule every password must pass wherever it is set (accounts made by hand, in bulk, on first start,
 * changed by their owner, reset by a manager): at least 10 characters, not digits only, not the user
 * name, not one of the commonly used passwords. A refusal is a 400 {@code weak-password} whose
 * {@code reason} says which rule failed ({@code too-short}, {@code digits-only}, {@code same-as-username},
 * {@code too-common}); pages show {@code error.weak-password.<reason>}.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    private static final int MAX_LENGTH = 128;
    private static final Set<String> COMMON = load();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** No look-alikes (0/O, 1/l/I), so that a password read aloud or copied from paper works. */
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private PasswordPolicy() {
    }

    /** Refuses a password that breaks the rule; returns quietly otherwise. */
    public static void check(String username, String password) {
        String reason = problem(username, password);
        if (reason != null) {
            throw ProblemException.badRequest("weak-password", message(reason), Map.of("reason", reason, "field", "password"));
        }
    }

    /** Which rule the password breaks ({@code too-short}, ...), or null when it passes. */
    public static String problem(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "too-short";
        }
        if (password.length() > MAX_LENGTH) {
            return "too-long";
        }
        if (password.chars().allMatch(Character::isDigit)) {
            return "digits-only";
        }
        if (username != null && password.equalsIgnoreCase(username.strip())) {
            return "same-as-username";
        }
        if (COMMON.contains(password.toLowerCase(Locale.ROOT))) {
            return "too-common";
        }
        return null;
    }

    /** A random password that passes the rule: 14 characters, about 81 bits. */
    public static String generate() {
        while (true) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 14; i++) {
                b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            String p = b.toString();
            if (p.chars().anyMatch(Character::isDigit) && p.chars().anyMatch(Character::isLetter) && problem(null, p) == null) {
                return p;
            }
        }
    }

    private static String message(String reason) {
        return switch (reason) {
            case "too-short" -> "a password needs at least " + MIN_LENGTH + " characters";
            case "too-long" -> "a password may have at most " + MAX_LENGTH + " characters";
            case "digits-only" -> "a password must not be digits only";
            case "same-as-username" -> "a password must not be the user name";
            default -> "this password is among the most commonly used ones";
        };
    }

    private static Set<String> load() {
        Set<String> out = new HashSet<>();
        try (var in = PasswordPolicy.class.getResourceAsStream("/access/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("access/common-passwords.txt is missing");
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(line.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
