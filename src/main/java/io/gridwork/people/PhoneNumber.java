package io.gridwork.people;

/** Chinese mobile (11 digits from 1) and landline numbers, with an optional +86 prefix. */
public final class PhoneNumber {

    private PhoneNumber() {
    }

    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String n = raw.replaceAll("[\\s-]", "");
        if (n.startsWith("+86")) {
            n = n.substring(3);
        }
        return n;
    }

    public static String problem(String raw) {
        String n = normalize(raw);
        if (n == null || n.isEmpty()) {
            return "phone number is empty";
        }
        if (n.matches("1[3-9]\\d{9}") || n.matches("0\\d{2,3}\\d{7,8}")) {
            return null;
        }
        return "phone number must be an 11-digit mobile number or a landline with area code";
    }
}
