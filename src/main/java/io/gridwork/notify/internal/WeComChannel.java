package io.gridwork.notify.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gridwork.people.PersonalDataCipher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeCom (企业微信) group robots: {@code POST} the audience's webhook URL (stored encrypted) with
 * {@code {"msgtype":"text","text":{"content":...}}} or markdown. The robot answers
 * {@code {"errcode":0,"errmsg":"ok"}}; any other errcode (or a non-2xx status) is a failure.
 */
@Component
class WeComChannel implements ExternalChannel {

    private final NotifyProperties props;
    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final String baseUrl;
    private final JsonMapper json = JsonMapper.builder().build();

    WeComChannel(NotifyProperties props, JdbcClient jdbc, PersonalDataCipher cipher,
            @Value("${gridwork.public-base-url:}") String baseUrl) {
        this.props = props;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.baseUrl = baseUrl == null ? "" : baseUrl.strip().replaceAll("/+$", "");
    }

    @Override
    public ChannelType type() {
        return ChannelType.WECOM;
    }

    @Override
    public void send(Delivery d) throws Exception {
        String url = jdbc.sql("select webhook_enc from notify_audience where id = ?").param(d.audienceId())
                .query(String.class).optional().map(cipher::decrypt)
                .orElseThrow(() -> new IllegalStateException("audience " + d.audienceId() + " has no robot"));
        if (!props.getWecom().allows(java.net.URI.create(url).getHost())) {
            throw new IllegalStateException("the robot's host is not in gridwork.notify.wecom.allowed-hosts");
        }
        String link = d.link() == null || d.link().isBlank() ? "" : baseUrl + d.link();
        Object payload;
        if ("markdown".equals(props.getWecom().getMsgtype())) {
            String md = "**" + d.title() + "**\n" + d.body() + (link.isEmpty() ? "" : "\n[查看详情](" + link + ")");
            payload = Map.of("msgtype", "markdown", "markdown", Map.of("content", md));
        } else {
            String text = d.title() + "\n" + d.body() + (link.isEmpty() ? "" : "\n" + link);
            payload = Map.of("msgtype", "text", "text", Map.of("content", text));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(props.getHttpTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(payload), StandardCharsets.UTF_8)).build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(props.getHttpTimeout()).build()) {
            HttpResponse<String> reply = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (reply.statusCode() / 100 != 2) {
                throw new IllegalStateException("robot answered HTTP " + reply.statusCode());
            }
            JsonNode node = json.readTree(reply.body());
            int errcode = node.path("errcode").asInt(-1);
            if (errcode != 0) {
                throw new IllegalStateException("robot answered errcode " + errcode + ": " + node.path("errmsg").asString(""));
            }
        }
    }
}
