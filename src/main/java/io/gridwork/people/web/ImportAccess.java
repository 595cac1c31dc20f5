package io.gridwork.people.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.gridwork.grid.GridApi;
import io.gridwork.grid.GridLevel;
import io.gridwork.grid.GridNode;
import io.gridwork.people.importing.ImportJobView;
import io.gridwork.people.importing.ImportJobs;
import io.gridwork.people.importing.ResidentExport;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.web.ProblemException;
import jakarta.servlet.http.HttpServletResponse;

/** What the import and export pages and API share: who may see a job, and the export download. */
@Component
class ImportAccess {

    private final ImportJobs jobs;
    private final ResidentExport export;
    private final GridViews views;
    private final GridApi grid;

    ImportAccess(ImportJobs jobs, ResidentExport export, GridViews views, GridApi grid) {
        this.jobs = jobs;
        this.export = export;
        this.views = views;
        this.grid = grid;
    }

    /** A job of the caller (admins: any). Others' jobs are reported missing, not forbidden. */
    ImportJobView job(long id) {
        GridworkUser user = CurrentUser.get();
        Long owner = jobs.startedBy(id).orElse(null);
        if (owner == null || (owner != user.accountId() && !user.isAdmin())) {
            throw ProblemException.notFound("import job", id);
        }
        return jobs.view(id).orElseThrow();
    }

    List<ImportJobView> recent() {
        GridworkUser user = CurrentUser.get();
        return jobs.recent(user.isAdmin() ? null : user.accountId(), 20);
    }

    static ResidentExport.Format format(String format) {
        try {
            return ResidentExport.Format.valueOf(format.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-format", "format must be xlsx or csv", Map.of("field", "format"));
        }
    }

    void download(long gridId, String format, HttpServletResponse response) throws IOException {
        GridNode node = views.scopedNode(gridId);
        ResidentExport.Format f = format(format);
        String name = "居民-" + node.name() + "-" + LocalDate.now() + "." + f.name().toLowerCase(Locale.ROOT);
        response.setContentType(f == ResidentExport.Format.CSV ? "text/csv;charset=UTF-8"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"residents-" + node.code() + "."
                + f.name().toLowerCase(Locale.ROOT) + "\"; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        response.setHeader("Cache-Control", "no-store");
        try (OutputStream out = response.getOutputStream()) {
            export.export(node, f, out);
        }
    }

    void template(String format, HttpServletResponse response) throws IOException {
        ResidentExport.Format f = format(format);
        response.setContentType(f == ResidentExport.Format.CSV ? "text/csv;charset=UTF-8"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"residents-template." + f.name().toLowerCase(Locale.ROOT) + "\"");
        try (OutputStream out = response.getOutputStream()) {
            export.template(f, out);
        }
    }

    /** The grids the caller may export, from the top of their scope down to the compounds (at most 500). */
    List<GridNode> exportable() {
        List<GridNode> out = new ArrayList<>();
        Deque<GridNode> pending = new ArrayDeque<>(views.scopeRoots(CurrentUser.get()));
        while (!pending.isEmpty() && out.size() < 500) {
            GridNode n = pending.pollFirst();
            out.add(n);
            // down to the compounds: a compound's sheet holds its micro-grids (only a micro-grid worker picks one, as the
            // root of their scope), so a community of many compounds still finds every one of them here
            if (n.level() != GridLevel.MICRO && n.level() != GridLevel.COMPOUND && n.level() != GridLevel.SPECIAL) {
                List<GridNode> children = grid.children(n.id());
                for (int i = children.size() - 1; i >= 0; i--) {
                    pending.addFirst(children.get(i));
                }
            }
        }
        return out;
    }
}
