package io.gridwork.bench.city;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where the synthetic city lies: micro-grid m sits in cell (row m mod 400, column m div 400) of a lattice of
 * about 167 × 163 m cells from 30.40 N 103.80 E (a city of 100,000 micro-grids is 400 × 250 cells, 67 × 41
 * km); its boundary is an irregular star-shaped polygon of 8–20 vertices around the cell's centre, inside
 * the cell with gaps to its neighbours, a pure function of (seed, m). A compound's boundary is the rectangle
 * over its micro-grids' cells, and its buildings stand near the centre of their micro-grid's cell, well
 * inside its polygon. Shared by the generator (boundaries in {@code grid_node}, buildings' coordinates)
 * and the locate benchmark (the same polygons, in memory).
 */
public final class CityGeometry {

    public static final double SOUTH = 30.40;
    public static final double WEST = 103.80;
    public static final double CELL_LAT = 0.0015; // ≈ 167 m
    public static final double CELL_LON = 0.0017; // ≈ 163 m at 30.5 N
    public static final int ROWS = 400;

    private final SyntheticCity.Scale s;
    private final long seed;

    public CityGeometry(SyntheticCity.Scale scale, long seed) {
        this.s = scale;
        this.seed = seed;
    }

    public long microGrids() {
        return s.nMicro();
    }

    public long compounds() {
        return s.nCompounds();
    }

    public int microGridsPerCompound() {
        return s.microGrids();
    }

    static int row(long micro) {
        return (int) (micro % ROWS);
    }

    static long col(long micro) {
        return micro / ROWS;
    }

    public double centreLat(long micro) {
        return SOUTH + (row(micro) + 0.5) * CELL_LAT;
    }

    public double centreLon(long micro) {
        return WEST + (col(micro) + 0.5) * CELL_LON;
    }

    /** Rows (cells) of the city's lattice and its columns: the bounding box is rows x columns cells. */
    public long columns() {
        return (s.nMicro() + ROWS - 1) / ROWS;
    }

    public int rows() {
        return (int) Math.min(ROWS, s.nMicro());
    }

    /** The micro-grid's ring as {lon, lat} pairs, closed (the last equals the first). */
    public double[][] microRing(long micro) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + micro);
        int n = 8 + random.nextInt(13);
        double lat = centreLat(micro);
        double lon = centreLon(micro);
        double[][] ring = new double[n + 1][];
        double start = random.nextDouble(2 * Math.PI);
        for (int i = 0; i < n; i++) {
            double angle = start + (i + random.nextDouble(0.1, 0.9)) * 2 * Math.PI / n;
            double radius = random.nextDouble(0.35, 0.49);
            ring[i] = new double[] {lon + Math.cos(angle) * radius * CELL_LON, lat + Math.sin(angle) * radius * CELL_LAT};
        }
        ring[n] = ring[0];
        return ring;
    }

    /** The compound's rectangle {west, south, east, north} over the cells of its micro-grids. */
    public double[] compoundBox(long compound) {
        double west = Double.MAX_VALUE, south = Double.MAX_VALUE, east = -Double.MAX_VALUE, north = -Double.MAX_VALUE;
        for (long m = compound * s.microGrids(); m < (compound + 1) * s.microGrids(); m++) {
            west = Math.min(west, WEST + col(m) * CELL_LON);
            east = Math.max(east, WEST + (col(m) + 1) * CELL_LON);
            south = Math.min(south, SOUTH + row(m) * CELL_LAT);
            north = Math.max(north, SOUTH + (row(m) + 1) * CELL_LAT);
        }
        return new double[] {west, south, east, north};
    }

    /** Building b stands near its micro-grid's centre, up to a fifth of a cell away (the polygon's radius is at least 0.35). */
    public double buildingLat(long building) {
        return centreLat(building / s.buildings()) + offset(building) * CELL_LAT;
    }

    public double buildingLon(long building) {
        return centreLon(building / s.buildings()) + offset(building) * CELL_LON;
    }

    private double offset(long building) {
        int i = (int) (building % s.buildings());
        return s.buildings() == 1 ? 0 : (i - (s.buildings() - 1) / 2.0) / (s.buildings() - 1) * 0.2;
    }

    public String microGeoJson(long micro) {
        return polygon(microRing(micro));
    }

    public String compoundGeoJson(long compound) {
        double[] b = compoundBox(compound);
        return polygon(new double[][] {{b[0], b[1]}, {b[2], b[1]}, {b[2], b[3]}, {b[0], b[3]}, {b[0], b[1]}});
    }

    private static String polygon(double[][] ring) {
        StringBuilder out = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        for (int i = 0; i < ring.length; i++) {
            out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "[%.7f,%.7f]", ring[i][0], ring[i][1]));
        }
        return out.append("]]}").toString();
    }
}
