package io.gridwork.notify.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import io.gridwork.notify.SmsGateway;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in SMS gateway client: {@code POST gridwork.notify.sms.url} with JSON
 * {@code {"phone": "...", "text": "...", "reference": "..."}} and the headers {@code X-Api-Key},
 * {@code Idempotency-Key} (the reference) and, when a secret is configured, {@code X-Timestamp} (epoch
 * seconds) and {@code X-Signature} = hex HMAC-SHA256(secret, timestamp + "\n" + body). Any 2xx reply is
 * success; anything else is a failure.
 */
@Component
class HttpSmsGateway implements SmsGateway {

    private final NotifyProperties props;
    private final JsonMapper json = JsonMapper.builder().build();

    HttpSmsGateway(NotifyProperties props) {
        this.props = props;
    }

    @Override
    public boolean enabled() {
        return !props.getSms().getUrl().isBlank();
    }

    @Override
    public void send(String phone, String text, String reference) throws Exception {
        NotifyProperties.Sms cfg = props.getSms();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("phone", phone);
        payload.put("text", text);
        payload.put("reference", reference);
        String body = json.writeValueAsString(payload);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cfg.getUrl()))
                .timeout(props.getHttpTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Api-Key", cfg.getApiKey())
                .header("Idempotency-Key", reference)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!cfg.getSecret().isBlank()) {
            String ts = String.valueOf(Instant.now().getEpochSecond());
            request.header("X-Timestamp", ts).header("X-Signature", sign(cfg.getSecret(), ts + "\n" + body));
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(props.getHttpTimeout()).build()) {
            HttpResponse<String> reply = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (reply.statusCode() / 100 != 2) {
                throw new IllegalStateException("SMS gateway answered " + reply.statusCode() + ": " + Outbox.clip(reply.body(), 200));
            }
        }
    }

    static String sign(String secret, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }
}
