package io.gridwork.grid;

import io.gridwork.grid.internal.Gcj02;

/**
 * The base map under every map page: a tile URL template ({@code gridwork.map.tile-url}; empty: no tiles, the plain
 * vector base of boundaries and buildings), the letters replacing {s}, the attribution, and whether the tiles are drawn
 * in GCJ-02 (高德/腾讯-style maps, {@code gridwork.map.tile-crs=GCJ02}) rather than WGS-84. Coordinates are stored in
 * WGS-84; {@link #display} converts a stored point into the tiles' datum.
 */
public record BaseMap(String tileUrl, String subdomains, String attribution, boolean gcj02) {

    /** True when a tile source is configured. */
    public boolean hasTiles() {
        return tileUrl != null && !tileUrl.isBlank();
    }

    /** The datum of the tiles: {@code wgs84} or {@code gcj02}. */
    public String crs() {
        return gcj02 ? "gcj02" : "wgs84";
    }

    /** A stored WGS-84 point as {lat, lon} in the tiles' datum (GCJ-02 when the tiles are, else unchanged). */
    public double[] display(double lat, double lon) {
        return gcj02 ? Gcj02.fromWgs84(lat, lon) : new double[] {lat, lon};
    }

    /** A WGS-84 point as {lat, lon} in GCJ-02 (unchanged outside China, where the Chinese base maps use WGS-84). */
    public static double[] toGcj02(double lat, double lon) {
        return Gcj02.fromWgs84(lat, lon);
    }
}
