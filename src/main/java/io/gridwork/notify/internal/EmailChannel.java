package io.gridwork.notify.internal;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import io.gridwork.people.PersonalDataCipher;
import jakarta.mail.internet.MimeMessage;

/** E-mail over SMTP ({@code gridwork.notify.email.*}); UTF-8 subject and body, so Chinese survives. */
@Component
class EmailChannel implements ExternalChannel {

    private final NotifyProperties props;
    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final String baseUrl;

    EmailChannel(NotifyProperties props, JdbcClient jdbc, PersonalDataCipher cipher,
            @Value("${gridwork.public-base-url:}") String baseUrl) {
        this.props = props;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.baseUrl = baseUrl == null ? "" : baseUrl.strip().replaceAll("/+$", "");
    }

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    @Override
    public void send(Delivery d) throws Exception {
        NotifyProperties.Email cfg = props.getEmail();
        if (cfg.getHost().isBlank()) {
            throw new IllegalStateException("e-mail is not configured (gridwork.notify.email.host)");
        }
        String address = jdbc.sql("select email_enc from notify_preference where account_id = ?").param(d.accountId())
                .query(String.class).optional().map(cipher::decrypt)
                .orElseThrow(() -> new IllegalStateException("account " + d.accountId() + " has no e-mail address"));
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(cfg.getHost());
        sender.setPort(cfg.getPort());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        if (!cfg.getUsername().isBlank()) {
            sender.setUsername(cfg.getUsername());
            sender.setPassword(cfg.getPassword());
        }
        Properties p = new Properties();
        p.put("mail.smtp.auth", String.valueOf(!cfg.getUsername().isBlank()));
        p.put("mail.smtp.starttls.enable", String.valueOf(cfg.isStarttls()));
        p.put("mail.smtp.connectiontimeout", String.valueOf(props.getHttpTimeout().toMillis()));
        p.put("mail.smtp.timeout", String.valueOf(props.getHttpTimeout().toMillis()));
        sender.setJavaMailProperties(p);
        MimeMessage mail = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mail, false, StandardCharsets.UTF_8.name());
        helper.setFrom(cfg.getFrom());
        helper.setTo(address);
        helper.setSubject(d.title());
        String text = d.body();
        if (d.link() != null && !d.link().isBlank()) {
            text += "\n\n" + baseUrl + d.link();
        }
        helper.setText(text, false);
        sender.send(mail);
    }
}
