package io.gridwork.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser-like client: the JDK HttpClient with its own cookie jar, redirects not followed. */
final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(3)).build();

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String url, String bearer) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token in page: " + html.substring(0, Math.min(300, html.length())));
        }
        return m.group(1);
    }

    /** Form login: the login page for a CSRF token, then the form; returns the response to the form. */
    HttpResponse<String> signIn(String base, String username, String password) throws IOException, InterruptedException {
        String token = csrf(get(base + "/login").body());
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(token);
        return http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Issues an API token through the signed-in session: CSRF from {@code csrfBase}'s page, POST to {@code postBase}. */
    String issueToken(String csrfBase, String postBase) throws IOException, InterruptedException {
        HttpResponse<String> page = get(csrfBase + "/me/tokens");
        if (page.statusCode() != 200) {
            throw new AssertionError("token page: " + page.statusCode() + " " + page.headers().firstValue("Location"));
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(postBase + "/api/tokens"))
                .header("Content-Type", "application/json").header("X-CSRF-TOKEN", csrf(page.body()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"multi-instance-it\"}"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("token: " + r.statusCode() + " " + r.body());
        }
        Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no token in " + r.body());
        }
        return m.group(1);
    }

    static HttpRequest submitDemand(String base, String bearer, String key, long buildingId, String description) {
        String body = "{\"categoryCode\":\"WATER_LEAK\",\"description\":\"" + description + "\",\"buildingId\":" + buildingId
                + ",\"channel\":\"STATION\",\"reporterName\":\"集成测试\"}";
        return HttpRequest.newBuilder(URI.create(base + "/api/demands")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20)).build();
    }

    static HttpRequest uploadPhoto(String base, String bearer, long demandId, byte[] jpeg) {
        String boundary = "gridwork-it-" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"stage\"\r\n\r\nREPORT\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leak.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(jpeg);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(base + "/api/demands/" + demandId + "/photos"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).timeout(Duration.ofSeconds(30)).build();
    }

    static long firstId(String json) {
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no id in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
