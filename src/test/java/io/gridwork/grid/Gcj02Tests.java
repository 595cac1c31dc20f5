package io.gridwork.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import io.gridwork.grid.internal.Gcj02;
import io.gridwork.grid.internal.MapSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** WGS-84 ⇄ GCJ-02 on the published reference points, and its use by the map page. */
class Gcj02Tests {

    @Test
    void shiftsKnownPointsAsTheReferenceImplementationDoes() {
        // Shanghai, Shenzhen and Beijing: the reference values every GCJ-02 implementation is tested against
        double[][] cases = {
            {31.1774276, 121.5272106, 31.17530398364597, 121.531541859215},
            {22.543847, 113.912316, 22.540796131694766, 113.9171764808363},
            {39.911954, 116.377817, 39.91334545536069, 116.38404722455657},
        };
        for (double[] c : cases) {
            double[] gcj = Gcj02.fromWgs84(c[0], c[1]);
            assertThat(gcj[0]).isCloseTo(c[2], within(1e-9));
            assertThat(gcj[1]).isCloseTo(c[3], within(1e-9));
            double[] back = Gcj02.toWgs84(c[2], c[3]);
            // the inverse is iterated to well under a centimetre (1e-7 degrees is about 1 cm)
            assertThat(back[0]).isCloseTo(c[0], within(1e-7));
            assertThat(back[1]).isCloseTo(c[1], within(1e-7));
        }
    }

    @Test
    void leavesPointsOutsideChinaAlone() {
        assertThat(Gcj02.fromWgs84(51.5, -0.12)).containsExactly(51.5, -0.12);
        assertThat(Gcj02.toWgs84(35.68, 139.86)).containsExactly(35.68, 139.86);
    }

    @Test
    void aGcj02BaseMapShowsStoredBoundariesShiftedAndStoresDrawnOnesInWgs84() throws Exception {
        MapSettings gcj = new MapSettingsFactory().create("https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}", "GCJ02");
        // drawn on the GCJ-02 map at the GCJ-02 position of a WGS-84 point: stored at the WGS-84 point
        double[] p = Gcj02.fromWgs84(30.6765, 104.106);
        String stored = gcj.drawnPolygon(p[0] + "," + p[1] + ";" + (p[0] + 0.001) + "," + p[1] + ";" + p[0] + "," + (p[1] + 0.001));
        JsonNode ring = JsonMapper.builder().build().readTree(stored).path("coordinates").get(0);
        assertThat(ring.size()).isEqualTo(4);
        assertThat(ring.get(0).get(0).asDouble()).isCloseTo(104.106, within(1e-6));
        assertThat(ring.get(0).get(1).asDouble()).isCloseTo(30.6765, within(1e-6));
        assertThat(ring.get(3)).isEqualTo(ring.get(0));
        // and shown shifted back onto the GCJ-02 map
        JsonNode shown = JsonMapper.builder().build().readTree(gcj.forDisplay(stored)).path("coordinates").get(0).get(0);
        assertThat(shown.get(0).asDouble()).isCloseTo(p[1], within(1e-6));
        assertThat(shown.get(1).asDouble()).isCloseTo(p[0], within(1e-6));

        MapSettings wgs = new MapSettingsFactory().create("", "WGS84");
        assertThat(wgs.forDisplay(stored)).isEqualTo(stored);
    }

    /** MapSettings is a Spring component with a package-private constructor; tests build it reflectively. */
    static final class MapSettingsFactory {
        MapSettings create(String tiles, String crs) throws Exception {
            var c = MapSettings.class.getDeclaredConstructor(String.class, String.class, String.class, String.class);
            c.setAccessible(true);
            return c.newInstance(tiles, crs, "", "1234");
        }
    }
}
