package io.gridwork.shared.web;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import io.gridwork.shared.persistence.DatabaseOutage;

/** Errors of page controllers: the error page with the status and the reason in plain words. */
@ControllerAdvice(annotations = Controller.class)
public class PageErrorHandler {

    private final ProblemMessages messages;

    PageErrorHandler(ProblemMessages messages) {
        this.messages = messages;
    }

    @ExceptionHandler(ProblemException.class)
    ModelAndView problem(ProblemException e) {
        return page(e.status(), messages.text(e));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView denied(AccessDeniedException e) {
        return page(HttpStatus.FORBIDDEN, messages.text("forbidden", e.getMessage()));
    }

    /** The database is unreachable: 503 with a sentence in the viewer's language (other data-access failures pass). */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ModelAndView database(RuntimeException e) {
        if (!DatabaseOutage.isCause(e)) {
            throw e;
        }
        return page(HttpStatus.SERVICE_UNAVAILABLE, messages.text(ApiProblemHandler.DATABASE_UNAVAILABLE, e.getMessage()));
    }

    /** A value the database refused (too long, a constraint): 400 with a sentence, not 500 (see ApiProblemHandler). */
    @ExceptionHandler(org.springframework.dao.DataIntegrityViolationException.class)
    ModelAndView integrity(org.springframework.dao.DataIntegrityViolationException e) {
        if (DatabaseOutage.isCause(e)) {
            return page(HttpStatus.SERVICE_UNAVAILABLE, messages.text(ApiProblemHandler.DATABASE_UNAVAILABLE, e.getMessage()));
        }
        return page(HttpStatus.BAD_REQUEST, messages.text(ApiProblemHandler.INVALID_VALUE, "a value is too long or not allowed here"));
    }

    static ModelAndView page(HttpStatus status, String message) {
        ModelAndView mv = new ModelAndView("error");
        mv.setStatus(status);
        mv.addObject("status", status.value());
        mv.addObject("message", message);
        return mv;
    }
}
