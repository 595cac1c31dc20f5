package io.gridwork.demand;

/** 一般 / 中等 / 疑难: the grade decides the time limits. */
public enum Grade {
    GENERAL, MEDIUM, DIFFICULT
}
