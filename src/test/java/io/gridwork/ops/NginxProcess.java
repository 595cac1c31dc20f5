package io.gridwork.ops;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * nginx in the foreground with a temporary prefix, serving the shipped {@code deploy/nginx/gridwork.conf}
 * with its upstream servers replaced by the given local ports and its {@code listen} by a free port.
 */
final class NginxProcess implements AutoCloseable {

    private final Process process;
    private final Path prefix;
    final int port;

    private NginxProcess(Process process, Path prefix, int port) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
    }

    static NginxProcess start(Path nginx, Path prefix, Path shippedConf, List<Integer> instancePorts) throws Exception {
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("tmp"));
        int port = GridworkInstance.freePort();
        String site = Files.readString(shippedConf);
        Matcher upstream = Pattern.compile("(upstream gridwork \\{)(.*?)(\\n})", Pattern.DOTALL).matcher(site);
        if (!upstream.find()) {
            throw new AssertionError("no 'upstream gridwork { ... }' in " + shippedConf);
        }
        String servers = instancePorts.stream().map(p -> "\n    server 127.0.0.1:" + p + " max_fails=3 fail_timeout=10s;")
                .collect(Collectors.joining()) + "\n    keepalive 32;";
        site = site.substring(0, upstream.start(2)) + servers + site.substring(upstream.end(2));
        if (!site.contains("listen 80;")) {
            throw new AssertionError("no 'listen 80;' in " + shippedConf);
        }
        site = site.replace("listen 80;", "listen 127.0.0.1:" + port + ";");
        Files.writeString(prefix.resolve("gridwork.conf"), site);
        String user = "root".equals(System.getProperty("user.name")) ? "user root root;\n" : "";
        Files.writeString(prefix.resolve("nginx.conf"), user + """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 256; }
                http {
                    log_format upstream '$upstream_addr $status "$request"';
                    access_log %1$s/logs/access.log upstream;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    include %1$s/gridwork.conf;
                }
                """.formatted(prefix));
        Process p = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        NginxProcess n = new NginxProcess(p, prefix, port);
        for (int i = 0; i < 100; i++) {
            if (!p.isAlive()) {
                throw new AssertionError("nginx exited: " + Files.readString(prefix.resolve("logs/stdout.log"))
                        + readOrEmpty(prefix.resolve("logs/error.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return n;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        n.close();
        throw new AssertionError("nginx did not listen on " + port);
    }

    private static String readOrEmpty(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The upstream addresses that served requests for the path (from the access log). */
    Set<String> upstreamsOf(String path) throws IOException {
        return Files.readAllLines(prefix.resolve("logs/access.log")).stream()
                .filter(l -> l.contains(" " + path + " ")).map(l -> l.substring(0, l.indexOf(' '))).collect(Collectors.toSet());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
