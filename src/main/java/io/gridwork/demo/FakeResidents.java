package io.gridwork.demo;

import java.time.LocalDate;
import java.util.Random;

import io.gridwork.people.IdCardNumber;

/**
 * Generated residents. ID numbers use the area code 510199, which is not an assigned county, so they
 * are plainly fake, yet carry a correct GB 11643 check digit; phones are 1380000xxxx.
 */
final class FakeResidents {

    static final String FAKE_AREA = "510199";

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅飞鹏宇浩然欣怡子轩雨涵梓萱俊杰思远晨曦佳琪";

    private final Random random;
    private final java.util.Set<String> used = new java.util.HashSet<>();
    private int serial;

    FakeResidents(long seed) {
        this.random = new Random(seed);
    }

    String name() {
        char surname = SURNAMES.charAt(random.nextInt(SURNAMES.length()));
        int len = random.nextInt(10) < 7 ? 2 : 1;
        StringBuilder b = new StringBuilder().append(surname);
        for (int i = 0; i < len; i++) {
            b.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return b.toString();
    }

    String surnameOf(String name) {
        return name.substring(0, 1);
    }

    String nameWithSurname(String surname) {
        return surname + name().substring(1);
    }

    LocalDate birth(int minAge, int maxAge) {
        LocalDate today = LocalDate.of(2026, 7, 1);
        int age = minAge + random.nextInt(Math.max(1, maxAge - minAge + 1));
        return today.minusYears(age).minusDays(random.nextInt(365));
    }

    /** A fake ID number for the birth date and gender ('M' odd, 'F' even sequence digit). */
    String idCard(LocalDate birth, String gender) {
        while (true) {
            serial++;
            int seq = (serial % 500) * 2 + ("M".equals(gender) ? 1 : 0);
            String first17 = FAKE_AREA + birth.toString().replace("-", "") + String.format("%03d", seq);
            String id = first17 + IdCardNumber.checkDigit(first17);
            if (used.add(id)) {
                return id;
            }
        }
    }

    String phone() {
        return "1380000" + String.format("%04d", random.nextInt(10000));
    }

    String gender() {
        return random.nextBoolean() ? "M" : "F";
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }
}
