package io.gridwork.people.importing;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.gridwork.shared.web.ProblemException;

/**
 * Runs import jobs in the background, one at a time per instance (an import keeps two cores busy).
 * Jobs are claimed from the database, so an upload received by one instance may run on another, and
 * a job whose instance stopped is taken over once its heartbeat is stale. The instance that received
 * an upload starts it at once; every instance also looks for waiting jobs every few seconds.
 */
@Component
public class ImportRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    private final ImportJobs jobs;
    private final ResidentImporter importer;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "import-worker");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Uploads received here, still on local disk: spares reading them back from the database. */
    private final Map<Long, Path> localFiles = new ConcurrentHashMap<>();

    ImportRunner(ImportJobs jobs, ResidentImporter importer) {
        this.jobs = jobs;
        this.importer = importer;
    }

    /** Hands a stored upload to the runner; the local copy is used if this instance runs the job. */
    void submitted(long jobId, Path localCopy) {
        localFiles.put(jobId, localCopy);
        kick();
    }

    @Scheduled(fixedDelayString = "${gridwork.import.poll-ms:5000}", initialDelayString = "${gridwork.import.poll-ms:5000}")
    void poll() {
        kick();
        // local copies of jobs another instance took are no longer needed
        localFiles.keySet().removeIf(id -> {
            Optional<ImportJobView> v = jobs.view(id);
            boolean gone = v.isEmpty() || v.get().finished();
            if (gone) {
                delete(localFiles.get(id));
            }
            return gone;
        });
    }

    private void kick() {
        again.set(true);
        if (busy.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (RuntimeException e) {
                busy.set(false);
                throw e;
            }
        }
    }

    private void drain() {
        try {
            do {
                again.set(false);
                Optional<ImportJobs.Claimed> job;
                while ((job = jobs.claim(owner)).isPresent()) {
                    run(job.get());
                }
            } while (again.get());
        } catch (RuntimeException e) {
            log.error("import runner could not claim a job", e);
        } finally {
            busy.set(false);
        }
    }

    private void run(ImportJobs.Claimed job) {
        long start = System.nanoTime();
        Path file = localFiles.remove(job.id());
        boolean local = file != null && Files.exists(file);
        try {
            if (!local) {
                file = Files.createTempFile("gridwork-import-" + job.id() + "-", ".upload");
                jobs.materialise(job.id(), file);
            }
            ResidentImporter.Tally t = importer.run(job.id(), file, job.format(), job.scopePaths());
            long ms = (System.nanoTime() - start) / 1_000_000;
            jobs.finish(job.id(), ImportJobs.DONE, null);
            log.info("import {} ({}) done in {} ms: {} rows, {} inserted, {} updated, {} unchanged, {} refused", job.id(),
                    job.filename(), ms, t.processed(), t.inserted(), t.updated(), t.unchanged(), t.refused());
        } catch (ProblemException e) {
            jobs.finish(job.id(), ImportJobs.FAILED, e.getMessage());
        } catch (Exception e) {
            log.error("import {} failed", job.id(), e);
            jobs.finish(job.id(), ImportJobs.FAILED, "the import stopped: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            delete(file);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                log.warn("could not delete {}", file, e);
            }
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
