package io.gridwork.demand;

/** A demand category as a community uses it. */
public record CategoryView(String code, String nameZh, String nameEn, Party defaultParty, Grade defaultGrade,
        boolean cityFocus) {

    public String name(java.util.Locale locale) {
        return "en".equals(locale.getLanguage()) ? nameEn : nameZh;
    }
}
