package io.gridwork.notify;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A small SMTP server on a free local port: enough of RFC 5321 (HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP,
 * QUIT) for a mail client to hand over messages, which are kept as parsed MIME messages.
 */
final class SmtpPeer implements AutoCloseable {

    record Received(String from, java.util.List<String> to, MimeMessage message) {
    }

    private final ServerSocket server;
    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    SmtpPeer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    Received next(long seconds) throws InterruptedException {
        return inbox.poll(seconds, TimeUnit.SECONDS);
    }

    int pending() {
        return inbox.size();
    }

    private void serve(Socket s) {
        try (s; var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream()) {
            reply(out, "220 smtp-peer ready");
            String from = null;
            java.util.List<String> to = new java.util.ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (cmd) {
                    case "HELO", "EHLO" -> reply(out, "250 smtp-peer");
                    case "MAIL" -> {
                        from = line.substring(line.indexOf(':') + 1).trim();
                        to = new java.util.ArrayList<>();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        to.add(line.substring(line.indexOf(':') + 1).trim());
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        StringBuilder data = new StringBuilder();
                        String l;
                        while ((l = in.readLine()) != null && !l.equals(".")) {
                            data.append(l.startsWith("..") ? l.substring(1) : l).append("\r\n");
                        }
                        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                                new ByteArrayInputStream(data.toString().getBytes(StandardCharsets.ISO_8859_1)));
                        inbox.add(new Received(from, to, m));
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (Exception e) {
            // a client that hangs up is no concern of the peer
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
