package io.gridwork.campaign.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.gridwork.shared.web.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The form a visit fills in: typed fields, required or optional, some of which mark a hazard when
 * answered a certain way. Answers are JSON values keyed by field: YES_NO true/false, SINGLE one
 * option, MULTI a list of options, NUMBER a number, TEXT a string, DATE "2026-11-23", PHOTO a list of
 * photo ids uploaded to the campaign.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignForm(List<Field> fields) {

    public enum Type { YES_NO, SINGLE, MULTI, NUMBER, TEXT, DATE, PHOTO }

    /** {@code hazardWhen}: answers (as strings: "true", an option) that make a hazard. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Field(String key, String label, Type type, Boolean required, List<String> options,
            List<String> hazardWhen) {

        public boolean isRequired() {
            return Boolean.TRUE.equals(required);
        }

        public List<String> optionList() {
            return options == null ? List.of() : options;
        }

        public List<String> hazardList() {
            return hazardWhen == null ? List.of() : hazardWhen;
        }
    }

    /** A hazard an answer revealed. */
    public record Hazard(String fieldKey, String label, String answer) {
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    static final int MAX_FIELDS = 60;
    static final int MAX_TEXT = 1000;

    public static CampaignForm parse(String json) {
        try {
            return JSON.readValue(json, CampaignForm.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("stored form does not parse", e);
        }
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    public Field field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
    }

    /** Refuses a form that cannot be filled in: no fields, bad keys, choices without options, unknown hazard answers. */
    public CampaignForm validated() {
        if (fields == null || fields.isEmpty()) {
            throw ProblemException.badRequest("form-invalid", "a form needs at least one field", Map.of("field", "form"));
        }
        if (fields.size() > MAX_FIELDS) {
            throw ProblemException.badRequest("form-invalid", "a form has at most " + MAX_FIELDS + " fields",
                    Map.of("field", "form"));
        }
        Set<String> keys = new HashSet<>();
        for (Field f : fields) {
            if (f == null || f.key() == null || !KEY.matcher(f.key()).matches()) {
                throw ProblemException.badRequest("form-invalid",
                        "field keys are lower-case letters, digits and _ (starting with a letter)", Map.of("field", "form"));
            }
            if (!keys.add(f.key())) {
                throw ProblemException.badRequest("form-invalid", "field " + f.key() + " appears twice",
                        Map.of("field", f.key()));
            }
            if (f.type() == null) {
                throw ProblemException.badRequest("form-invalid", "field " + f.key() + " needs a type", Map.of("field", f.key()));
            }
            if (f.label() == null || f.label().isBlank() || f.label().length() > 200) {
                throw ProblemException.badRequest("form-invalid", "field " + f.key() + " needs a label (up to 200 characters)",
                        Map.of("field", f.key()));
            }
            boolean choice = f.type() == Type.SINGLE || f.type() == Type.MULTI;
            if (choice && (f.optionList().isEmpty() || new HashSet<>(f.optionList()).size() != f.optionList().size())) {
                throw ProblemException.badRequest("form-invalid", "choice field " + f.key() + " needs distinct options",
                        Map.of("field", f.key()));
            }
            if (!choice && !f.optionList().isEmpty()) {
                throw ProblemException.badRequest("form-invalid", "only choice fields have options", Map.of("field", f.key()));
            }
            for (String h : f.hazardList()) {
                boolean fits = switch (f.type()) {
                    case YES_NO -> h.equals("true") || h.equals("false");
                    case SINGLE, MULTI -> f.optionList().contains(h);
                    default -> false;
                };
                if (!fits) {
                    throw ProblemException.badRequest("form-invalid", "field " + f.key() + " cannot mark '" + h
                            + "' as a hazard (yes/no fields: true or false; choice fields: one of their options)",
                            Map.of("field", f.key()));
                }
            }
        }
        return this;
    }

    /**
     * Once visits may exist, a new version must keep every recorded answer meaningful: no field may be
     * removed, retyped or made required, no option removed, and new fields must be optional.
     */
    public void requireCompatibleSuccessor(CampaignForm next) {
        for (Field old : fields) {
            Field now = next.field(old.key());
            if (now == null) {
                throw ProblemException.conflict("form-incompatible", "field " + old.key()
                        + " cannot be removed once the campaign has started");
            }
            if (now.type() != old.type()) {
                throw ProblemException.conflict("form-incompatible", "field " + old.key() + " cannot change from "
                        + old.type() + " to " + now.type() + " once the campaign has started");
            }
            if (now.isRequired() && !old.isRequired()) {
                throw ProblemException.conflict("form-incompatible", "field " + old.key()
                        + " cannot become required once the campaign has started");
            }
            for (String o : old.optionList()) {
                if (!now.optionList().contains(o)) {
                    throw ProblemException.conflict("form-incompatible", "option '" + o + "' of field " + old.key()
                            + " cannot be removed once the campaign has started");
                }
            }
        }
        for (Field f : next.fields()) {
            if (field(f.key()) == null && f.isRequired()) {
                throw ProblemException.conflict("form-incompatible", "new field " + f.key()
                        + " must be optional: visits already recorded do not answer it");
            }
        }
    }

    /**
     * Checks a DONE visit's answers against the form and returns them normalised (fields in form
     * order, unanswered optional fields left out).
     */
    public Map<String, Object> check(Map<String, Object> answers, Set<Long> photoIdsOwned) {
        Map<String, Object> in = answers == null ? Map.of() : answers;
        for (String k : in.keySet()) {
            if (field(k) == null) {
                throw ProblemException.badRequest("answer-unknown-field", "the form has no field " + k, Map.of("field", k));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : fields) {
            Object v = in.get(f.key());
            boolean empty = v == null || (v instanceof String s && s.isBlank()) || (v instanceof List<?> l && l.isEmpty());
            if (empty) {
                if (f.isRequired()) {
                    throw ProblemException.badRequest("answer-missing", "field " + f.key() + " (" + f.label() + ") is required",
                            Map.of("field", f.key()));
                }
                continue;
            }
            out.put(f.key(), normalise(f, v, photoIdsOwned));
        }
        return out;
    }

    private static Object normalise(Field f, Object v, Set<Long> photos) {
        switch (f.type()) {
            case YES_NO -> {
                if (v instanceof Boolean b) {
                    return b;
                }
                throw wrongType(f, "true or false");
            }
            case SINGLE -> {
                if (v instanceof String s && f.optionList().contains(s)) {
                    return s;
                }
                if (v instanceof String s) {
                    throw unknownOption(f, s);
                }
                throw wrongType(f, "one of its options");
            }
            case MULTI -> {
                if (!(v instanceof List<?> list)) {
                    throw wrongType(f, "a list of its options");
                }
                List<String> chosen = new ArrayList<>();
                for (Object o : list) {
                    if (!(o instanceof String s)) {
                        throw wrongType(f, "a list of its options");
                    }
                    if (!f.optionList().contains(s)) {
                        throw unknownOption(f, s);
                    }
                    if (!chosen.contains(s)) {
                        chosen.add(s);
                    }
                }
                return chosen;
            }
            case NUMBER -> {
                if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                    return n;
                }
                throw wrongType(f, "a number");
            }
            case TEXT -> {
                if (v instanceof String s && s.length() <= MAX_TEXT) {
                    return s.strip();
                }
                throw wrongType(f, "text of at most " + MAX_TEXT + " characters");
            }
            case DATE -> {
                if (v instanceof String s) {
                    try {
                        return LocalDate.parse(s).toString();
                    } catch (DateTimeParseException e) {
                        // fall through
                    }
                }
                throw wrongType(f, "a date (yyyy-mm-dd)");
            }
            case PHOTO -> {
                if (!(v instanceof List<?> list)) {
                    throw wrongType(f, "a list of photo ids");
                }
                List<Long> ids = new ArrayList<>();
                for (Object o : list) {
                    if (!(o instanceof Number n) || n.longValue() != n.doubleValue()) {
                        throw wrongType(f, "a list of photo ids");
                    }
                    if (!photos.contains(n.longValue())) {
                        throw ProblemException.badRequest("answer-unknown-photo", "photo " + n + " was not uploaded to this "
                                + "campaign by you", Map.of("field", f.key()));
                    }
                    ids.add(n.longValue());
                }
                return ids;
            }
            default -> throw new IllegalStateException();
        }
    }

    private static ProblemException wrongType(Field f, String expected) {
        return ProblemException.badRequest("answer-wrong-type", "field " + f.key() + " takes " + expected,
                Map.of("field", f.key(), "type", f.type().name()));
    }

    private static ProblemException unknownOption(Field f, String s) {
        return ProblemException.badRequest("answer-unknown-option", "'" + s + "' is not an option of field " + f.key(),
                Map.of("field", f.key()));
    }

    /** The hazards the (checked) answers reveal. */
    public List<Hazard> hazards(Map<String, Object> answers) {
        List<Hazard> out = new ArrayList<>();
        for (Field f : fields) {
            Object v = answers.get(f.key());
            if (v == null || f.hazardList().isEmpty()) {
                continue;
            }
            List<?> given = v instanceof List<?> l ? l : List.of(v);
            List<String> hits = given.stream().map(String::valueOf).filter(f.hazardList()::contains).toList();
            if (!hits.isEmpty()) {
                out.add(new Hazard(f.key(), f.label(), String.join(", ", hits.stream().map(h -> shown(f, h)).toList())));
            }
        }
        return out;
    }

    /** The photo ids the answers refer to. */
    public List<Long> photoIds(Map<String, Object> answers) {
        List<Long> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.type() == Type.PHOTO && answers.get(f.key()) instanceof List<?> l) {
                l.forEach(o -> out.add(((Number) o).longValue()));
            }
        }
        return out;
    }

    /**
     * An answer as people read it: a YES_NO answer is 是/否, or yes/no on a form labelled without Chinese
     * characters (a form has no language of its own; its labels are in the organiser's); others as given.
     */
    static String shown(Field f, String answer) {
        if (f.type() != Type.YES_NO || !("true".equals(answer) || "false".equals(answer))) {
            return answer;
        }
        boolean chinese = f.label() != null && f.label().codePoints()
                .anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
        boolean yes = "true".equals(answer);
        return chinese ? (yes ? "是" : "否") : (yes ? "yes" : "no");
    }

    /** Shipped templates: the gas-safety checklist and a registration (登记). */
    public static Map<String, CampaignForm> templates(Locale locale) {
        boolean zh = !"en".equals(locale.getLanguage());
        Map<String, CampaignForm> t = new LinkedHashMap<>();
        t.put("gas-safety", new CampaignForm(List.of(
                new Field("hose_over_two_years", zh ? "燃气胶管使用超过两年" : "Gas hose older than two years", Type.YES_NO, true, null,
                        List.of("true")),
                new Field("valve", zh ? "燃气阀门状况" : "Gas valve", Type.SINGLE, true,
                        zh ? List.of("正常", "漏气", "锈蚀老化") : List.of("OK", "Leaking", "Rusted"),
                        zh ? List.of("漏气", "锈蚀老化") : List.of("Leaking", "Rusted")),
                new Field("alarm", zh ? "已安装燃气报警器" : "Gas alarm fitted", Type.YES_NO, true, null, List.of("false")),
                new Field("appliances", zh ? "燃气用具" : "Gas appliances", Type.MULTI, false,
                        zh ? List.of("灶具", "热水器", "壁挂炉") : List.of("Stove", "Water heater", "Boiler"), null),
                new Field("photo", zh ? "现场照片" : "Photo", Type.PHOTO, false, null, null),
                new Field("remark", zh ? "住户反映的其他情况" : "Anything else the household said", Type.TEXT, false, null, null))));
        t.put("registration", new CampaignForm(List.of(
                new Field("people_at_home", zh ? "在家人数" : "People at home", Type.NUMBER, true, null, null),
                new Field("returned_recently", zh ? "近14天有外地返回人员" : "Someone returned from elsewhere in 14 days",
                        Type.YES_NO, true, null, null),
                new Field("return_date", zh ? "返回日期" : "Date of return", Type.DATE, false, null, null),
                new Field("needs", zh ? "需要帮助" : "Needs help with", Type.MULTI, false,
                        zh ? List.of("买菜送药", "就医", "照护老人") : List.of("Groceries and medicine", "Medical care", "Elderly care"),
                        null),
                new Field("remark", zh ? "住户反映的其他情况" : "Anything else the household said", Type.TEXT, false, null, null))));
        return t;
    }
}
