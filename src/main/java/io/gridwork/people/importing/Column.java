package io.gridwork.people.importing;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of the resident sheet that communities keep (one row per resident), with the Chinese
 * header they are exported under and the aliases accepted on import (Chinese variants and English).
 */
public enum Column {
    COMPOUND("小区", true, "小区名称", "小区网格", "小区/网格", "compound", "estate", "compound grid"),
    BUILDING("楼栋", true, "楼栋号", "栋", "楼号", "栋号", "building"),
    UNIT("单元", true, "单元号", "unit"),
    ROOM("房号", true, "房间号", "门牌号", "户号", "室", "room"),
    STATUS("户状态", false, "房屋状态", "居住状态", "状态", "status", "household status"),
    NAME("姓名", true, "name", "full name"),
    RELATION("与户主关系", true, "关系", "与户主的关系", "relation", "relationship", "relation to head"),
    ID_CARD("身份证号", true, "身份证号码", "身份证", "公民身份号码", "证件号码", "id card", "id card number", "id number", "idcard"),
    PHONE("手机号", false, "手机号码", "联系电话", "电话", "手机", "phone", "mobile", "phone number"),
    TAGS("关怀标签", false, "标签", "关爱标签", "tags", "care tags");

    private static final Map<String, Column> BY_HEADER = new HashMap<>();

    static {
        for (Column c : values()) {
            BY_HEADER.put(key(c.header), c);
            BY_HEADER.put(key(c.name()), c);
            for (String a : c.aliases) {
                BY_HEADER.put(key(a), c);
            }
        }
    }

    private final String header;
    private final boolean required;
    private final List<String> aliases;

    Column(String header, boolean required, String... aliases) {
        this.header = header;
        this.required = required;
        this.aliases = List.of(aliases);
    }

    /** The Chinese header the export writes. */
    public String header() {
        return header;
    }

    /** Whether the header row must have this column. */
    public boolean required() {
        return required;
    }

    /** The column a header cell names, or null. Case, width, spaces, '_' and '-' are ignored. */
    public static Column of(String headerCell) {
        return headerCell == null ? null : BY_HEADER.get(key(headerCell));
    }

    static String key(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char ch = n.charAt(i);
            if (!Character.isWhitespace(ch) && ch != '_' && ch != '-' && ch != '*' && ch != '\uFEFF') {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
