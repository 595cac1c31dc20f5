package io.gridwork.grid.internal;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.springframework.http.HttpStatus;

import io.gridwork.shared.web.ProblemException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads GeoJSON Polygon and MultiPolygon geometries (also wrapped in a Feature, or a collection of one) in WGS-84
 * longitude/latitude order, as RFC 7946 prescribes.
 */
final class GeoJson {

    static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private GeoJson() {
    }

    static Geometry parse(String geoJson) {
        JsonNode root;
        try {
            root = MAPPER.readTree(geoJson);
        } catch (RuntimeException e) {
            throw invalid("boundary is not valid JSON");
        }
        if ("FeatureCollection".equals(root.path("type").asString(""))) {
            // as geojson.io and QGIS save one drawn area: a collection of exactly one feature
            if (root.path("features").size() != 1) {
                throw invalid("a FeatureCollection must hold exactly one feature");
            }
            root = root.path("features").get(0);
        }
        if ("Feature".equals(root.path("type").asString(""))) {
            root = root.path("geometry");
        }
        String type = root.path("type").asString("");
        JsonNode coords = root.path("coordinates");
        Geometry geometry = switch (type) {
            case "Polygon" -> polygon(coords);
            case "MultiPolygon" -> {
                List<Polygon> parts = new ArrayList<>();
                for (JsonNode p : coords) {
                    parts.add(polygon(p));
                }
                if (parts.isEmpty()) {
                    throw invalid("MultiPolygon has no polygons");
                }
                yield FACTORY.createMultiPolygon(parts.toArray(Polygon[]::new));
            }
            default -> throw invalid("boundary must be a GeoJSON Polygon or MultiPolygon, not '" + type + "'");
        };
        if (!geometry.isValid()) {
            throw invalid("boundary polygon is not valid (self-intersecting or badly closed)");
        }
        return geometry;
    }

    private static Polygon polygon(JsonNode rings) {
        if (!rings.isArray() || rings.isEmpty()) {
            throw invalid("polygon needs at least one ring");
        }
        LinearRing shell = ring(rings.get(0));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i));
        }
        return FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode positions) {
        if (!positions.isArray() || positions.size() < 4) {
            throw invalid("a ring needs at least four positions");
        }
        Coordinate[] cs = new Coordinate[positions.size()];
        for (int i = 0; i < positions.size(); i++) {
            JsonNode p = positions.get(i);
            if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                throw invalid("position " + i + " is not [longitude, latitude]");
            }
            double lon = p.get(0).asDouble();
            double lat = p.get(1).asDouble();
            if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
                throw invalid("position " + i + " is outside WGS-84 range");
            }
            cs[i] = new Coordinate(lon, lat);
        }
        if (!cs[0].equals2D(cs[cs.length - 1])) {
            throw invalid("a ring must end where it starts");
        }
        return FACTORY.createLinearRing(cs);
    }

    private static ProblemException invalid(String message) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "invalid-boundary", message);
    }
}
