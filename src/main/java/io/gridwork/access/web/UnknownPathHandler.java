package io.gridwork.access.web;

import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import io.gridwork.shared.web.ApiProblemHandler;
import io.gridwork.shared.web.ProblemMessages;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A path that nothing handles: a 404 problem ({@code not-found}) on the API, the error page with a plain
 * sentence on pages. Security lets signed-in users' unknown paths through to here (see UnmappedRequests).
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnknownPathHandler {

    private final ProblemMessages messages;

    UnknownPathHandler(ProblemMessages messages) {
        this.messages = messages;
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    Object notFound(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/")) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ApiProblemHandler.detail(HttpStatus.NOT_FOUND, "not-found", "no endpoint " + path, Map.of()));
        }
        ModelAndView mv = new ModelAndView("error");
        mv.setStatus(HttpStatus.NOT_FOUND);
        mv.addObject("status", 404);
        mv.addObject("message", messages.text("page-not-found", path));
        return mv;
    }
}
