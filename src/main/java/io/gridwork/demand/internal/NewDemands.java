package io.gridwork.demand.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.gridwork.demand.CategoryView;
import io.gridwork.people.PersonalDataCipher;
import io.gridwork.people.PhoneNumber;
import io.gridwork.shared.Masking;
import io.gridwork.shared.web.ProblemException;

/**
 * A new demand as every intake channel makes it: its texts checked against the demand table's columns, a fresh
 * reference number, the place the locator found, and the contact phone kept encrypted with its mask.
 */
@Component
class NewDemands {

    private static final DateTimeFormatter REF_DAY = DateTimeFormatter.ofPattern("yyMMdd");
    private static final String REF_CHARS = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private final PersonalDataCipher cipher;
    private final SecureRandom random = new SecureRandom();

    NewDemands(PersonalDataCipher cipher) {
        this.cipher = cipher;
    }

    /** Longest place text and reporter name the demand table holds (location_text, reporter_name). */
    static final int LOCATION_TEXT_MAX = 300;
    static final int REPORTER_NAME_MAX = 100;

    /** The description (2 to 4000 characters), place text and reporter name are refused with 400 when they do not fit. */
    static void checkTexts(String description, String locationText, String reporterName) {
        if (description == null || description.strip().length() < 2) {
            throw ProblemException.badRequest("description-required", "describe the problem (at least 2 characters)",
                    Map.of("field", "description"));
        }
        if (description.length() > 4000) {
            throw ProblemException.badRequest("description-too-long", "at most 4000 characters", Map.of("field", "description"));
        }
        bounded(locationText, LOCATION_TEXT_MAX, "locationText");
        bounded(reporterName == null ? null : reporterName.strip(), REPORTER_NAME_MAX, "reporterName");
    }

    /** A contact phone, when given, is checked and kept encrypted with its mask. */
    void contactPhone(Demand d, String raw) {
        if (raw != null && !raw.isBlank()) {
            String problem = PhoneNumber.problem(raw);
            if (problem != null) {
                throw ProblemException.badRequest("invalid-phone", problem, Map.of("field", "contactPhone"));
            }
            String phone = PhoneNumber.normalize(raw);
            d.contactPhoneEnc = cipher.encrypt(phone);
            d.contactPhoneMask = Masking.phone(phone);
        }
    }

    /** A text longer than its column is refused with 400 {@code text-too-long} (nothing is stored). */
    private static void bounded(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw ProblemException.badRequest("text-too-long", field + " is at most " + max + " characters",
                    Map.of("field", field, "max", max));
        }
    }

    /** A new demand (state SUBMITTED, a fresh reference number) at a located place, in a category. */
    Demand at(DemandLocator.Place place, CategoryView category, String description, String locationText, Instant at) {
        Demand d = Demand.submitted(at);
        d.refNo = newRefNo();
        d.communityId = place.communityId();
        d.compoundId = place.compoundId();
        d.microGridId = place.microGridId();
        d.gridPath = place.gridPath();
        d.householdId = place.householdId();
        d.unitId = place.unitId();
        d.buildingId = place.buildingId();
        d.lat = place.lat();
        d.lon = place.lon();
        d.locationText = blankToNull(locationText);
        d.categoryCode = category.code();
        d.description = description.strip();
        return d;
    }

    private String newRefNo() {
        StringBuilder b = new StringBuilder("GW").append(LocalDate.ofInstant(DemandClock.now(), BusinessClock.ZONE).format(REF_DAY)).append('-');
        for (int i = 0; i < 6; i++) {
            b.append(REF_CHARS.charAt(random.nextInt(REF_CHARS.length())));
        }
        return b.toString();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
