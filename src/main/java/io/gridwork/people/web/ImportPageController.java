package io.gridwork.people.web;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import io.gridwork.people.importing.ImportJobView;
import io.gridwork.people.importing.ImportJobs;
import io.gridwork.people.importing.ImportUploads;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.web.ProblemException;
import io.gridwork.shared.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;

/** The import page (upload, recent jobs, template), a job's progress page, and the export page. */
@Controller
class ImportPageController {

    static final int PAGE_ERRORS = 500;

    private final ProblemMessages problems;
    private final ImportUploads uploads;
    private final ImportJobs jobs;
    private final ImportAccess access;
    private final ImportErrorTexts texts;

    ImportPageController(ImportUploads uploads, ImportJobs jobs, ImportAccess access, ProblemMessages problems,
            ImportErrorTexts texts) {
        this.texts = texts;
        this.problems = problems;
        this.uploads = uploads;
        this.jobs = jobs;
        this.access = access;
    }

    @GetMapping("/import")
    String page(Model model) {
        model.addAttribute("jobs", access.recent());
        return "import/index";
    }

    @PostMapping("/import")
    String upload(@RequestParam(name = "file", required = false) MultipartFile file, Model model,
            HttpServletResponse response) {
        try {
            ImportJobView job = uploads.upload(file, CurrentUser.get());
            return "redirect:/import/" + job.id();
        } catch (ProblemException e) {
            response.setStatus(e.status() == HttpStatus.FORBIDDEN ? 403 : e.status().value());
            model.addAttribute("error", texts.upload(e, problems));
            return page(model);
        }
    }

    @GetMapping("/import/template")
    void template(@RequestParam(defaultValue = "xlsx") String format, HttpServletResponse response) throws IOException {
        access.template(format, response);
    }

    @GetMapping("/import/{id}")
    String job(@PathVariable long id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        ImportJobView job = access.job(id);
        model.addAttribute("job", job);
        if (job.finished()) {
            model.addAttribute("errors", texts.lines(jobs.errors(id, 0, PAGE_ERRORS)));
            model.addAttribute("storedErrors", jobs.storedErrors(id));
            model.addAttribute("errorCopy", jobs.hasErrorCopy(id));
        }
        return htmx != null ? "import/job :: progress" : "import/job";
    }

    /** The uploaded sheet's header and refused rows with an error column in the viewer's language. */
    @GetMapping("/import/{id}/errors.xlsx")
    void errorCopy(@PathVariable long id, HttpServletResponse response) throws IOException {
        access.job(id);
        texts.copy(id, response);
    }

    @GetMapping("/export")
    String export(Model model) {
        model.addAttribute("grids", access.exportable());
        return "import/export";
    }
}
