package io.gridwork.people;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** Resident identity card numbers under GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character. */
public final class IdCardNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    private static final DateTimeFormatter BIRTH = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    private IdCardNumber() {
    }

    /** The check character for the first 17 digits. */
    public static char checkDigit(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Upper-cases a trailing x and strips spaces; does not validate. */
    public static String normalize(String raw) {
        return raw == null ? null : raw.replace(" ", "").strip().toUpperCase();
    }

    /** Null when valid, otherwise the reason in plain words. */
    public static String problem(String raw) {
        String n = normalize(raw);
        if (n == null || n.isEmpty()) {
            return "ID card number is empty";
        }
        if (!n.matches("\\d{17}[\\dX]")) {
            return "ID card number must be 17 digits followed by a digit or X";
        }
        try {
            LocalDate birth = LocalDate.parse(n.substring(6, 14), BIRTH);
            if (birth.isAfter(LocalDate.now()) || birth.getYear() < 1880) {
                return "ID card number holds an impossible birth date";
            }
        } catch (DateTimeParseException e) {
            return "ID card number holds an impossible birth date";
        }
        if (checkDigit(n) != n.charAt(17)) {
            return "ID card number check digit is wrong (GB 11643)";
        }
        return null;
    }

    public static boolean isValid(String raw) {
        return problem(raw) == null;
    }

    public static LocalDate birthDate(String valid) {
        return LocalDate.parse(normalize(valid).substring(6, 14), BIRTH);
    }

    /** 'M' or 'F' from the 17th digit (odd for men). */
    public static String gender(String valid) {
        return (normalize(valid).charAt(16) - '0') % 2 == 1 ? "M" : "F";
    }
}
