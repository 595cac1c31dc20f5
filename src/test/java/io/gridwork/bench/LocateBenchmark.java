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

import io.gridwork.bench.city.CityGeometry;
import io.gridwork.bench.city.SyntheticCity;
import io.gridwork.grid.internal.LocateIndex;

/**
 * Point → grid lookups of {@link LocateIndex} (an STR-tree over prepared polygons) in a city-sized
 * grid, against a linear scan over the same polygons, and the time to build the index.
 *
 * <p>The city: the synthetic city's geometry ({@link CityGeometry}, the generator's {@code city} preset, or
 * {@code -Dbench.city=district} etc.): 100,000 micro-grids on a 400 × 250 lattice of cells of about
 * 167 × 163 m from 30.40 N 103.80 E, each an irregular star-shaped polygon of 8–20 vertices inside its
 * cell, with gaps between neighbours; and 10,000 compound rectangles over their ten micro-grids' cells, as
 * the real index holds compounds and micro-grids and answers the deepest. The probe points: 90 % inside a
 * random micro-grid, 10 % anywhere in the city (in a gap about half the time, then the compound answers).
 *
 * <p>Run with {@code LocateBenchmarkRunner} (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
public class LocateBenchmark {

    // depths as GridService counts them: "/district/street/community/compound/micro/".split("/").length
    static final int MICRO_DEPTH = 6;
    static final int COMPOUND_DEPTH = 5;
    /** The synthetic city whose boundaries are indexed: SyntheticCity's {@code city} preset by default. */
    static final CityGeometry CITY = new CityGeometry(SyntheticCity.Scale.fromProperties(System.getProperty("bench.city", "city")), 42);
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
        boundaries = city(CITY);
        entries = boundaries.stream().map(b -> LocateIndex.entry(b.gridId(), b.depth(), b.geometry())).toList();
        index = new LocateIndex();
        index.rebuild(entries);
        SplittableRandom random = new SplittableRandom(7L);
        lats = new double[POINTS];
        lons = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            if (random.nextInt(10) < 9) {
                // near the centre of a random micro-grid: inside it (the polygon's radius is at least 35 % of the cell)
                long m = random.nextLong(CITY.microGrids());
                lats[i] = CITY.centreLat(m) + random.nextDouble(-0.25, 0.25) * CityGeometry.CELL_LAT;
                lons[i] = CITY.centreLon(m) + random.nextDouble(-0.25, 0.25) * CityGeometry.CELL_LON;
            } else {
                lats[i] = CityGeometry.SOUTH + random.nextDouble() * CITY.rows() * CityGeometry.CELL_LAT;
                lons[i] = CityGeometry.WEST + random.nextDouble() * CITY.columns() * CityGeometry.CELL_LON;
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

    /** The city's micro-grid polygons and compound rectangles, with the generator's ids. */
    static List<Boundary> city(CityGeometry city) {
        List<Boundary> out = new ArrayList<>((int) (city.microGrids() + city.compounds()));
        long firstCompound = 1_000_000_000L;
        for (long m = 0; m < city.microGrids(); m++) {
            double[][] ring = city.microRing(m);
            Coordinate[] coordinates = new Coordinate[ring.length];
            for (int i = 0; i < ring.length; i++) {
                coordinates[i] = new Coordinate(ring[i][0], ring[i][1]);
            }
            out.add(new Boundary(m + 1, MICRO_DEPTH, FACTORY.createPolygon(coordinates)));
        }
        for (long k = 0; k < city.compounds(); k++) {
            double[] b = city.compoundBox(k);
            out.add(new Boundary(firstCompound + k, COMPOUND_DEPTH, FACTORY.toGeometry(new Envelope(b[0], b[2], b[1], b[3]))));
        }
        return out;
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
