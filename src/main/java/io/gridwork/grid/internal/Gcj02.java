package io.gridwork.grid.internal;

/**
 * WGS-84 ⇄ GCJ-02 (the "Mars" coordinates that Chinese base maps such as 高德 and 腾讯 are drawn in).
 * The forward transform is the published one (Krasovsky ellipsoid, the well-known polynomial
 * offsets); the inverse is found by fixed-point iteration to well under a centimetre. Outside China
 * both are the identity, as the base maps there are WGS-84.
 */
public final class Gcj02 {

    private static final double A = 6378245.0;
    private static final double EE = 0.00669342162296594323;

    private Gcj02() {
    }

    public static boolean outOfChina(double lat, double lon) {
        return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
    }

    /** WGS-84 → GCJ-02, as {lat, lon}. */
    public static double[] fromWgs84(double lat, double lon) {
        if (outOfChina(lat, lon)) {
            return new double[] {lat, lon};
        }
        double[] d = delta(lat, lon);
        return new double[] {lat + d[0], lon + d[1]};
    }

    /** GCJ-02 → WGS-84, as {lat, lon}. */
    public static double[] toWgs84(double lat, double lon) {
        if (outOfChina(lat, lon)) {
            return new double[] {lat, lon};
        }
        double wLat = lat;
        double wLon = lon;
        for (int i = 0; i < 30; i++) {
            double[] g = fromWgs84(wLat, wLon);
            double dLat = g[0] - lat;
            double dLon = g[1] - lon;
            wLat -= dLat;
            wLon -= dLon;
            if (Math.abs(dLat) < 1e-10 && Math.abs(dLon) < 1e-10) {
                break;
            }
        }
        return new double[] {wLat, wLon};
    }

    private static double[] delta(double lat, double lon) {
        double x = lon - 105.0;
        double y = lat - 35.0;
        double dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        double dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        double common = (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        dLat += common;
        dLon += common;
        dLat += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        dLon += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        dLat += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320.0 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        dLon += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        double radLat = lat / 180.0 * Math.PI;
        double magic = Math.sin(radLat);
        magic = 1 - EE * magic * magic;
        double sqrtMagic = Math.sqrt(magic);
        dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
        dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new double[] {dLat, dLon};
    }
}
