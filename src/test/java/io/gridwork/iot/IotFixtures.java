package io.gridwork.iot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.iot.internal.DeviceRegistry;
import io.gridwork.iot.internal.HttpIntake;
import io.gridwork.support.TestPeople;

/** Devices registered for a test under codes of their own, signing, images and waiting. */
@TestComponent
public class IotFixtures {

    private final DeviceRegistry devices;
    private final TestPeople people;
    private final JdbcClient jdbc;

    IotFixtures(DeviceRegistry devices, TestPeople people, JdbcClient jdbc) {
        this.devices = devices;
        this.people = people;
        this.jdbc = jdbc;
    }

    public long building() {
        return jdbc.sql("select min(id) from building where micro_grid_id = ?").param(people.firstMicroGrid())
                .query(Long.class).single();
    }

    public DeviceRegistry.Created register(String type) {
        String code = code(type);
        return devices.register(new DeviceRegistry.Registration(code, type, "测试设备 " + code, building(), null,
                "2单元电梯", null), people.user("community"));
    }

    public static String code(String type) {
        return "t-" + type.substring(0, 4).toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String sign(String secret, String timestamp, String nonce, String body) {
        return HexFormat.of().formatHex(HttpIntake.sign(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), timestamp,
                nonce, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public static byte[] jpeg() {
        try {
            var img = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
            img.setRGB(10, 10, 0xff0000);
            var out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String jpegBase64() {
        return Base64.getEncoder().encodeToString(jpeg());
    }

    public long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    /** Waits for a condition that another thread (the MQTT worker) makes true. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
