package io.gridwork.demand;

/** Where a demand came from. */
public enum Channel {
    /** the resident's own form ("有事请您说") */
    APP,
    /** the unit or building QR code (码上办) */
    QR,
    /** the 12345 hotline, entered by staff */
    HOTLINE_12345,
    /** a building WeChat group, entered by staff */
    WECHAT_GROUP,
    /** a household visit (民情大走访), entered by a worker */
    VISIT,
    /** the service station, entered by staff on duty */
    STATION,
    /** a device (camera, sensor) */
    DEVICE,
    /** a client system through the Open311 GeoReport v2 interface (e.g. the district's 12345 platform) */
    OPEN311;

    public boolean enteredByStaff() {
        return this == HOTLINE_12345 || this == WECHAT_GROUP || this == VISIT || this == STATION;
    }
}
