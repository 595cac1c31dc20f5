package io.gridwork.insight;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.JsonNode;

/**
 * One layer of a grid's map as a GeoJSON FeatureCollection (RFC 7946) with a few foreign members: the layer's
 * {@code title}, the {@code legend} of its colours, {@code notes} (figures that have no place on the map, each linking
 * to its list), the campaigns a coverage layer may show, and {@code crs}, the datum of the coordinates ({@code wgs84},
 * or {@code gcj02} when asked for a GCJ-02 base map). Every feature carries its figures in words, each with the link to
 * the list behind it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MapLayer(String type, String layer, String title, Grid grid, LocalDate from, LocalDate to, String crs,
        String measure, Long campaignId, List<Choice> campaigns, List<LegendEntry> legend, List<Line> notes,
        List<Feature> features) {

    /** The grid the map is of. */
    public record Grid(long id, String name, String level) {
    }

    /** A campaign the coverage layer can show. */
    public record Choice(long id, String title) {
    }

    /** A colour of the map and what it means. */
    public record LegendEntry(String colour, String text) {
    }

    /** A figure in words and the list behind it ({@code href}: null when there is none). */
    public record Line(String text, String href) {
    }

    /** A GeoJSON feature: a building (a point) or a grid (its boundary). */
    public record Feature(String type, Long id, JsonNode geometry, Properties properties) {
    }

    /**
     * What a feature shows: {@code kind} ({@code building} or {@code grid}), its name, a short {@code label} for the map,
     * {@code value} (what sizes a marker or shades an area), its {@code colour}, the figures as {@code lines}, and for a
     * grid the link to its own map.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Properties(String kind, long id, String name, String label, Double value, String colour, List<Line> lines,
            String mapHref) {
    }
}
