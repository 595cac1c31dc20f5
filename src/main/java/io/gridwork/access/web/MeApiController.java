package io.gridwork.access.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gridwork.access.AccountApi;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api")
@Tag(name = "Account", description = "The signed-in account and its API tokens")
class MeApiController {

    private final AccountApi accounts;
    private final io.gridwork.access.internal.AccountService service;

    MeApiController(AccountApi accounts, io.gridwork.access.internal.AccountService service) {
        this.accounts = accounts;
        this.service = service;
    }

    @PostMapping("/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Change my password (also the change required after a reset or at the first sign-in)")
    void changePassword(@RequestBody PasswordChange body) {
        if (body == null) {
            throw ProblemException.badRequest("body-required", "send {\"currentPassword\": ..., \"newPassword\": ...}");
        }
        service.changeOwnPassword(CurrentUser.get().accountId(), body.currentPassword(), body.newPassword());
    }

    record Me(long accountId, String username, String displayName, Set<Role> roles, Set<String> permissions,
            List<String> scopePaths, Long householdId) {
    }

    record NewToken(String name, Integer days) {
    }

    record PasswordChange(String currentPassword, String newPassword) {
    }

    @GetMapping("/me")
    @Operation(summary = "Who am I: roles, permissions and grid scope")
    Me me() {
        GridworkUser u = CurrentUser.get();
        return new Me(u.accountId(), u.username(), u.displayName(), u.roles(), u.permissions(), u.scopePaths(), u.householdId());
    }

    @GetMapping("/tokens")
    @Operation(summary = "My API tokens (never the secret)")
    List<AccountApi.TokenView> tokens() {
        return accounts.tokens(CurrentUser.get().accountId());
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue an API token; the response is the only time the secret is shown")
    AccountApi.IssuedToken issue(@RequestBody NewToken body) {
        if (body == null) {
            throw ProblemException.badRequest("body-required", "send {\"name\": ..., \"days\": ...}");
        }
        if (body.days() != null && (body.days() < 1 || body.days() > 3650)) {
            throw ProblemException.badRequest("invalid-days", "days must be between 1 and 3650");
        }
        Instant expires = body.days() == null ? null : Instant.now().plus(body.days(), ChronoUnit.DAYS);
        return accounts.issueToken(CurrentUser.get().accountId(), body.name(), expires);
    }

    @DeleteMapping("/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke one of my API tokens")
    void revoke(@PathVariable long id) {
        accounts.revokeToken(CurrentUser.get().accountId(), id);
    }
}
