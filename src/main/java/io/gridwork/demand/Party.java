package io.gridwork.demand;

/** Responsible parties (责任主体) a demand is dispatched to. */
public enum Party {
    GRID, PROPERTY, OWNERS_COMMITTEE, PARTY_BRANCH, COMMUNITY, POLICE, DOCTOR, CITY_MANAGEMENT, DEPARTMENT
}
