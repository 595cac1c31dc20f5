package io.gridwork.notify.internal;

import java.time.Duration;
import java.time.LocalTime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/** {@code gridwork.notify.*}. Mutable so that tests can point a channel at their own peer. */
@Component
@ConfigurationProperties(prefix = "gridwork.notify")
public class NotifyProperties {

    /** Non-urgent external messages wait from quietStart to quietEnd in {@code zone}. */
    private LocalTime quietStart = LocalTime.of(22, 0);
    private LocalTime quietEnd = LocalTime.of(7, 0);
    private String zone = "Asia/Shanghai";
    private int maxAttempts = 6;
    private Duration backoffBase = Duration.ofSeconds(30);
    private Duration backoffMax = Duration.ofHours(6);
    private Duration lease = Duration.ofMinutes(5);
    private int batchSize = 100;
    private Duration httpTimeout = Duration.ofSeconds(10);
    private final Email email = new Email();
    private final Sms sms = new Sms();
    private final WeCom wecom = new WeCom();

    public static class Email {
        /** Unset: the e-mail channel is off. */
        private String host = "";
        private int port = 25;
        private String username = "";
        private String password = "";
        private String from = "gridwork@localhost";
        private boolean starttls = false;

        public String getHost() { return host; }
        public void setHost(String host) { this.host = host == null ? "" : host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username == null ? "" : username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password == null ? "" : password; }
        public String getFrom() { return from; }
        public void setFrom(String from) { this.from = from; }
        public boolean isStarttls() { return starttls; }
        public void setStarttls(boolean starttls) { this.starttls = starttls; }
    }

    public static class Sms {
        /** Unset: the SMS channel is off. */
        private String url = "";
        private String apiKey = "";
        /** Optional: when set, each request carries an HMAC-SHA256 signature of timestamp and body. */
        private String secret = "";

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url == null ? "" : url; }
        public String getApiKey() { return apiKey; }
        public void setApiKey(String apiKey) { this.apiKey = apiKey == null ? "" : apiKey; }
        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret == null ? "" : secret; }
    }

    public static class WeCom {
        private boolean enabled = true;
        /** text or markdown. */
        private String msgtype = "text";
        /**
         * Hosts a group robot's webhook may point at (so that nobody makes the server post to an internal
         * address); empty allows any host.
         */
        private java.util.List<String> allowedHosts = new java.util.ArrayList<>(java.util.List.of("qyapi.weixin.qq.com"));

        public java.util.List<String> getAllowedHosts() { return allowedHosts; }
        public void setAllowedHosts(java.util.List<String> allowedHosts) { this.allowedHosts = allowedHosts == null ? new java.util.ArrayList<>() : allowedHosts; }

        public boolean allows(String host) {
            return host != null && (allowedHosts.isEmpty() || allowedHosts.stream().anyMatch(h -> h.equalsIgnoreCase(host)));
        }

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getMsgtype() { return msgtype; }
        public void setMsgtype(String msgtype) { this.msgtype = msgtype; }
    }

    public LocalTime getQuietStart() { return quietStart; }
    public void setQuietStart(LocalTime quietStart) { this.quietStart = quietStart; }
    public LocalTime getQuietEnd() { return quietEnd; }
    public void setQuietEnd(LocalTime quietEnd) { this.quietEnd = quietEnd; }
    public String getZone() { return zone; }
    public void setZone(String zone) { this.zone = zone; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
    public Duration getBackoffBase() { return backoffBase; }
    public void setBackoffBase(Duration backoffBase) { this.backoffBase = backoffBase; }
    public Duration getBackoffMax() { return backoffMax; }
    public void setBackoffMax(Duration backoffMax) { this.backoffMax = backoffMax; }
    public Duration getLease() { return lease; }
    public void setLease(Duration lease) { this.lease = lease; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public Duration getHttpTimeout() { return httpTimeout; }
    public void setHttpTimeout(Duration httpTimeout) { this.httpTimeout = httpTimeout; }
    public Email getEmail() { return email; }
    public Sms getSms() { return sms; }
    public WeCom getWecom() { return wecom; }
}
