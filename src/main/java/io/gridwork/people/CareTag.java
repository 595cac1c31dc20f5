package io.gridwork.people;

/** Care tags (关怀标签) that mark residents needing attention. */
public enum CareTag {
    ELDERLY_ALONE, ELDERLY, DISABLED, LOW_INCOME, SERIOUS_ILLNESS, LEFT_BEHIND_CHILD, VETERAN, SPECIAL_CARE
}
