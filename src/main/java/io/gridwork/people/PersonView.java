package io.gridwork.people;

import java.time.LocalDate;
import java.util.Set;

/** A person as pages and the API show them: numbers are always masked. */
public record PersonView(long id, String name, String gender, LocalDate birthDate, String idCardMasked,
        String phoneMasked, Set<CareTag> tags, Long householdId, String relation) {
}
