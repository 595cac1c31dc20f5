package io.gridwork.grid;

import static io.gridwork.support.SignedIn.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.gridwork.support.GridworkTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Locating a WGS-84 point through the boundaries drawn with {@code PUT /api/grid/{id}/boundary}. Each
 * test draws a compound of its own with two micro-grids at a random place far from the demo community,
 * so that tests sharing a database never meet each other's boundaries.
 */
@GridworkTest
class LocatePointApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double HALF = 0.0005;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UserDetailsService accounts;

    /** A compound of our own with two micro-grids, A and B, side by side; none has a boundary yet. */
    private long compound;
    private long microA;
    private long microB;
    private double lat;
    private double lon;

    @BeforeEach
    void drawOwnCompound() throws Exception {
        long community = jdbc.sql("select id from grid_node where name = '学府社区'").query(Long.class).single();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        compound = createGrid(community, "COMPOUND", "定位测试小区-" + suffix);
        microA = createGrid(compound, "MICRO", "定位测试小区-" + suffix + "第1微网格");
        microB = createGrid(compound, "MICRO", "定位测试小区-" + suffix + "第2微网格");
        // somewhere in Sichuan's empty west (the demo sits near 30.67, 104.1), a different place every test
        ThreadLocalRandom random = ThreadLocalRandom.current();
        lat = 28.0 + random.nextDouble(2.0);
        lon = 99.0 + random.nextDouble(2.0);
    }

    @Test
    void locatesAPointToTheMicroGridWhoseBoundaryHoldsIt() throws Exception {
        drawBoundary(compound, rectangle(lat - 2 * HALF, lon - 2 * HALF, lat + 2 * HALF, lon + 6 * HALF)).andExpect(status().isOk())
                .andExpect(jsonPath("$.hasBoundary").value(true));
        drawBoundary(microA, square(lat, lon)).andExpect(status().isOk());
        drawBoundary(microB, square(lat, lon + 4 * HALF)).andExpect(status().isOk());

        locate(lat + HALF / 2, lon - HALF / 3, "resident")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.gridId").value(microA))
                .andExpect(jsonPath("$.level").value("MICRO"));
        locate(lat, lon + 4 * HALF, "worker")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.gridId").value(microB));
        // between the two micro-grids, still inside the compound: the compound is the smallest grid holding it
        locate(lat, lon + 2 * HALF, "community")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.gridId").value(compound))
                .andExpect(jsonPath("$.level").value("COMPOUND"));
    }

    @Test
    void aPointOutsideEveryBoundaryIsA404Problem() throws Exception {
        drawBoundary(microA, square(lat, lon)).andExpect(status().isOk());

        locate(lat + 10 * HALF, lon, "community")
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("outside-grids"));
        locate(95.0, lon, "community")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-point"));
        mvc.perform(get("/api/locate/point").param("lat", "north").param("lon", "104").with(as(accounts, "community")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("lat"));
        mvc.perform(get("/api/locate/point").param("lat", String.valueOf(lat))).andExpect(status().isUnauthorized());
    }

    @Test
    void invalidGeoJsonIsA400ProblemThatSaysWhatIsWrong() throws Exception {
        expectInvalid("{\"type\": \"Polygon\", \"coordinates\": [[[", "not valid JSON");
        expectInvalid("{\"type\":\"Point\",\"coordinates\":[104.1,30.6]}", "must be a GeoJSON Polygon or MultiPolygon, not 'Point'");
        expectInvalid(String.format(Locale.ROOT, "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}",
                lon, lat, lon + HALF, lat, lon + HALF, lat + HALF, lon, lat + HALF), "must end where it starts");
        expectInvalid("{\"type\":\"Polygon\",\"coordinates\":[[[104.1,30.6],[104.2,30.6],[104.2,30.7]]]}", "at least four positions");
        expectInvalid("{\"type\":\"Polygon\",\"coordinates\":[[[104.1,30.6],[\"104.2\",30.6],[104.2,30.7],[104.1,30.6]]]}",
                "position 1 is not [longitude, latitude]");
        expectInvalid("{\"type\":\"Polygon\",\"coordinates\":[[[30.6,104.1],[30.7,104.1],[30.7,104.2],[30.6,104.1]]]}",
                "outside WGS-84 range");
        // a bow tie crosses itself
        expectInvalid(String.format(Locale.ROOT, "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}",
                lon, lat, lon + HALF, lat + HALF, lon + HALF, lat, lon, lat + HALF, lon, lat), "not valid (self-intersecting");

        mvc.perform(get("/api/grid/" + microA).with(as(accounts, "community")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stats.node.hasBoundary").value(false));
    }

    @Test
    void aFeatureAndAMultiPolygonAreAcceptedToo() throws Exception {
        drawBoundary(microA, "{\"type\":\"Feature\",\"properties\":{},\"geometry\":" + square(lat, lon) + "}").andExpect(status().isOk());
        drawBoundary(microB, String.format(Locale.ROOT, "{\"type\":\"MultiPolygon\",\"coordinates\":[%s,%s]}",
                ring(lat, lon + 4 * HALF), ring(lat, lon + 8 * HALF))).andExpect(status().isOk());

        locate(lat, lon, "community").andExpect(jsonPath("$.gridId").value(microA));
        locate(lat, lon + 8 * HALF, "community").andExpect(jsonPath("$.gridId").value(microB));
    }

    @Test
    void aChangedBoundaryIsPickedUpAtOnce() throws Exception {
        drawBoundary(microA, square(lat, lon)).andExpect(status().isOk());
        locate(lat, lon, "community").andExpect(jsonPath("$.gridId").value(microA));

        // the grid workers redraw A a little to the north
        drawBoundary(microA, square(lat + 4 * HALF, lon)).andExpect(status().isOk());

        locate(lat, lon, "community").andExpect(status().isNotFound());
        locate(lat + 4 * HALF, lon, "community").andExpect(status().isOk()).andExpect(jsonPath("$.gridId").value(microA));
    }

    @Test
    void aBoundaryChangedByAnotherInstanceIsPickedUpByTheScheduledRefresh() throws Exception {
        drawBoundary(microB, square(lat, lon + 4 * HALF)).andExpect(status().isOk());

        // another instance wrote it: this one only notices through the database (refresh every 1 s in tests)
        jdbc.sql("update grid_node set boundary = ?, updated_at = current_timestamp where id = ?")
                .params(square(lat, lon), microA).update();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            Thread.sleep(200);
            status = locate(lat, lon, "community").andReturn().getResponse().getStatus();
        } while (status == 404 && System.nanoTime() < deadline);
        locate(lat, lon, "community").andExpect(status().isOk()).andExpect(jsonPath("$.gridId").value(microA));
    }

    @Test
    void onlyStaffCoveringTheGridDrawItsBoundary() throws Exception {
        long elsewhere = jdbc.sql("select id from grid_node where name = '城市花园三期'").query(Long.class).single();
        mvc.perform(put("/api/grid/" + elsewhere + "/boundary").contentType(MediaType.APPLICATION_JSON)
                        .content(square(lat, lon)).with(as(accounts, "community")).with(csrf()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not-found"));
        mvc.perform(put("/api/grid/" + microA + "/boundary").contentType(MediaType.APPLICATION_JSON)
                        .content(square(lat, lon)).with(as(accounts, "worker")).with(csrf()))
                .andExpect(status().isForbidden());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private long createGrid(long parent, String level, String name) throws Exception {
        String body = mvc.perform(post("/api/grid").contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(Map.of("parentId", parent, "level", level, "name", name)))
                        .with(as(accounts, "community")).with(csrf()))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return JSON.readTree(body).get("id").asLong();
    }

    private ResultActions drawBoundary(long grid, String geoJson) throws Exception {
        return mvc.perform(put("/api/grid/" + grid + "/boundary").contentType("application/geo+json").content(geoJson)
                .with(as(accounts, "community")).with(csrf()));
    }

    private void expectInvalid(String geoJson, String message) throws Exception {
        drawBoundary(microA, geoJson)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("invalid-boundary"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(message)));
    }

    private ResultActions locate(double lat, double lon, String user) throws Exception {
        return mvc.perform(get("/api/locate/point").param("lat", String.valueOf(lat)).param("lon", String.valueOf(lon))
                .with(as(accounts, user)));
    }

    private static String square(double lat, double lon) {
        return "{\"type\":\"Polygon\",\"coordinates\":" + ring(lat, lon) + "}";
    }

    /** The coordinates of a square polygon of side 2 × HALF around the point. */
    private static String ring(double lat, double lon) {
        return rectangleCoordinates(lat - HALF, lon - HALF, lat + HALF, lon + HALF);
    }

    private static String rectangle(double south, double west, double north, double east) {
        return "{\"type\":\"Polygon\",\"coordinates\":" + rectangleCoordinates(south, west, north, east) + "}";
    }

    private static String rectangleCoordinates(double south, double west, double north, double east) {
        return String.format(Locale.ROOT, "[[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f]]]",
                west, south, east, south, east, north, west, north, west, south);
    }
}
