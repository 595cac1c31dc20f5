package io.gridwork.grid.internal;

import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.gridwork.shared.web.ProblemException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The base map of the map pages: a tile URL template ({@code gridwork.map.tile-url}; empty: no base
 * layer, the boundaries on a blank canvas, which works offline) and the datum its tiles are drawn in
 * ({@code gridwork.map.tile-crs}: WGS84, or GCJ02 for 高德/腾讯-style maps). Boundaries are stored in
 * WGS-84; with a GCJ-02 base map they are shifted for display, and what is drawn is shifted back.
 */
@Component
public class MapSettings {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final String tileUrl;
    private final boolean gcj02;
    private final String attribution;
    private final String subdomains;

    MapSettings(@Value("${gridwork.map.tile-url:}") String tileUrl, @Value("${gridwork.map.tile-crs:WGS84}") String crs,
            @Value("${gridwork.map.attribution:}") String attribution,
            @Value("${gridwork.map.tile-subdomains:abc}") String subdomains) {
        this.subdomains = subdomains == null || subdomains.isBlank() ? "abc" : subdomains.strip();
        this.tileUrl = tileUrl == null ? "" : tileUrl.strip();
        String c = crs == null ? "WGS84" : crs.strip().toUpperCase(Locale.ROOT).replace("-", "");
        if (!c.equals("WGS84") && !c.equals("GCJ02")) {
            throw new IllegalStateException("gridwork.map.tile-crs must be WGS84 or GCJ02, not " + crs);
        }
        this.gcj02 = c.equals("GCJ02");
        this.attribution = attribution == null ? "" : attribution;
    }

    public String tileUrl() {
        return tileUrl;
    }

    /** The letters or digits that replace {s} in the tile URL (OpenStreetMap: abc; 高德: 1234). */
    public String subdomains() {
        return subdomains;
    }

    public boolean gcj02() {
        return gcj02;
    }

    public String attribution() {
        return attribution;
    }

    /** The settings as other modules see them. */
    public io.gridwork.grid.BaseMap baseMap() {
        return new io.gridwork.grid.BaseMap(tileUrl, subdomains, attribution, gcj02);
    }

    /** A stored (WGS-84) GeoJSON boundary in the base map's datum. */
    public String forDisplay(String wgs84GeoJson) {
        if (!gcj02 || wgs84GeoJson == null) {
            return wgs84GeoJson;
        }
        JsonNode root = MAPPER.readTree(wgs84GeoJson);
        shift(root, true);
        return MAPPER.writeValueAsString(root);
    }

    /**
     * The polygon drawn on the map ("lat,lon;lat,lon;..." in the base map's datum, at least three
     * points) as a WGS-84 GeoJSON Polygon, closed.
     */
    public String drawnPolygon(String points) {
        if (points == null || points.isBlank()) {
            throw ProblemException.badRequest("invalid-boundary", "draw at least three points");
        }
        List<String> parts = List.of(points.strip().split(";"));
        if (parts.size() < 3 || parts.size() > 5000) {
            throw ProblemException.badRequest("invalid-boundary", "a boundary needs at least three points");
        }
        ObjectNode polygon = MAPPER.createObjectNode();
        polygon.put("type", "Polygon");
        ArrayNode ring = polygon.putArray("coordinates").addArray();
        double[] first = null;
        for (String p : parts) {
            String[] ll = p.split(",");
            double lat;
            double lon;
            try {
                lat = Double.parseDouble(ll[0].strip());
                lon = Double.parseDouble(ll[1].strip());
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("invalid-boundary", "point '" + p + "' is not 'latitude,longitude'");
            }
            double[] w = gcj02 ? Gcj02.toWgs84(lat, lon) : new double[] {lat, lon};
            ring.addArray().add(round(w[1])).add(round(w[0]));
            if (first == null) {
                first = w;
            }
        }
        ring.addArray().add(round(first[1])).add(round(first[0]));
        return MAPPER.writeValueAsString(polygon);
    }

    private static double round(double v) {
        return Math.round(v * 1e7) / 1e7;
    }

    /** Shifts every [lon, lat] position below the node, WGS-84 → GCJ-02 (toGcj) or back. */
    static void shift(JsonNode node, boolean toGcj) {
        if (node instanceof ArrayNode a) {
            if (a.size() >= 2 && a.get(0).isNumber() && a.get(1).isNumber()) {
                double[] s = toGcj ? Gcj02.fromWgs84(a.get(1).asDouble(), a.get(0).asDouble())
                        : Gcj02.toWgs84(a.get(1).asDouble(), a.get(0).asDouble());
                a.set(0, a.numberNode(round(s[1])));
                a.set(1, a.numberNode(round(s[0])));
                return;
            }
            for (JsonNode child : a) {
                shift(child, toGcj);
            }
        } else if (node instanceof ObjectNode o) {
            for (String f : List.of("coordinates", "geometry", "geometries", "features")) {
                if (o.has(f)) {
                    shift(o.get(f), toGcj);
                }
            }
        }
    }
}
