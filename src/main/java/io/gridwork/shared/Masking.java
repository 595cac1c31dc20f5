package io.gridwork.shared;

/** Masks for personal numbers as shown on pages, exports and API responses. */
public final class Masking {

    private Masking() {
    }

    /** 510104199001011234 → 5101**********1234. */
    public static String idCard(String number) {
        if (number == null || number.length() < 8) {
            return number == null ? null : "*".repeat(number.length());
        }
        return number.substring(0, 4) + "*".repeat(number.length() - 8) + number.substring(number.length() - 4);
    }

    /** 13812345678 → 138****5678. */
    public static String phone(String number) {
        if (number == null || number.length() < 7) {
            return number == null ? null : "*".repeat(number.length());
        }
        return number.substring(0, 3) + "*".repeat(number.length() - 7) + number.substring(number.length() - 4);
    }

    /** 张三丰 → 张*丰, 李四 → 李*. Used where residents see other residents. */
    public static String name(String name) {
        if (name == null || name.length() < 2) {
            return name;
        }
        if (name.length() == 2) {
            return name.charAt(0) + "*";
        }
        return name.charAt(0) + "*".repeat(name.length() - 2) + name.charAt(name.length() - 1);
    }
}
