package io.gridwork.grid.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * An immutable STR-tree over grid boundaries. Rebuilt whole and swapped atomically when boundaries
 * change, so lookups never lock. Among several polygons holding a point, the deepest grid wins
 * (a micro-grid over its compound).
 */
public final class LocateIndex {

    /** One indexed boundary. */
    public record Entry(long gridId, int depth, PreparedGeometry geometry) {
    }

    private final AtomicReference<STRtree> tree = new AtomicReference<>(new STRtree());
    private volatile int size;

    public void rebuild(List<Entry> entries) {
        STRtree fresh = new STRtree(Math.max(2, Math.min(16, entries.size())));
        for (Entry e : entries) {
            fresh.insert(e.geometry().getGeometry().getEnvelopeInternal(), e);
        }
        fresh.build();
        tree.set(fresh);
        size = entries.size();
    }

    public static Entry entry(long gridId, int depth, Geometry geometry) {
        return new Entry(gridId, depth, PreparedGeometryFactory.prepare(geometry));
    }

    public int size() {
        return size;
    }

    public Optional<Long> find(double lat, double lon) {
        Point point = GeoJson.FACTORY.createPoint(new Coordinate(lon, lat));
        Entry best = null;
        for (Object o : tree.get().query(new Envelope(lon, lon, lat, lat))) {
            Entry e = (Entry) o;
            if ((best == null || e.depth() > best.depth()) && e.geometry().covers(point)) {
                best = e;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.gridId());
    }
}
