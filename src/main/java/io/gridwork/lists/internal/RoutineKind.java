package io.gridwork.lists.internal;

/** The routine work of the grid (五寻常). */
public enum RoutineKind {
    /** 基础信息采集: checks a household's information. */
    INFO_COLLECTION,
    /** 收集民意. */
    OPINION_COLLECTION,
    /** 矛盾纠纷调解: parties, issue, outcome, agreement reached or not. */
    MEDIATION,
    /** 政策法规宣传. */
    POLICY_PUBLICITY,
    /** 组织动员. */
    MOBILISATION,
    /** 入户走访巡查. */
    HOUSEHOLD_VISIT
}
