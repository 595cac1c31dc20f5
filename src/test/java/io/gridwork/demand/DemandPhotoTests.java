package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.storage.LocalFileStore;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

@GridworkTest
class DemandPhotoTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    DemandService service;
    @Autowired
    TestPeople people;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LocalFileStore files;

    private long report(GridworkUser resident) {
        return service.submit(new Submission("WATER_LEAK", "车位旁边漏水，附照片", null, null, null, null, null, null, null,
                false, null, null, null), resident, null).id();
    }

    private ResultActions upload(long demand, GridworkUser who, String stage, MockMultipartFile... parts) throws Exception {
        MockMultipartHttpServletRequestBuilder request = multipart("/api/demands/" + demand + "/photos");
        for (MockMultipartFile f : parts) {
            request.file(f);
        }
        if (stage != null) {
            request.param("stage", stage);
        }
        return mvc.perform(request.with(csrf()).with(user(who)));
    }

    private static MockMultipartFile part(String name, String type, byte[] bytes) {
        return new MockMultipartFile("file", name, type, bytes);
    }

    @Test
    void aReportPhotoIsReEncodedWithoutItsGpsPositionAndCameraAndTurnedUpright() throws Exception {
        GridworkUser resident = people.freshResident();
        long id = report(resident);
        // 40 × 30, red on the left quarter, stored sideways: EXIF orientation 6 means "turn 90° clockwise"
        byte[] original = withExif(jpeg(40, 30, true), 6);
        assertThat(contains(original, "Exif")).as("the test photo carries EXIF").isTrue();
        assertThat(contains(original, "GridworkTestCam")).isTrue();
        assertThat(markers(original)).contains(0xE1);

        String body = upload(id, resident, "REPORT", part("IMG_0001.JPG", "image/jpeg", original))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$[0].stage").value("REPORT"))
                .andExpect(jsonPath("$[0].width").value(30))
                .andExpect(jsonPath("$[0].height").value(40))
                .andReturn().getResponse().getContentAsString();
        long photo = Long.parseLong(body.replaceAll("(?s).*?\"id\":(\\d+).*", "$1"));

        byte[] stored = mvc.perform(get("/api/demands/" + id + "/photos/" + photo).with(user(resident)))
                .andExpect(status().isOk()).andExpect(content().contentType("image/jpeg"))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(markers(stored)).as("no APP1 (EXIF/XMP) or other application segment but JFIF")
                .doesNotContain(0xE1, 0xE2, 0xED, 0xFE).contains(0xE0);
        assertThat(contains(stored, "Exif")).isFalse();
        assertThat(contains(stored, "GridworkTestCam")).isFalse();
        assertThat(contains(stored, "SpyPhone")).isFalse();
        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(stored));
        assertThat(upright.getWidth()).isEqualTo(30);
        assertThat(upright.getHeight()).isEqualTo(40);
        Color top = new Color(upright.getRGB(15, 3));
        Color bottom = new Color(upright.getRGB(15, 36));
        assertThat(top.getRed()).as("the red left edge is now on top").isGreaterThan(150);
        assertThat(bottom.getBlue()).isGreaterThan(150);

        byte[] thumb = mvc.perform(get("/api/demands/" + id + "/photos/" + photo + "/thumbnail").with(user(resident)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(thumb))).isNotNull();
        assertThat(contains(thumb, "GridworkTestCam")).isFalse();
        assertThat(jdbc.sql("select count(*) from demand_event_log where demand_id = ? and action = 'PHOTO_ADDED'").param(id)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void largePhotosAreScaledDownAndGetASmallThumbnailAndHandlersAddResolutionPhotos() throws Exception {
        GridworkUser resident = people.freshResident();
        GridworkUser worker = people.user("worker");
        long id = report(resident);
        upload(id, resident, "REPORT", part("big.png", "image/png", png(3200, 2400))).andExpect(status().isCreated())
                .andExpect(jsonPath("$[0].width").value(2560)).andExpect(jsonPath("$[0].height").value(1920));
        service.resolveOnSpot(id, "已清理", worker);
        upload(id, worker, "RESOLUTION", part("after.jpg", "image/jpeg", jpeg(800, 600, false)),
                part("after2.gif", "image/gif", gif(100, 80))).andExpect(status().isCreated());

        mvc.perform(get("/api/demands/" + id + "/photos").with(user(resident))).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].stage").value("REPORT"))
                .andExpect(jsonPath("$[1].stage").value("RESOLUTION"))
                .andExpect(jsonPath("$[1].uploadedBy").value(worker.displayName()))
                .andExpect(jsonPath("$[0].thumbnailUrl").value(org.hamcrest.Matchers.endsWith("/thumbnail")));
        long first = jdbc.sql("select min(id) from demand_photo where demand_id = ?").param(id).query(Long.class).single();
        byte[] thumb = mvc.perform(get("/api/demands/" + id + "/photos/" + first + "/thumbnail").with(user(worker)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb));
        assertThat(Math.max(t.getWidth(), t.getHeight())).isEqualTo(320);
    }

    @Test
    void aTextFileNamedPngIsRefusedAndNothingIsStored() throws Exception {
        GridworkUser resident = people.freshResident();
        long id = report(resident);
        upload(id, resident, "REPORT", part("photo.png", "image/png", "这不是图片，只是文字".getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.code").value("not-an-image"))
                .andExpect(jsonPath("$.file").value("photo.png"));
        assertNothingStored(id);
    }

    @Test
    void aTruncatedJpegIsRefused() throws Exception {
        GridworkUser resident = people.freshResident();
        long id = report(resident);
        byte[] whole = jpeg(600, 400, false);
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        upload(id, resident, "REPORT", part("cut.jpg", "image/jpeg", truncated))
                .andExpect(status().is(422)).andExpect(jsonPath("$.code").value("photo-corrupt"));
        assertNothingStored(id);
    }

    @Test
    void anOversizedFileIsRefused() throws Exception {
        GridworkUser resident = people.freshResident();
        long id = report(resident);
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        ThreadLocalRandom.current().nextBytes(big);
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        upload(id, resident, "REPORT", part("huge.jpg", "image/jpeg", big))
                .andExpect(status().is(413)).andExpect(jsonPath("$.code").value("photo-too-large"));
        assertNothingStored(id);
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderAlone() throws Exception {
        GridworkUser resident = people.freshResident();
        long id = report(resident);
        upload(id, resident, "REPORT", part("bomb.png", "image/png", pngClaiming(50_000, 50_000)))
                .andExpect(status().is(413)).andExpect(jsonPath("$.code").value("photo-too-many-pixels"))
                .andExpect(jsonPath("$.width").value(50_000));
        assertNothingStored(id);
    }

    @Test
    void aTenthReportPhotoIsRefusedAndABatchIsAllOrNothing() throws Exception {
        GridworkUser resident = people.freshResident();
        long id = report(resident);
        List<MockMultipartFile> seven = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seven.add(part("p" + i + ".jpg", "image/jpeg", jpeg(64, 48, i % 2 == 0)));
        }
        upload(id, resident, "REPORT", seven.toArray(MockMultipartFile[]::new)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.length()").value(7));
        long filesBefore = storedFiles(id);
        assertThat(filesBefore).as("a photo and its thumbnail each").isEqualTo(14);

        // a good photo with a bad one: neither is kept
        upload(id, resident, "REPORT", part("ok.jpg", "image/jpeg", jpeg(64, 48, true)),
                part("bad.jpg", "image/jpeg", "just some words".getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.file").value("bad.jpg"));
        // three more would make ten: none is kept
        upload(id, resident, "REPORT", part("p7.jpg", "image/jpeg", jpeg(64, 48, true)),
                part("p8.jpg", "image/jpeg", jpeg(64, 48, false)), part("p9.jpg", "image/jpeg", jpeg(64, 48, false)))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("photo-limit"))
                .andExpect(jsonPath("$.have").value(7));
        assertThat(photoRows(id)).isEqualTo(7);
        assertThat(storedFiles(id)).isEqualTo(filesBefore);

        upload(id, resident, "REPORT", part("p7.jpg", "image/jpeg", jpeg(64, 48, true)),
                part("p8.jpg", "image/jpeg", jpeg(64, 48, false))).andExpect(status().isCreated());
        upload(id, resident, "REPORT", part("p9.jpg", "image/jpeg", jpeg(64, 48, true)))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("photo-limit"))
                .andExpect(jsonPath("$.limit").value(9));
        assertThat(photoRows(id)).isEqualTo(9);
        assertThat(storedFiles(id)).isEqualTo(filesBefore + 4);
        // the limit is per stage: the result may still have its own photos
        service.resolveOnSpot(id, "已处理", people.user("worker"));
        upload(id, people.user("worker"), "RESOLUTION", part("done.jpg", "image/jpeg", jpeg(64, 48, true)))
                .andExpect(status().isCreated());
    }

    @Test
    void photosOnSomeoneElsesDemandAreRefusedAndNotShown() throws Exception {
        GridworkUser owner = people.freshResident();
        GridworkUser stranger = people.freshResident();
        GridworkUser worker = people.user("worker");
        long id = report(owner);
        byte[] photo = jpeg(64, 48, true);

        upload(id, stranger, "REPORT", part("x.jpg", "image/jpeg", photo))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
        // residents do not add resolution photos
        upload(id, owner, "RESOLUTION", part("x.jpg", "image/jpeg", photo)).andExpect(status().isForbidden());
        // report photos come from whoever reported or entered the demand
        upload(id, worker, "REPORT", part("x.jpg", "image/jpeg", photo)).andExpect(status().isForbidden());
        // not dispatched to the property company
        upload(id, people.user("property"), "RESOLUTION", part("x.jpg", "image/jpeg", photo)).andExpect(status().isNotFound());
        upload(id, owner, null, part("x.jpg", "image/jpeg", photo))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("stage-required"));
        upload(id, owner, "BEFORE", part("x.jpg", "image/jpeg", photo))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-stage"));
        upload(id, owner, "REPORT").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("file-required"));
        upload(999_999_999L, owner, "REPORT", part("x.jpg", "image/jpeg", photo)).andExpect(status().isNotFound());
        assertNothingStored(id);

        upload(id, owner, "REPORT", part("x.jpg", "image/jpeg", photo)).andExpect(status().isCreated());
        long p = jdbc.sql("select id from demand_photo where demand_id = ?").param(id).query(Long.class).single();
        mvc.perform(get("/api/demands/" + id + "/photos").with(user(stranger))).andExpect(status().isNotFound());
        mvc.perform(get("/api/demands/" + id + "/photos/" + p).with(user(stranger))).andExpect(status().isNotFound());
        mvc.perform(get("/api/demands/" + id + "/photos/" + p + "/thumbnail").with(user(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/demands/" + id + "/photos/" + p).with(user(people.user("merchant"))))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/demands/" + id + "/photos/" + p).with(user(worker))).andExpect(status().isOk());
        // a photo id of another demand is not found through this one
        long other = report(stranger);
        mvc.perform(get("/api/demands/" + other + "/photos/" + p).with(user(stranger))).andExpect(status().isNotFound());
    }

    @Test
    void theGalleryFragmentOffersUploadToThoseWhoMayAndReportsRefusals() throws Exception {
        GridworkUser resident = people.freshResident();
        long id = report(resident);
        String html = mvc.perform(get("/demands/" + id + "/photos").with(user(resident))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(html).contains("暂无照片").contains("name=\"stage\"").contains("value=\"REPORT\"").contains("添加照片");
        String withError = mvc.perform(multipart("/demands/" + id + "/photos")
                .file(part("a.png", "image/png", "not an image".getBytes(StandardCharsets.UTF_8))).param("stage", "REPORT")
                .with(csrf()).with(user(resident))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(withError).contains("is not a JPEG, PNG, GIF or BMP image");
        assertNothingStored(id);
        String added = mvc.perform(multipart("/demands/" + id + "/photos").file(part("a.jpg", "image/jpeg", jpeg(64, 48, true)))
                .param("stage", "REPORT").with(csrf()).with(user(resident))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(added).contains("已添加 1 张照片").contains("/api/demands/" + id + "/photos/").contains("/thumbnail");
        String asWorker = mvc.perform(get("/demands/" + id + "/photos").with(user(people.user("worker"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(asWorker).contains("value=\"RESOLUTION\"").doesNotContain("value=\"REPORT\"");
        mvc.perform(get("/demands/" + id + "/photos").with(user(people.freshResident()))).andExpect(status().isNotFound());
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private void assertNothingStored(long demand) throws IOException {
        assertThat(photoRows(demand)).isZero();
        assertThat(storedFiles(demand)).isZero();
    }

    private long photoRows(long demand) {
        return jdbc.sql("select count(*) from demand_photo where demand_id = ?").param(demand).query(Long.class).single();
    }

    private long storedFiles(long demand) throws IOException {
        Path dir = files.root().resolve("demands").resolve(String.valueOf(demand));
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    static byte[] jpeg(int w, int h, boolean redLeft) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, w, h);
        if (redLeft) {
            g.setColor(Color.RED);
            g.fillRect(0, 0, Math.max(1, w / 4), h);
        }
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    private static byte[] png(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static byte[] gif(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED);
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "gif", out);
        return out.toByteArray();
    }

    /** A PNG whose header claims the size but whose data is a few bytes: decoding it would need gigabytes. */
    private static byte[] pngClaiming(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 10 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(b, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0).array());
        chunk(b, "IDAT", new byte[10]);
        chunk(b, "IEND", new byte[0]);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        b.putInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        b.put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
    }

    /**
     * The JPEG with an EXIF APP1 segment after its JFIF header, as phones write them: IFD0 with camera
     * make, model and orientation, and a GPS IFD with a position in Chengdu (30°40'35.76"N 104°6'12"E).
     */
    static byte[] withExif(byte[] jpeg, int orientation) {
        byte[] make = "GridworkTestCam\0".getBytes(StandardCharsets.US_ASCII);
        byte[] model = "SpyPhone 9\0".getBytes(StandardCharsets.US_ASCII);
        int ifd0 = 8;
        int ifd0Size = 2 + 4 * 12 + 4;
        int makeAt = ifd0 + ifd0Size;
        int modelAt = makeAt + make.length;
        int gps = modelAt + model.length + 1 & ~1;
        int gpsSize = 2 + 4 * 12 + 4;
        int latAt = gps + gpsSize;
        int lonAt = latAt + 24;
        ByteBuffer t = ByteBuffer.allocate(lonAt + 24); // big-endian ("MM")
        t.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(ifd0);
        t.position(ifd0);
        t.putShort((short) 4);
        entry(t, 0x010F, 2, make.length, makeAt);
        entry(t, 0x0110, 2, model.length, modelAt);
        t.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        entry(t, 0x8825, 4, 1, gps);
        t.putInt(0);
        t.position(makeAt);
        t.put(make).put(model);
        t.position(gps);
        t.putShort((short) 4);
        t.putShort((short) 0x0001).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
        entry(t, 0x0002, 5, 3, latAt);
        t.putShort((short) 0x0003).putShort((short) 2).putInt(2).put((byte) 'E').put((byte) 0).putShort((short) 0);
        entry(t, 0x0004, 5, 3, lonAt);
        t.putInt(0);
        t.position(latAt);
        t.putInt(30).putInt(1).putInt(40).putInt(1).putInt(3576).putInt(100);
        t.putInt(104).putInt(1).putInt(6).putInt(1).putInt(1200).putInt(100);
        byte[] tiff = t.array();

        var out = new ByteArrayOutputStream();
        int app0End = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            app0End = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        out.write(jpeg, 0, app0End);
        int length = 2 + 6 + tiff.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(tiff);
        out.write(jpeg, app0End, jpeg.length - app0End);
        return out.toByteArray();
    }

    private static void entry(ByteBuffer t, int tag, int type, int count, int offset) {
        t.putShort((short) tag).putShort((short) type).putInt(count).putInt(offset);
    }

    /** The marker codes of a JPEG's segments up to the start of the image data. */
    static Set<Integer> markers(byte[] jpeg) {
        Set<Integer> out = new java.util.TreeSet<>();
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
            int marker = jpeg[pos + 1] & 0xFF;
            out.add(marker);
            if (marker == 0xDA) {
                break;
            }
            pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
        }
        return out;
    }

    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
