package io.gridwork.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own: {@code initdb} into a directory (under {@code target/}), {@code pg_ctl}
 * to start and stop it on a free port of 127.0.0.1 with its socket in that directory, trust authentication for
 * {@code postgres}. The binaries are Debian's {@code /usr/lib/postgresql/<version>/bin} (the newest), or
 * {@code GRIDWORK_IT_PG_BIN}. initdb refuses to run as root, so as root every command runs as the
 * {@code postgres} user ({@code runuser}) on a directory handed to it.
 */
final class PrivatePostgres implements AutoCloseable {

    final int port;
    private final Path dir;
    private final Path bin;
    private final boolean asRoot = "root".equals(System.getProperty("user.name"));
    private boolean running;

    PrivatePostgres(Path dir) throws IOException {
        // as root the postgres user must reach the directory; where an ancestor is closed to others, use /tmp
        this.dir = asRoot && !reachableByOthers(dir.toAbsolutePath().getParent())
                ? Files.createTempDirectory("gridwork-private-pg-").resolve("pg") : dir.toAbsolutePath();
        this.bin = binaries();
        this.port = GridworkInstance.freePort();
    }

    private static boolean reachableByOthers(Path parent) throws IOException {
        for (Path p = parent; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    static Path binaries() throws IOException {
        String configured = System.getenv("GRIDWORK_IT_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> version(v.getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            }
        }
        throw new IllegalStateException("no initdb in /usr/lib/postgresql/*/bin (apt-get install postgresql, or set GRIDWORK_IT_PG_BIN)");
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** initdb: an empty cluster with the superuser postgres (trust), UTF-8 and the C collation. */
    void init() throws Exception {
        Files.createDirectories(dir.resolve("sock"));
        if (asRoot) {
            run(List.of("chown", "-R", "postgres:", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C", "--no-sync"), true);
    }

    /**
     * A streaming replica of {@code primary} instead of {@link #init()}: {@code pg_basebackup -R} into this
     * directory (the primary's default {@code wal_level=replica} and initdb's trusted replication connections
     * from 127.0.0.1 allow it); {@link #start()} then runs it as a hot standby on its own port.
     */
    void replicaOf(PrivatePostgres primary) throws Exception {
        Files.createDirectories(dir.resolve("sock"));
        if (asRoot) {
            run(List.of("chown", "-R", "postgres:", dir.toString()), false);
        }
        run(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(primary.port), "-U",
                "postgres", "-D", dir.resolve("data").toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync"), true);
    }

    void start() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("postgres.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir.resolve("sock") + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "start"), true);
        running = true;
    }

    /** A clean stop ({@code -m fast}): open connections are terminated, new ones refused. */
    void stop() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "60", "stop"), true);
        running = false;
    }

    @Override
    public void close() throws Exception {
        if (running) {
            stop();
        }
    }

    private void run(List<String> command, boolean asPostgres) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asRoot && asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Path out = Files.createTempFile("private-postgres-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + Files.readString(out)
                        + logTail());
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("postgres.log"));
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
