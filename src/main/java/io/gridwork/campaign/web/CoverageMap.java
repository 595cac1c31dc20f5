package io.gridwork.campaign.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gridwork.campaign.internal.CampaignQueries;
import io.gridwork.grid.GridApi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain SVG map of the children of a grid, each drawn from its GeoJSON boundary and coloured by the
 * share of households reached (red → amber → green). No tiles: the boundaries are all there is.
 */
record CoverageMap(String viewBox, List<Shape> shapes, List<Label> labels) {

    record Shape(long gridId, String name, String points, String fill, int percent, boolean lagging) {
    }

    /** A grid's name and share, written at the middle of its largest ring. */
    record Label(long gridId, String name, int percent, String x, String y) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final double WIDTH = 320;

    static CoverageMap of(CampaignQueries.Coverage cov, GridApi grid) {
        List<CampaignQueries.GridCoverage> parts = cov.children().isEmpty() ? List.of(cov.grid()) : cov.children();
        Map<Long, String> boundaries = grid.boundaries(parts.stream().map(CampaignQueries.GridCoverage::gridId).toList());
        if (boundaries.isEmpty()) {
            return null;
        }
        record Ring(CampaignQueries.GridCoverage g, List<double[]> points) {
        }
        List<Ring> rings = new ArrayList<>();
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (CampaignQueries.GridCoverage g : parts) {
            String geo = boundaries.get(g.gridId());
            if (geo == null) {
                continue;
            }
            for (List<double[]> ring : outerRings(geo)) {
                rings.add(new Ring(g, ring));
                for (double[] p : ring) {
                    minX = Math.min(minX, p[0]);
                    maxX = Math.max(maxX, p[0]);
                    minY = Math.min(minY, p[1]);
                    maxY = Math.max(maxY, p[1]);
                }
            }
        }
        if (rings.isEmpty()) {
            return null;
        }
        double cos = Math.cos(Math.toRadians((minY + maxY) / 2));
        double w = Math.max((maxX - minX) * cos, 1e-9);
        double h = Math.max(maxY - minY, 1e-9);
        double scale = WIDTH / w;
        double height = Math.max(40, h * scale);
        List<Shape> shapes = new ArrayList<>();
        Map<Long, double[]> middles = new java.util.LinkedHashMap<>(); // grid → x, y, ring size
        Map<Long, CampaignQueries.GridCoverage> named = new java.util.HashMap<>();
        for (Ring r : rings) {
            double sx = 0, sy = 0;
            for (double[] p : r.points()) {
                sx += (p[0] - minX) * cos * scale;
                sy += (maxY - p[1]) * scale;
            }
            int n = r.points().size();
            double[] best = middles.get(r.g().gridId());
            if (n > 0 && (best == null || n > best[2])) {
                middles.put(r.g().gridId(), new double[] {sx / n, sy / n, n});
                named.put(r.g().gridId(), r.g());
            }
            StringBuilder pts = new StringBuilder();
            for (double[] p : r.points()) {
                double x = (p[0] - minX) * cos * scale;
                double y = (maxY - p[1]) * scale;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            int pct = r.g().counts().percent();
            shapes.add(new Shape(r.g().gridId(), r.g().name(), pts.toString().strip(), colour(pct), pct, r.g().lagging()));
        }
        List<Label> labels = new ArrayList<>();
        String parent = cov.grid().name();
        middles.forEach((id, m) -> labels.add(new Label(id, shortName(named.get(id).name(), parent), named.get(id).counts().percent(),
                String.format(Locale.ROOT, "%.1f", m[0]), String.format(Locale.ROOT, "%.1f", m[1]))));
        return new CoverageMap(String.format(Locale.ROOT, "-4 -4 %.0f %.0f", WIDTH + 8, height + 8), shapes, labels);
    }

    /** A child's name without its parent's at the front (学府憬城第1微网格 in 学府憬城: 第1微网格), for the map's room. */
    static String shortName(String name, String parent) {
        return parent != null && name.startsWith(parent) && name.length() > parent.length() ? name.substring(parent.length()) : name;
    }

    /** Red at 0 %, amber at 50 %, green at 100 %. */
    static String colour(int percent) {
        int hue = (int) Math.round(percent * 1.2);
        return "hsl(" + hue + ", 65%, 55%)";
    }

    private static List<List<double[]>> outerRings(String geoJson) {
        List<List<double[]>> out = new ArrayList<>();
        try {
            JsonNode n = JSON.readTree(geoJson);
            if (n.has("geometry")) {
                n = n.get("geometry");
            }
            String type = n.path("type").asString("");
            JsonNode coords = n.path("coordinates");
            if (type.equals("Polygon")) {
                out.add(ring(coords.get(0)));
            } else if (type.equals("MultiPolygon")) {
                for (JsonNode poly : coords) {
                    out.add(ring(poly.get(0)));
                }
            }
        } catch (RuntimeException e) {
            // an unusable boundary is left off the map
        }
        return out;
    }

    private static List<double[]> ring(JsonNode ring) {
        List<double[]> pts = new ArrayList<>();
        for (JsonNode p : ring) {
            pts.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
        }
        return pts;
    }
}
