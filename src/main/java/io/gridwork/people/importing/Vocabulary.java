package io.gridwork.people.importing;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.gridwork.people.CareTag;

/**
 * The words the sheet uses for household status, relation to the head and care tags, in Chinese (as
 * exported) and English (accepted too), mapped to the stored codes.
 */
public final class Vocabulary {

    static final Map<String, String> STATUS = new HashMap<>();
    static final Map<String, String> RELATION = new HashMap<>();
    static final Map<String, CareTag> TAG = new HashMap<>();
    static final Map<String, String> STATUS_LABEL = new HashMap<>();
    static final Map<String, String> RELATION_LABEL = new HashMap<>();
    static final Map<CareTag, String> TAG_LABEL = new EnumMap<>(CareTag.class);

    static {
        status("OCCUPIED", "自住", "occupied", "owner-occupied", "owner occupied");
        status("RENTED", "出租", "rented", "let");
        status("VACANT", "空置", "vacant", "empty");
        status("BUSINESS", "经营", "business", "商用", "经营性");
        relation("HEAD", "户主", "head", "本人", "self");
        relation("SPOUSE", "配偶", "spouse", "妻子", "丈夫", "夫", "妻", "wife", "husband");
        relation("CHILD", "子女", "child", "儿子", "女儿", "子", "女", "son", "daughter");
        relation("PARENT", "父母", "parent", "父亲", "母亲", "father", "mother");
        relation("GRANDCHILD", "孙辈", "grandchild", "孙子", "孙女", "外孙", "外孙女");
        relation("TENANT", "租户", "tenant", "租客");
        relation("OTHER", "其他", "other", "其它");
        tag(CareTag.ELDERLY_ALONE, "独居老人", "elderly alone", "elderly living alone", "空巢老人");
        tag(CareTag.ELDERLY, "老年人", "elderly", "老人");
        tag(CareTag.DISABLED, "残疾人", "disabled", "残疾");
        tag(CareTag.LOW_INCOME, "低保/低收入", "low income", "低保", "低收入", "低保户");
        tag(CareTag.SERIOUS_ILLNESS, "重病", "serious illness", "重病患者", "大病");
        tag(CareTag.LEFT_BEHIND_CHILD, "留守儿童", "left-behind child", "left behind child");
        tag(CareTag.VETERAN, "退役军人", "veteran");
        tag(CareTag.SPECIAL_CARE, "特殊关爱", "special care", "特殊关爱对象");
    }

    private Vocabulary() {
    }

    private static void status(String code, String label, String... aliases) {
        STATUS_LABEL.put(code, label);
        STATUS.put(norm(code), code);
        STATUS.put(norm(label), code);
        for (String a : aliases) {
            STATUS.put(norm(a), code);
        }
    }

    private static void relation(String code, String label, String... aliases) {
        RELATION_LABEL.put(code, label);
        RELATION.put(norm(code), code);
        RELATION.put(norm(label), code);
        for (String a : aliases) {
            RELATION.put(norm(a), code);
        }
    }

    private static void tag(CareTag tag, String label, String... aliases) {
        TAG_LABEL.put(tag, label);
        TAG.put(norm(tag.name()), tag);
        TAG.put(norm(label), tag);
        for (String a : aliases) {
            TAG.put(norm(a), tag);
        }
    }

    static String norm(String s) {
        return s.strip().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The stored status code for a sheet word, or null when unknown. */
    public static String status(String word) {
        return STATUS.get(norm(word));
    }

    public static String relation(String word) {
        return RELATION.get(norm(word));
    }

    public static CareTag tag(String word) {
        return TAG.get(norm(word));
    }

    public static String statusLabel(String code) {
        return STATUS_LABEL.getOrDefault(code, code);
    }

    public static String relationLabel(String code) {
        return RELATION_LABEL.getOrDefault(code, code);
    }

    public static String tagLabel(CareTag tag) {
        return TAG_LABEL.get(tag);
    }
}
