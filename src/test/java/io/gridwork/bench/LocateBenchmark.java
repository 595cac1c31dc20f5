package io.gridwork.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.gridwork.grid.internal.LocateIndex;

/**
 * Point → grid lookups of {@link LocateIndex} (an STR-tree over prepared polygons) in a city-sized
 * grid, against a linear scan over the same polygons, and the time to build the index.
 *
 * <p>The city: 100,000 micro-grids around Chengdu (30.66 N, 104.06 E) on a 250 × 400 lattice of
 * cells of about 165 × 165 m, 42 × 65 km in all, each an irregular star-shaped polygon of 8–20
 * vertices inside its cell, with gaps between neighbours; and 4,000 compound rectangles of 5 × 5
 * cells over them, as the real index holds compounds and micro-grids and answers the deepest. The
 * probe points: 90 % inside a random micro-grid, 10 % anywhere in the city (in a gap about half the
 * time, then the compound answers).
 *
 * <p>Run with {@code LocateBenchmarkRunner} (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
public class LocateBenchmark {

    static final int ROWS = 250;
    static final int COLS = 400;
    static final int COMPOUND_CELLS = 5;
    static final double SOUTH = 30.47;
    static final double WEST = 103.72;
    static final double CELL_LAT = 0.0015; // ≈ 167 m
    static final double CELL_LON = 0.0017; // ≈ 163 m at 30.6 N
    // depths as GridService counts them: "/district/street/community/compound/micro/".split("/").length
    static final int MICRO_DEPTH = 6;
    static final int COMPOUND_DEPTH = 5;
    private static final int POINTS = 1 << 16;
    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    /** The grid boundaries: micro-grids and compounds, with ids, as the index takes them. */
    List<Boundary> boundaries;
    List<LocateIndex.Entry> entries;
    LocateIndex index;
    double[] lats;
    double[] lons;
    private int next;

    record Boundary(long gridId, int depth, Geometry geometry) {
    }

    @Setup(Level.Trial)
    public void setUp() {
        boundaries = city(new SplittableRandom(20240301L));
        entries = boundaries.stream().map(b -> LocateIndex.entry(b.gridId(), b.depth(), b.geometry())).toList();
        index = new LocateIndex();
        index.rebuild(entries);
        SplittableRandom random = new SplittableRandom(7L);
        lats = new double[POINTS];
        lons = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            if (random.nextInt(10) < 9) {
                // near the centre of a random cell: inside its micro-grid (the polygon's radius is at least 35 % of the cell)
                int row = random.nextInt(ROWS);
                int col = random.nextInt(COLS);
                lats[i] = SOUTH + (row + 0.5 + random.nextDouble(-0.25, 0.25)) * CELL_LAT;
                lons[i] = WEST + (col + 0.5 + random.nextDouble(-0.25, 0.25)) * CELL_LON;
            } else {
                lats[i] = SOUTH + random.nextDouble() * ROWS * CELL_LAT;
                lons[i] = WEST + random.nextDouble() * COLS * CELL_LON;
            }
        }
        // the two ways must agree before either is worth timing
        for (int i = 0; i < 2_000; i++) {
            Optional<Long> a = index.find(lats[i], lons[i]);
            Optional<Long> b = linearScan(entries, lats[i], lons[i]);
            if (!a.equals(b)) {
                throw new IllegalStateException("index and linear scan disagree at " + lats[i] + "," + lons[i] + ": " + a + " vs " + b);
            }
        }
    }

    static List<Boundary> city(SplittableRandom random) {
        List<Boundary> out = new ArrayList<>(ROWS * COLS + ROWS * COLS / (COMPOUND_CELLS * COMPOUND_CELLS));
        long id = 1;
        for (int row = 0; row < ROWS; row++) {
            for (int col = 0; col < COLS; col++) {
                out.add(new Boundary(id++, MICRO_DEPTH, microGrid(random, row, col)));
            }
        }
        for (int row = 0; row < ROWS; row += COMPOUND_CELLS) {
            for (int col = 0; col < COLS; col += COMPOUND_CELLS) {
                Envelope e = new Envelope(WEST + col * CELL_LON, WEST + (col + COMPOUND_CELLS) * CELL_LON,
                        SOUTH + row * CELL_LAT, SOUTH + (row + COMPOUND_CELLS) * CELL_LAT);
                out.add(new Boundary(id++, COMPOUND_DEPTH, FACTORY.toGeometry(e)));
            }
        }
        return out;
    }

    /** An irregular polygon of 8–20 vertices, star-shaped around the cell centre, inside the cell. */
    static Polygon microGrid(SplittableRandom random, int row, int col) {
        int n = 8 + random.nextInt(13);
        double centreLat = SOUTH + (row + 0.5) * CELL_LAT;
        double centreLon = WEST + (col + 0.5) * CELL_LON;
        Coordinate[] ring = new Coordinate[n + 1];
        double start = random.nextDouble(2 * Math.PI);
        for (int i = 0; i < n; i++) {
            double angle = start + (i + random.nextDouble(0.1, 0.9)) * 2 * Math.PI / n;
            double radius = random.nextDouble(0.35, 0.49);
            ring[i] = new Coordinate(centreLon + Math.cos(angle) * radius * CELL_LON, centreLat + Math.sin(angle) * radius * CELL_LAT);
        }
        ring[n] = ring[0].copy();
        return FACTORY.createPolygon(ring);
    }

    /** What the index does, without the index: every boundary, deepest one holding the point wins. */
    static Optional<Long> linearScan(List<LocateIndex.Entry> entries, double lat, double lon) {
        Point point = FACTORY.createPoint(new Coordinate(lon, lat));
        LocateIndex.Entry best = null;
        for (LocateIndex.Entry e : entries) {
            if ((best == null || e.depth() > best.depth()) && e.geometry().covers(point)) {
                best = e;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.gridId());
    }

    private int nextPoint() {
        return next++ & (POINTS - 1);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Optional<Long> indexedLookup() {
        int i = nextPoint();
        return index.find(lats[i], lons[i]);
    }

    /** The same lookups, sampled one by one for the distribution (median, p99) of their times. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Optional<Long> indexedLookupLatency() {
        int i = nextPoint();
        return index.find(lats[i], lons[i]);
    }

    /** Two threads (all cores of the benchmark machine) on one index: does the shared tree scale? */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public Optional<Long> indexedLookupTwoThreads(ThreadPoints points) {
        int i = points.next();
        return index.find(lats[i], lons[i]);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Optional<Long> linearScan() {
        int i = nextPoint();
        return linearScan(entries, lats[i], lons[i]);
    }

    /** Building the index from the boundaries' geometries, as a refresh does after parsing them. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 15)
    public LocateIndex buildIndex() {
        LocateIndex fresh = new LocateIndex();
        fresh.rebuild(boundaries.stream().map(b -> LocateIndex.entry(b.gridId(), b.depth(), b.geometry())).toList());
        return fresh;
    }

    /** Each thread walks the probe points from its own offset. */
    @State(Scope.Thread)
    public static class ThreadPoints {
        private int next = (int) (Thread.currentThread().threadId() * 7919);

        int next() {
            return next++ & (POINTS - 1);
        }
    }
}
