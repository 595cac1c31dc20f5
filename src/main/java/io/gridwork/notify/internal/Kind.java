package io.gridwork.notify.internal;

/** Kinds of message; an account chooses the external channels per kind. */
public enum Kind {
    DEMAND_NEW, DEMAND_DISPATCHED, DEMAND_DEADLINE, DEMAND_SUPERVISION, DEMAND_FEEDBACK, CAMPAIGN, DEVICE, NOTICE, TASK,
    /** Staff matters: a hand-over to the account (交接). */
    STAFF,
    /** An invitation to a meeting (deliberation). */
    MEETING,
    /** A community activity one signed up for was moved or cancelled (economy). */
    ACTIVITY;

    public String messageKey() {
        return "notify.kind." + name();
    }
}
