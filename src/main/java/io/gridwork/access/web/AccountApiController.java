package io.gridwork.access.web;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.gridwork.access.internal.AccountAdmin;
import io.gridwork.shared.security.CurrentUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/accounts")
@Tag(name = "Accounts", description = "Account administration for admins, street and community staff, within their grids")
class AccountApiController {

    private final AccountAdmin admin;

    AccountApiController(AccountAdmin admin) {
        this.admin = admin;
    }

    record NewAccountBody(String username, String displayName, Set<Role> roles, Boolean unmask, List<Long> gridIds,
            String temporaryPassword, String phone) {
    }

    record ChangeBody(String displayName, Set<Role> roles, Boolean unmask, List<Long> gridIds) {
    }

    record ResetBody(String temporaryPassword) {
    }

    record Password(String temporaryPassword) {
    }

    record Grantable(Set<Role> roles, boolean unmask, List<AccountAdmin.GridOption> grids) {
    }

    record BulkProblem(List<AccountAdmin.RowError> errors) {
    }

    @GetMapping
    @Operation(summary = "Accounts reaching into my grids (admins: all), searched by user or display name; 30 a page")
    AccountAdmin.Page list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page) {
        return admin.list(CurrentUser.get(), q, page);
    }

    @GetMapping("/grantable")
    @Operation(summary = "The roles, permission and grids I may grant")
    Grantable grantable() {
        var me = CurrentUser.get();
        return new Grantable(admin.grantableRoles(me), admin.mayGrantUnmask(me), admin.grantableGrids(me));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One account: roles, grids, reach, status, last sign-in and the audit trail")
    AccountAdmin.Detail detail(@PathVariable long id) {
        return admin.detail(id, CurrentUser.get());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an account; the temporary password (given or generated) is in the response, once, and must be changed at the first sign-in")
    AccountAdmin.Created create(@RequestBody NewAccountBody body) {
        if (body == null) {
            throw ProblemException.badRequest("body-required", "send the account as JSON");
        }
        return admin.create(new AccountAdmin.NewAccount(body.username(), body.displayName(), body.roles(),
                Boolean.TRUE.equals(body.unmask()), body.gridIds(), body.temporaryPassword(), body.phone()), CurrentUser.get());
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change display name, roles, the unmask permission and grids (applies to running sessions at once)")
    AccountAdmin.Detail update(@PathVariable long id, @RequestBody ChangeBody body) {
        if (body == null) {
            throw ProblemException.badRequest("body-required", "send the change as JSON");
        }
        admin.update(id, new AccountAdmin.Change(body.displayName(), body.roles(), Boolean.TRUE.equals(body.unmask()),
                body.gridIds()), CurrentUser.get());
        return admin.detail(id, CurrentUser.get());
    }

    @PostMapping("/{id}/enable")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Enable an account")
    void enable(@PathVariable long id) {
        admin.setEnabled(id, true, CurrentUser.get());
    }

    @PostMapping("/{id}/disable")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Disable an account; its sessions end at their next request")
    void disable(@PathVariable long id) {
        admin.setEnabled(id, false, CurrentUser.get());
    }

    @PostMapping("/{id}/reset-password")
    @Operation(summary = "Reset the password to a temporary one (given or generated), returned once; a change is required at the next sign-in")
    Password reset(@PathVariable long id, @RequestBody(required = false) ResetBody body) {
        return new Password(admin.resetPassword(id, body == null ? null : body.temporaryPassword(), CurrentUser.get()));
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Create accounts from a sheet (xlsx or CSV: 用户名, 姓名, 角色, 网格编码[, 手机]); all or none: 400 invalid-rows with the errors per row")
    ResponseEntity<?> importSheet(@RequestPart("file") MultipartFile file) throws IOException {
        var result = admin.importSheet(file.getBytes(), CurrentUser.get());
        if (!result.ok()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid-rows", result.errors().size() + " problems in the sheet",
                    java.util.Map.of("errors", result.errors()));
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(result.created());
    }

    @PostMapping(path = "/import/errors.xlsx", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "The sheet with an error column per row (only checks, creates nothing); 204 when every row is right")
    ResponseEntity<byte[]> errorCopy(@RequestPart("file") MultipartFile file) throws IOException {
        var result = admin.checkSheet(file.getBytes(), CurrentUser.get());
        if (result.ok()) {
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"account-errors.xlsx\"")
                .contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .body(result.errorCopy());
    }
}
