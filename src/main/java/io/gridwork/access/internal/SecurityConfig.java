package io.gridwork.access.internal;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import java.io.IOException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.context.event.EventListener;

import io.gridwork.shared.persistence.DatabaseOutage;
import io.gridwork.shared.security.Permission;
import io.gridwork.shared.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every endpoint has a rule here; anything not listed is denied. Pages use a form login with a
 * session kept in the database, created at sign-in only; machine clients send {@code Authorization: Bearer gw_...}.
 */
@Configuration
@EnableWebSecurity
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt by default, with the {id} prefix so that stronger encoders can be introduced later
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(org.springframework.context.ApplicationEventPublisher publisher) {
        return new DefaultAuthenticationEventPublisher(publisher);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http, AccountService accounts, PasswordEncoder passwords,
            LoginAddressThrottle addressThrottle, UnmaskRefusalAudit unmaskRefusals) throws Exception {
        http.authenticationProvider(new AccountAuthenticationProvider(accounts, passwords));
        RequestMatcher bearer = r -> {
            String h = r.getHeader("Authorization");
            return h != null && h.startsWith("Bearer ");
        };
        http.authorizeHttpRequests(auth -> auth
                // public
                .requestMatchers("/login", "/error", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico").permitAll()
                .requestMatchers(GET, "/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers(GET, "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                // every signed-in account
                .requestMatchers(GET, "/", "/me/tokens", "/api/me", "/api/tokens").authenticated()
                .requestMatchers(POST, "/me/tokens", "/me/tokens/*/revoke", "/api/tokens").authenticated()
                .requestMatchers(DELETE, "/api/tokens/*").authenticated()
                .requestMatchers(GET, "/api/locate/point").authenticated()
                // households: staff of the register, or the resident living there (checked by scope)
                .requestMatchers(GET, "/households/*", "/api/households/*").hasAnyRole(AccessRules.plus(AccessRules.REGISTER, Role.RESIDENT))
                .requestMatchers(POST, "/households/*/people/*/unmask", "/api/people/*/unmask")
                    .access((a, ctx) -> new org.springframework.security.authorization.AuthorizationDecision(
                            a.get().getAuthorities().stream().anyMatch(g -> g.getAuthority().equals(Permission.PII_UNMASK))))
                // the register: import and export
                .requestMatchers(GET, "/import", "/import/*", "/export", "/api/import/*", "/api/import/*/errors", "/api/export")
                    .hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(POST, "/import", "/api/import").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(GET, "/api/locate/address", "/api/buildings/*/households").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(POST, "/households/*/members", "/households/*/members/*/leave", "/api/households/*/members",
                        "/api/households/*/members/*/leave").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(PUT, "/api/people/*/tags").hasAnyRole(AccessRules.REGISTER)
                // the grid
                .requestMatchers(GET, "/grid", "/grid/*", "/api/grid/tree", "/api/grid/*", "/api/grid/*/children",
                        "/api/grid/*/buildings", "/api/grid/*/staff", "/api/buildings/*", "/api/buildings/*/history",
                        "/api/party/orgs").hasAnyRole(AccessRules.GRID_VIEW)
                .requestMatchers(POST, "/api/grid", "/api/buildings/*/move", "/api/assignments", "/grid/*/buildings/*/move")
                    .hasAnyRole(AccessRules.GRID_EDIT)
                .requestMatchers(PUT, "/api/grid/*/boundary").hasAnyRole(AccessRules.GRID_EDIT)
                .requestMatchers(GET, "/api/audit/pii").hasRole(Role.ADMIN.name())
                // demands: reading is filtered by who you are; acting is by role, then by scope and party
                // the ledger: residents (their own demands) and those who handle demands; before /api/demands/*
                .requestMatchers(GET, "/api/demands/ledger.xlsx").hasAnyRole(AccessRules.plus(AccessRules.HANDLERS, Role.RESIDENT))
                .requestMatchers(GET, "/api/demands", "/api/demands/*", "/api/demands/*/duplicates").authenticated()
                // the ledger, print view and photos: filtered or checked against what the viewer may see
                .requestMatchers(GET, "/api/demands/*/photos", "/api/demands/*/photos/*",
                        "/api/demands/*/photos/*/thumbnail", "/demands/*/print", "/demands/*/photos").authenticated()
                .requestMatchers(POST, "/api/demands/*/photos", "/demands/*/photos")
                    .hasAnyRole(AccessRules.plus(AccessRules.HANDLERS, Role.RESIDENT))
                // 码上办 posters: grid staff, for buildings in their grids
                .requestMatchers(GET, "/qr/grids/*", "/qr/units/*.png", "/qr/units/*.pdf", "/qr/buildings/*.png",
                        "/qr/buildings/*.pdf", "/qr/buildings/*/units.pdf").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(POST, "/api/demands").hasAnyRole(AccessRules.plus(AccessRules.REGISTER, Role.RESIDENT))
                .requestMatchers(POST, "/api/demands/*/accept", "/api/demands/*/reject", "/api/demands/*/merge",
                        "/api/demands/*/dispatch", "/api/demands/*/reroute", "/api/demands/*/resolve-on-spot",
                        "/api/demands/*/verify").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(POST, "/api/demands/*/assignments/*/start", "/api/demands/*/assignments/*/complete",
                        "/api/demands/*/plan", "/api/demands/*/hold", "/api/demands/*/resume").hasAnyRole(AccessRules.HANDLERS)
                .requestMatchers(POST, "/api/demands/*/confirm", "/api/demands/*/reopen", "/api/demands/*/rate")
                    .hasRole(Role.RESIDENT.name())
                .requestMatchers(POST, "/api/demands/*/supervise").hasAnyRole(AccessRules.SUPERVISORS)
                // the reporter's number: the handler of an open assignment (checked by the module), each view recorded
                .requestMatchers(POST, "/api/demands/*/contact", "/demands/*/contact").hasAnyRole(AccessRules.HANDLERS)
                .requestMatchers(GET, "/api/demands/*/contact-views").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(GET, "/api/supervision").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(GET, "/api/measures").hasAnyRole(AccessRules.GRID_VIEW)
                .requestMatchers(GET, "/api/demand-config/calendar").authenticated()
                .requestMatchers(PUT, "/api/demand-config/calendar/*").hasRole(Role.ADMIN.name())
                .requestMatchers(GET, "/api/demand-config/*").hasAnyRole(AccessRules.GRID_VIEW)
                .requestMatchers(PUT, "/api/demand-config/*/categories/*", "/api/demand-config/*/policies")
                    .hasAnyRole(AccessRules.SUPERVISORS)
                // demand pages: the same rules as their API; staff who open a resident's QR link go on to staff entry
                .requestMatchers(GET, "/report", "/report/units", "/report/duplicates")
                    .hasAnyRole(AccessRules.plus(AccessRules.REGISTER, Role.RESIDENT))
                .requestMatchers(POST, "/report").hasRole(Role.RESIDENT.name())
                .requestMatchers(GET, "/demands/new").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(POST, "/demands/new").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(GET, "/my/demands", "/demands/*").authenticated()
                .requestMatchers(GET, "/demands").hasAnyRole(AccessRules.HANDLERS)
                .requestMatchers(POST, "/demands/*/accept", "/demands/*/reject", "/demands/*/merge", "/demands/*/dispatch",
                        "/demands/*/reroute", "/demands/*/resolve-on-spot", "/demands/*/verify").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(POST, "/demands/*/assignments/*/start", "/demands/*/assignments/*/complete",
                        "/demands/*/plan", "/demands/*/hold", "/demands/*/resume").hasAnyRole(AccessRules.HANDLERS)
                .requestMatchers(POST, "/demands/*/confirm", "/demands/*/reopen", "/demands/*/rate").hasRole(Role.RESIDENT.name())
                .requestMatchers(POST, "/demands/*/supervise").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(GET, "/supervision").hasAnyRole(AccessRules.SUPERVISORS)
                // IoT: devices authenticate each event by its HMAC signature (no session, no CSRF token); the
                // registry is for community and street staff and admins (within scope); rejects for admins
                .requestMatchers(POST, "/api/iot/events").permitAll()
                .requestMatchers(GET, "/iot/devices", "/iot/devices/*", "/api/iot/devices", "/api/iot/devices/*")
                    .hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(POST, "/iot/devices", "/api/iot/devices").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(GET, "/iot/rejects", "/api/iot/rejects").hasRole(Role.ADMIN.name())
                // routine work (五寻常) and the three lists: by role here, by grid scope (and, for rectification,
                // the responsible party) in the service; the rate and the resources are for everyone who views grids
                .requestMatchers(GET, "/api/routine", "/api/routine/*", "/api/routine.xlsx", "/api/needs", "/api/needs/*", "/api/needs.xlsx",
                        "/routine", "/routine/counts", "/routine/info", "/lists/needs").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(POST, "/api/routine", "/api/needs", "/api/needs/*/status", "/api/resources",
                        "/api/rectifications", "/routine", "/lists/needs", "/lists/needs/*/status", "/lists/resources",
                        "/lists/rectification").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(GET, "/api/resources", "/api/resources/*", "/api/resources.xlsx",
                        "/lists/resources").hasAnyRole(AccessRules.GRID_VIEW)
                .requestMatchers(GET, "/lists/rectification/new").hasAnyRole(AccessRules.REGISTER)
                // the rectification list: grid staff see every item in their grids; the property company, owners
                // committee, party branch and service team the items assigned to their party (RectificationService),
                // and every one of them the rate (counts per grid)
                .requestMatchers(GET, "/api/rectifications", "/api/rectifications/*", "/api/rectifications.xlsx",
                        "/api/rectifications/*/photos/*", "/api/rectifications/*/sweep-photos/*", "/api/rectifications/rate",
                        "/lists/rectification", "/lists/rectification/*")
                    .hasAnyRole(AccessRules.HANDLERS)
                .requestMatchers(POST, "/api/rectifications/*/status", "/api/rectifications/*/photos",
                        "/lists/rectification/*/status").hasAnyRole(AccessRules.HANDLERS)
                // Open311 GeoReport v2: public by path; writes need an api_key (checked by the module), no session
                .requestMatchers(GET, "/open311/v2/**").permitAll()
                .requestMatchers(POST, "/open311/v2/requests.*").permitAll()
                // Open311 keys: admins, and street staff for their streets (checked by scope)
                .requestMatchers(GET, "/open311/keys", "/api/open311/keys").hasAnyRole(AccessRules.OPEN311_KEYS)
                .requestMatchers(POST, "/open311/keys", "/open311/keys/*/revoke", "/api/open311/keys")
                    .hasAnyRole(AccessRules.OPEN311_KEYS)
                .requestMatchers(DELETE, "/api/open311/keys/*").hasAnyRole(AccessRules.OPEN311_KEYS)
                // notifications: one's own inbox and preferences; the delivery log for admins
                .requestMatchers(GET, "/notify/inbox", "/notify/unread", "/notify/preferences", "/api/inbox",
                        "/api/inbox/unread-count", "/api/notify/preferences").authenticated()
                .requestMatchers(POST, "/notify/inbox/*/read", "/notify/inbox/read-all", "/notify/preferences",
                        "/api/inbox/*/read", "/api/inbox/read-all").authenticated()
                .requestMatchers(PUT, "/api/notify/preferences").authenticated()
                .requestMatchers(GET, "/notify/deliveries", "/api/notify/deliveries").hasRole(Role.ADMIN.name())
                // pickers of staff forms (htmx): buildings' units and rooms for register staff, accounts for staff;
                // each answers only what lies in the caller's reach
                .requestMatchers(GET, "/pick/units", "/pick/rooms").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(GET, "/pick/accounts").hasAnyRole(AccessRules.HANDLERS)
                // the group matrix: grid staff create audiences; managing, publishing, reading and answering are
                // checked per audience and notice (staff over its grid, its owners and admins, its recipients)
                .requestMatchers(POST, "/groups", "/api/audiences").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(GET, "/groups/*/members").authenticated() // the group's owners (checked by the module)
                .requestMatchers(GET, "/groups", "/groups/*", "/notices/*", "/api/audiences", "/api/audiences/*",
                        "/api/my/notices", "/api/notices/*", "/api/notices/*/results", "/api/notices/*/questions").authenticated()
                .requestMatchers(POST, "/groups/*/webhook", "/groups/*/managers", "/groups/*/notices", "/notices/*/answer",
                        "/notices/*/remind", "/notices/*/questions", "/notices/*/questions/*/reply", "/api/audiences/*/notices",
                        "/api/notices/*/read", "/api/notices/*/answer", "/api/notices/*/remind", "/api/notices/*/questions",
                        "/api/notices/*/questions/*/reply").authenticated()
                .requestMatchers(PUT, "/api/audiences/*/webhook", "/api/audiences/*/managers/*").authenticated()
                .requestMatchers(DELETE, "/api/audiences/*/managers/*").authenticated()
                // campaigns: organisers create and run them; seeing and visiting are checked by grid scope or by
                // volunteer membership of the campaign (any account may volunteer)
                // the report lists every visit room by room with its answers: grid staff of the register (within their
                // grids, in the service); everyone else who sees a campaign reads counts by building on its summary page
                .requestMatchers(GET, "/api/campaigns/*/report.xlsx").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(GET, "/api/campaigns", "/api/campaigns/templates", "/api/campaigns/*",
                        "/api/campaigns/*/recipients", "/api/campaigns/*/volunteers", "/api/campaigns/*/coverage",
                        "/api/campaigns/*/buildings", "/api/campaigns/*/buildings/*/households", "/api/campaigns/*/revisits",
                        "/campaigns/photos/*", "/campaigns/photos/*/thumb").authenticated()
                .requestMatchers(POST, "/api/campaigns/*/visits", "/api/campaigns/*/visits/batch", "/api/campaigns/*/photos")
                        .authenticated()
                .requestMatchers(POST, "/api/campaigns", "/api/campaigns/*/dispatch", "/api/campaigns/*/finish",
                        "/api/campaigns/*/volunteers").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(PUT, "/api/campaigns/*/form").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(DELETE, "/api/campaigns/*/volunteers/*").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(GET, "/campaigns/new").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(GET, "/campaigns", "/campaigns/*", "/campaigns/*/coverage", "/campaigns/*/visit",
                        "/campaigns/*/summary").authenticated()
                .requestMatchers(POST, "/campaigns", "/campaigns/*/dispatch", "/campaigns/*/finish", "/campaigns/*/volunteers")
                    .hasAnyRole(AccessRules.SUPERVISORS)
                // going live: the checklist of a community, for its staff and those above (checked by scope)
                .requestMatchers(GET, "/golive", "/golive/*").hasAnyRole(AccessRules.SUPERVISORS)
                // staff recruitment and hand-over (网格员选聘与交接): residents nominate and recommend; compound leaders
                // see and comment; community and street staff decide, end assignments and hand over (scope in the service)
                .requestMatchers(GET, "/staff/nominate").hasRole(Role.RESIDENT.name())
                .requestMatchers(POST, "/staff/nominate").hasRole(Role.RESIDENT.name())
                .requestMatchers(POST, "/staff/recommend").hasAnyRole(Role.RESIDENT.name(), Role.COMPOUND_LEADER.name(),
                        Role.COMMUNITY_STAFF.name(), Role.STREET_STAFF.name(), Role.ADMIN.name())
                .requestMatchers(GET, "/staff", "/staff/grids/*", "/staff/handovers/*").hasAnyRole(Role.COMPOUND_LEADER.name(),
                        Role.COMMUNITY_STAFF.name(), Role.STREET_STAFF.name(), Role.ADMIN.name())
                .requestMatchers(POST, "/staff/nominations/*/comment").hasAnyRole(Role.COMPOUND_LEADER.name(),
                        Role.COMMUNITY_STAFF.name(), Role.STREET_STAFF.name(), Role.ADMIN.name())
                .requestMatchers(POST, "/staff/nominations/*/appoint", "/staff/nominations/*/decline", "/staff/assignments/*/end",
                        "/staff/assignments/*/account", "/staff/assignments/*/handover").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(GET, "/staff/assignments/*/handover").hasAnyRole(AccessRules.SUPERVISORS)
                // party network pages (党建网络): the five levels, 双报到, mobile members' report-ins, service hours;
                // community and street staff and admins edit within scope, party branches view theirs, residents report in
                .requestMatchers(GET, "/party", "/party/dual", "/party/mobile", "/party/hours", "/api/party/tree",
                        "/api/party/dual-registrations", "/api/party/mobile-members", "/api/party/service-hours")
                    .hasAnyRole(AccessRules.PARTY_VIEW)
                .requestMatchers(POST, "/party/orgs", "/party/orgs/*/rename", "/party/orgs/*/members", "/party/members/*/mobile",
                        "/party/dual", "/party/hours", "/api/party/orgs", "/api/party/orgs/*/members",
                        "/api/party/dual-registrations", "/api/party/service-hours").hasAnyRole(AccessRules.PARTY_EDIT)
                .requestMatchers(PUT, "/api/party/orgs/*", "/api/party/members/*/mobile").hasAnyRole(AccessRules.PARTY_EDIT)
                .requestMatchers(GET, "/party/report-in").hasRole(Role.RESIDENT.name())
                .requestMatchers(POST, "/party/report-in", "/api/party/report-ins").hasRole(Role.RESIDENT.name())
                // residents sign themselves up (居民注册) and reset a forgotten password by SMS code: open to anyone
                // (CSRF still applies to the forms); workers of the register confirm sign-ups in their grids
                .requestMatchers(GET, "/signup", "/signup/rooms", "/password/forgot").permitAll()
                .requestMatchers(POST, "/signup", "/signup/code", "/password/forgot", "/password/forgot/code").permitAll()
                .requestMatchers(GET, "/signup/status").hasRole(Role.RESIDENT.name())
                .requestMatchers(GET, "/signups", "/signups/*").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(POST, "/signups/*/confirm", "/signups/*/reject").hasAnyRole(AccessRules.REGISTER)
                // account administration (issue 11): admins, street and community staff; what they may see, grant and
                // change is checked by AccountAdmin (their grids, their rank); one's own password for every account
                .requestMatchers(GET, "/accounts", "/accounts/*", "/accounts/import/errors.xlsx", "/api/accounts",
                        "/api/accounts/*").hasAnyRole(AccessRules.ACCOUNT_ADMINS)
                .requestMatchers(POST, "/accounts", "/accounts/*", "/accounts/*/enable", "/accounts/*/disable",
                        "/accounts/*/reset-password", "/api/accounts", "/api/accounts/*/enable", "/api/accounts/*/disable",
                        "/api/accounts/*/reset-password", "/api/accounts/import", "/api/accounts/import/errors.xlsx")
                    .hasAnyRole(AccessRules.ACCOUNT_ADMINS)
                .requestMatchers(PUT, "/api/accounts/*").hasAnyRole(AccessRules.ACCOUNT_ADMINS)
                .requestMatchers(GET, "/me/password").authenticated()
                .requestMatchers(POST, "/me/password", "/api/me/password").authenticated()
                // grid structure (issue 11): create, rename, move and retire grids; buildings, units and rooms; the
                // structure sheet; bulk assignment; boundaries on the map page; the micro-grid rule of streets and
                // districts. Roles here; the scope (the level above for rename/move/retire) in the controllers.
                .requestMatchers(GET, "/grid/*/map", "/api/grid/*/rule").hasAnyRole(AccessRules.GRID_VIEW)
                .requestMatchers(GET, "/grid/*/manage", "/grid/*/structure", "/grid/*/structure/errors", "/buildings/*",
                        "/api/buildings/*/rooms").hasAnyRole(AccessRules.GRID_EDIT)
                .requestMatchers(POST, "/grid/districts", "/grid/*/children", "/grid/*/rename", "/grid/*/move", "/grid/*/retire",
                        "/grid/*/buildings", "/grid/*/buildings/assign", "/grid/*/structure", "/grid/*/boundary",
                        "/buildings/*/units", "/buildings/*/rooms", "/buildings/*/rooms/update", "/api/grid/*/rename",
                        "/api/grid/*/move", "/api/grid/*/retire", "/api/grid/*/buildings", "/api/grid/*/buildings/assign",
                        "/api/grid/*/structure", "/api/buildings/*/units", "/api/buildings/*/rooms").hasAnyRole(AccessRules.GRID_EDIT)
                .requestMatchers(PUT, "/api/rooms/*").hasAnyRole(AccessRules.GRID_EDIT)
                .requestMatchers(POST, "/grid/*/rule").hasAnyRole(AccessRules.GRID_RULES)
                .requestMatchers(PUT, "/api/grid/*/rule").hasAnyRole(AccessRules.GRID_RULES)
                .requestMatchers(DELETE, "/api/grid/*/rule").hasAnyRole(AccessRules.GRID_RULES)
                // import errors: the Excel copy of the sheet with an error column (the job's starter or admins, checked in the controller)
                .requestMatchers(GET, "/import/*/errors.xlsx", "/api/import/*/errors.xlsx").hasAnyRole(AccessRules.REGISTER)
                // community economy (issue 15): residents see their points (信义贝) and confirm payments; merchants register
                // their shop and ask for payments; the community's staff (and those above) verify shops, publish rules,
                // credit volunteering, correct the ledger and see the circulation (scope and ownership in the services)
                .requestMatchers(GET, "/economy/points", "/economy/pay/*", "/api/economy/me", "/api/economy/pay/*")
                    .hasRole(Role.RESIDENT.name())
                .requestMatchers(POST, "/economy/pay/*", "/api/economy/pay/*").hasRole(Role.RESIDENT.name())
                .requestMatchers(GET, "/economy/shop", "/economy/shop/payments/*", "/economy/shop/payments/*/status",
                        "/api/economy/merchants/mine", "/api/economy/payments/*", "/api/economy/payments/*/qr.png")
                    .hasRole(Role.MERCHANT.name())
                .requestMatchers(POST, "/economy/shop", "/economy/shop/payments", "/economy/shop/payments/*/cancel",
                        "/api/economy/merchants", "/api/economy/payments", "/api/economy/payments/*/cancel")
                    .hasRole(Role.MERCHANT.name())
                .requestMatchers(GET, "/api/economy/merchants/*").hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.MERCHANT))
                .requestMatchers(GET, "/api/economy/communities/*/rules").authenticated()
                .requestMatchers(GET, "/economy", "/economy/communities/*", "/economy/communities/*/merchants",
                        "/economy/communities/*/volunteering", "/economy/communities/*/rules", "/economy/communities/*/postings",
                        "/economy/communities/*/accounts", "/api/economy/merchants", "/api/economy/communities/*/volunteering",
                        "/api/economy/communities/*/postings", "/api/economy/communities/*/accounts",
                        "/api/economy/communities/*/circulation").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(POST, "/economy/merchants/*/verify", "/economy/merchants/*/reject",
                        "/economy/communities/*/volunteering", "/economy/volunteering/*/verify", "/economy/volunteering/*/reject",
                        "/economy/volunteering/*/credit", "/economy/communities/*/rules", "/economy/rules/*/retire",
                        "/economy/communities/*/redemption-rule", "/economy/postings/*/reverse", "/economy/accounts/*/write-off",
                        "/api/economy/merchants/*/verify", "/api/economy/merchants/*/reject", "/api/economy/communities/*/rules",
                        "/api/economy/rules/*/retire", "/api/economy/communities/*/volunteering", "/api/economy/volunteering/*/verify",
                        "/api/economy/volunteering/*/reject", "/api/economy/volunteering/*/credit", "/api/economy/postings/*/reverse",
                        "/api/economy/accounts/*/write-off").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(PUT, "/api/economy/communities/*/redemption-rule").hasAnyRole(AccessRules.SUPERVISORS)
                // community activities and recognition (issue 15): residents of a grid see its activities, sign up and
                // cancel, nominate and vote in their community's rounds; organisers (grid staff of the grid, the community's
                // staff) publish activities and check people in and out, verify and credit; the community's staff open
                // recognition rounds and publish their results (scope and residence checked in the services)
                .requestMatchers(GET, "/economy/activities", "/economy/activities/*", "/economy/recognition/*",
                        "/api/economy/activities").hasRole(Role.RESIDENT.name())
                .requestMatchers(POST, "/economy/activities/*/signup", "/economy/activities/*/signup/cancel",
                        "/economy/recognition/*/nominations", "/economy/recognition/*/vote", "/api/economy/activities/*/signups",
                        "/api/economy/activities/*/signup/cancel", "/api/economy/recognition/*/nominations",
                        "/api/economy/recognition/*/votes").hasRole(Role.RESIDENT.name())
                .requestMatchers(GET, "/api/economy/activities/*").hasAnyRole(AccessRules.plus(AccessRules.REGISTER, Role.RESIDENT))
                .requestMatchers(GET, "/api/economy/communities/*/recognition", "/api/economy/recognition/*")
                    .hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.RESIDENT))
                .requestMatchers(GET, "/economy/organise", "/economy/organise/activities/*", "/api/economy/communities/*/activities")
                    .hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(POST, "/economy/organise/activities", "/economy/organise/activities/*/check-in",
                        "/economy/organise/activities/*/check-out", "/economy/organise/activities/*/verify",
                        "/api/economy/communities/*/activities", "/api/economy/activities/*/check-in",
                        "/api/economy/activities/*/check-out", "/api/economy/activities/*/verify",
                        "/api/economy/activities/*/credit").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(GET, "/economy/communities/*/recognition").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(POST, "/economy/communities/*/recognition", "/economy/recognition/*/publish",
                        "/api/economy/communities/*/recognition", "/api/economy/recognition/*/publish")
                    .hasAnyRole(AccessRules.SUPERVISORS)
                // the micro-fund (微基金): the community's staff keep the fund (committee, settings, donations, reversals, the
                // Excel sheet); its staff and committee members propose and decide on expenses (membership in the service);
                // the statement and receipts are read by the community's residents, merchants and staff (checked in the
                // service); merchants see their own donations
                .requestMatchers(GET, "/economy/fund", "/api/economy/fund/approvals", "/economy/communities/*/fund/statement",
                        "/api/economy/communities/*/fund/statement", "/api/economy/fund/expenses/*/receipt",
                        "/api/economy/fund/expenses/*/receipt/thumbnail").authenticated()
                .requestMatchers(GET, "/economy/shop/donations", "/api/economy/fund/donations/mine").hasRole(Role.MERCHANT.name())
                .requestMatchers(GET, "/economy/communities/*/fund", "/api/economy/communities/*/fund",
                        "/api/economy/communities/*/fund/donations", "/api/economy/communities/*/fund/statement.xlsx")
                    .hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(POST, "/economy/communities/*/fund/settings", "/economy/communities/*/fund/members",
                        "/economy/communities/*/fund/members/*/remove", "/economy/communities/*/fund/donations",
                        "/economy/fund/postings/*/reverse", "/api/economy/communities/*/fund/members",
                        "/api/economy/communities/*/fund/donations", "/api/economy/fund/postings/*/reverse")
                    .hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(PUT, "/api/economy/communities/*/fund").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(DELETE, "/api/economy/communities/*/fund/members/*").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(GET, "/economy/communities/*/fund/expenses", "/economy/fund/expenses/*",
                        "/api/economy/communities/*/fund/expenses", "/api/economy/fund/expenses/*")
                    .hasAnyRole(AccessRules.FUND_COMMITTEE)
                .requestMatchers(POST, "/economy/communities/*/fund/expenses", "/economy/fund/expenses/*/approve",
                        "/economy/fund/expenses/*/reject", "/economy/fund/expenses/*/post", "/api/economy/communities/*/fund/expenses",
                        "/api/economy/fund/expenses/*/approve", "/api/economy/fund/expenses/*/reject",
                        "/api/economy/fund/expenses/*/post").hasAnyRole(AccessRules.FUND_COMMITTEE)
                // transparency (issue 14): community and street staff register property contracts and tick the handover
                // briefing; the property company drafts the quarterly reports, answers questions and books the trust account as
                // trustee, the owners committee
                // reviews them, residents read their compound's published ones and ask (grids and homes in the services)
                .requestMatchers(GET, "/transparency", "/transparency/compounds/*", "/transparency/contracts/*",
                        "/transparency/reports/*", "/transparency/reports/*/print", "/transparency/reports/*/notice.pdf", "/api/transparency/contracts",
                        "/api/transparency/contracts/*", "/api/transparency/reports", "/api/transparency/reports/*",
                        "/transparency/compounds/*/trust", "/api/transparency/compounds/*/trust/balances",
                        "/api/transparency/compounds/*/trust/statement", "/api/transparency/reports/*/photos",
                        "/api/transparency/reports/*/photos/*", "/api/transparency/compounds/*/trust/receipts/*")
                    .hasAnyRole(AccessRules.TRANSPARENCY_READ)
                .requestMatchers(GET, "/transparency/reports/*/edit").hasRole(Role.PROPERTY_STAFF.name())
                .requestMatchers(GET, "/api/transparency/companies").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(POST, "/api/transparency/companies", "/api/transparency/contracts",
                        "/api/transparency/contracts/*/handover/*", "/transparency/compounds/*/contracts",
                        "/transparency/contracts/*/handover").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(POST, "/transparency/compounds/*/reports", "/transparency/reports/*", "/transparency/reports/*/submit",
                        "/transparency/reports/*/corrections", "/transparency/questions/*/answer", "/api/transparency/reports",
                        "/api/transparency/reports/*/submit", "/api/transparency/reports/*/corrections",
                        "/api/transparency/questions/*/answer", "/transparency/compounds/*/trust/postings",
                        "/api/transparency/compounds/*/trust/postings", "/transparency/reports/*/photos",
                        "/transparency/reports/*/photos/*/delete", "/api/transparency/reports/*/photos",
                        "/transparency/compounds/*/trust/postings/*/receipts", "/api/transparency/compounds/*/trust/postings/*/receipts")
                    .hasRole(Role.PROPERTY_STAFF.name())
                .requestMatchers(DELETE, "/api/transparency/reports/*/photos/*").hasRole(Role.PROPERTY_STAFF.name())
                .requestMatchers(PUT, "/api/transparency/reports/*").hasRole(Role.PROPERTY_STAFF.name())
                .requestMatchers(POST, "/transparency/reports/*/approve", "/transparency/reports/*/return",
                        "/api/transparency/reports/*/approve", "/api/transparency/reports/*/return")
                    .hasRole(Role.OWNERS_COMMITTEE.name())
                .requestMatchers(POST, "/transparency/reports/*/questions", "/api/transparency/reports/*/questions")
                    .hasRole(Role.RESIDENT.name())
                // service station (issue 13): everyone signed in reads the stations they reach (checked by the module);
                // community staff run stations, rotas and services; the rota's members swap and check in; residents book;
                // the service team marks bookings; the administrator keeps the holiday calendar (one for every community)
                .requestMatchers(GET, "/station", "/station/*", "/station/*/rota", "/station/*/no-shows", "/station/calendar",
                        "/station/services/*", "/api/stations", "/api/stations/*", "/api/stations/*/days", "/api/stations/*/rota",
                        "/api/stations/*/no-shows", "/api/station-calendar", "/api/station-services/*/slots",
                        "/api/station-services/*/bookings", "/api/station-bookings/mine").authenticated()
                .requestMatchers(POST, "/station/calendar").hasRole(Role.ADMIN.name())
                .requestMatchers(PUT, "/api/station-calendar/*").hasRole(Role.ADMIN.name())
                .requestMatchers(POST, "/station", "/station/*/hours", "/station/*/rooms", "/station/*/services", "/station/*/rota",
                        "/station/rotas/*/publish", "/station/swaps/*/approve", "/station/swaps/*/reject", "/api/stations",
                        "/api/stations/*/rooms", "/api/stations/*/services", "/api/stations/*/rota", "/api/station-rotas/*/publish",
                        "/api/station-swaps/*/approve", "/api/station-swaps/*/reject").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(PUT, "/api/stations/*/hours").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(POST, "/station/shifts/*/swap", "/station/shifts/*/check-in", "/api/station-shifts/*/swaps",
                        "/api/station-shifts/*/check-in").hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.GRID_WORKER,
                                Role.GRID_LEADER))
                .requestMatchers(POST, "/station/services/*/book", "/api/station-services/*/bookings").hasRole(Role.RESIDENT.name())
                .requestMatchers(GET, "/station/*/rooms", "/api/stations/*/room-bookings").authenticated()
                .requestMatchers(POST, "/station/rooms/*/book", "/station/room-bookings/*/cancel", "/api/station-rooms/*/bookings",
                        "/api/station-room-bookings/*/cancel").hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.GRID_WORKER,
                                Role.GRID_LEADER, Role.COMPOUND_LEADER, Role.OWNERS_COMMITTEE, Role.PARTY_BRANCH, Role.PROPERTY_STAFF))
                .requestMatchers(GET, "/station/*/visits", "/api/stations/*/visits").hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS,
                        Role.GRID_WORKER, Role.GRID_LEADER, Role.COMPOUND_LEADER))
                .requestMatchers(POST, "/station/*/visits", "/station/visits/*/demand", "/api/stations/*/visits",
                        "/api/station-visits/*/demand").hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.GRID_WORKER,
                                Role.GRID_LEADER, Role.COMPOUND_LEADER))
                .requestMatchers(POST, "/station/bookings/*/cancel", "/api/station-bookings/*/cancel")
                    .hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.RESIDENT))
                .requestMatchers(POST, "/station/bookings/*/mark", "/api/station-bookings/*/mark")
                    .hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.DOCTOR, Role.LAWYER, Role.SOCIAL_WORKER, Role.POLICE))
                // insight (issue 16): dashboards and the workbench for grid staff, within their scope (checked in the module)
                .requestMatchers(GET, "/insight", "/insight/dashboard.xlsx", "/insight/workbench", "/api/insight/dashboard")
                    .hasAnyRole(AccessRules.REGISTER)
                // votes (issue 13): polls and elections are run by grid leaders and above, the owners committee and the party
                // branch, paper ballots also by grid workers, residents vote online; owners' decisions (Art. 278) are run by
                // community and street staff and the owners committee; reading is checked by the module (grid scope, census)
                .requestMatchers(GET, "/votes/polls/new", "/votes/decisions/new").hasAnyRole(AccessRules.names(Role.GRID_LEADER,
                        Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.PARTY_BRANCH, Role.ADMIN))
                .requestMatchers(GET, "/votes", "/votes/polls/*", "/votes/decisions/*", "/votes/decisions/*/notice", "/api/votes/polls",
                        "/api/votes/polls/*", "/api/votes/decisions", "/api/votes/decisions/*").authenticated()
                .requestMatchers(POST, "/votes/polls", "/votes/polls/*/open", "/votes/polls/*/close", "/api/votes/polls",
                        "/api/votes/polls/*/open", "/api/votes/polls/*/close").hasAnyRole(AccessRules.names(Role.GRID_LEADER,
                        Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.PARTY_BRANCH, Role.ADMIN))
                .requestMatchers(GET, "/votes/polls/*/paper").hasAnyRole(AccessRules.names(Role.GRID_WORKER, Role.GRID_LEADER,
                        Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.PARTY_BRANCH, Role.ADMIN))
                .requestMatchers(POST, "/votes/polls/*/paper").hasAnyRole(AccessRules.names(Role.GRID_WORKER, Role.GRID_LEADER,
                        Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.PARTY_BRANCH, Role.ADMIN))
                .requestMatchers(POST, "/votes/polls/*/vote").hasRole(Role.RESIDENT.name())
                .requestMatchers(POST, "/api/votes/polls/*/ballots").hasAnyRole(AccessRules.names(Role.RESIDENT, Role.GRID_WORKER,
                        Role.GRID_LEADER, Role.COMPOUND_LEADER, Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE,
                        Role.PARTY_BRANCH, Role.ADMIN))
                .requestMatchers(GET, "/votes/decisions/*/paper", "/votes/decisions/*/ballots/print", "/votes/compounds/*/owners",
                        "/api/votes/compounds/*/owners", "/api/votes/decisions/*/register").hasAnyRole(AccessRules.names(
                        Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.ADMIN))
                .requestMatchers(POST, "/votes/decisions", "/votes/decisions/*/open", "/votes/decisions/*/close", "/votes/decisions/*/paper",
                        "/votes/compounds/*/owners", "/api/votes/compounds/*/owners", "/api/votes/decisions", "/api/votes/decisions/*/open",
                        "/api/votes/decisions/*/close", "/api/votes/decisions/*/ballots").hasAnyRole(AccessRules.names(
                        Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.ADMIN))
                // red/black list (红黑榜, issue 14): everyone signed in within a street reads its published lists (the module
                // checks the street and answers 404 outside it); the street's staff set weights, compute and publish
                .requestMatchers(GET, "/transparency/rankings", "/transparency/rankings/areas/*", "/transparency/rankings/*",
                        "/api/transparency/rankings", "/api/transparency/rankings/*").authenticated()
                .requestMatchers(POST, "/transparency/rankings/areas/*/settings", "/transparency/rankings/areas/*/compute",
                        "/transparency/rankings/*/publish", "/api/transparency/rankings", "/api/transparency/rankings/*/publish")
                    .hasAnyRole(Role.STREET_STAFF.name(), Role.ADMIN.name())
                .requestMatchers(PUT, "/api/transparency/rankings/settings").hasAnyRole(Role.STREET_STAFF.name(), Role.ADMIN.name())
                // 民生微实事 (issue 14): everyone signed in within a community reads its rounds and projects (the module
                // checks the community, 404 outside it); its residents propose and choose; its staff (community, street)
                // set the budget, move the phases, select, book spending and complete
                .requestMatchers(GET, "/transparency/micro", "/transparency/micro/communities/*", "/transparency/micro/projects/*",
                        "/api/transparency/micro", "/api/transparency/micro/projects/*", "/api/transparency/micro/projects/*/photos/*")
                    .authenticated()
                .requestMatchers(POST, "/transparency/micro/communities/*/projects", "/transparency/micro/projects/*/choice",
                        "/api/transparency/micro/projects", "/api/transparency/micro/projects/*/choice").hasRole(Role.RESIDENT.name())
                .requestMatchers(POST, "/transparency/micro/communities/*/budget", "/transparency/micro/communities/*/phase",
                        "/transparency/micro/projects/*/selection", "/transparency/micro/projects/*/spending",
                        "/transparency/micro/projects/*/completion", "/api/transparency/micro/phase",
                        "/api/transparency/micro/projects/*/selection", "/api/transparency/micro/projects/*/spending",
                        "/api/transparency/micro/projects/*/completion").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(PUT, "/api/transparency/micro/budget").hasAnyRole(AccessRules.SUPERVISORS)
                // deliberation (issue 13): everyone signed in reads the meetings, decisions and renovation projects they
                // reach (checked by the module: staff of the grid, invitees, owners, a compound's residents); organisers
                // (community, street, admin, compound leader, party branch) run meetings and make projects; residents
                // propose; decisions and projects are updated by their organisers, owner and responsible party (module)
                .requestMatchers(GET, "/deliberation", "/deliberation/meetings/*", "/deliberation/decisions", "/deliberation/decisions/*",
                        "/deliberation/renovation", "/deliberation/projects/*", "/api/deliberation/meetings", "/api/deliberation/meetings/*",
                        "/api/deliberation/decisions", "/api/deliberation/decisions/*", "/api/deliberation/proposals",
                        "/api/deliberation/projects", "/api/deliberation/projects/*", "/api/deliberation/projects/*/photos/*")
                    .authenticated()
                .requestMatchers(GET, "/deliberation/overdue")
                    .hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.COMPOUND_LEADER)) // the supervision board's section
                .requestMatchers(GET, "/api/deliberation/overdue").hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.COMPOUND_LEADER))
                .requestMatchers(POST, "/deliberation/meetings", "/deliberation/meetings/*/agenda", "/deliberation/meetings/*/invitees",
                        "/deliberation/meetings/*/attendance", "/deliberation/meetings/*/minutes", "/deliberation/meetings/*/publish",
                        "/deliberation/meetings/*/addenda", "/deliberation/meetings/*/decisions", "/deliberation/projects",
                        "/api/deliberation/meetings", "/api/deliberation/meetings/*/agenda", "/api/deliberation/meetings/*/invitees",
                        "/api/deliberation/meetings/*/minutes/publish", "/api/deliberation/meetings/*/addenda",
                        "/api/deliberation/agenda-items/*/decisions", "/api/deliberation/projects")
                    .hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.COMPOUND_LEADER, Role.PARTY_BRANCH))
                .requestMatchers(PUT, "/api/deliberation/meetings/*/attendance", "/api/deliberation/meetings/*/minutes")
                    .hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.COMPOUND_LEADER, Role.PARTY_BRANCH))
                .requestMatchers(POST, "/deliberation/proposals", "/api/deliberation/proposals").hasRole(Role.RESIDENT.name())
                .requestMatchers(POST, "/deliberation/decisions/bulk", "/deliberation/decisions/*/update", "/deliberation/projects/*/update",
                        "/deliberation/projects/*/stages/*/status", "/deliberation/projects/*/spending", "/deliberation/projects/*/stages/*/photos",
                        "/api/deliberation/decisions/bulk", "/api/deliberation/decisions/*/updates", "/api/deliberation/projects/*/updates",
                        "/api/deliberation/projects/*/stages/*/status", "/api/deliberation/projects/*/spending",
                        "/api/deliberation/projects/*/stages/*/photos").authenticated()
                // insight maps (issue 16): the map page of a grid and its GeoJSON layers, for grid staff within their scope
                .requestMatchers(GET, "/insight/map", "/api/insight/map/*").hasAnyRole(AccessRules.REGISTER)
                // evaluation of grid workers (考核评价, issue 16): grid staff open their own scores (a community's ranking sends
                // them there); community and street staff see, adjust, publish and export their communities' rankings and set
                // the weights of their community or street (scope checked in the module)
                .requestMatchers(GET, "/insight/evaluation", "/insight/evaluation/mine").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(GET, "/insight/evaluation.xlsx", "/insight/evaluation/workers/*", "/insight/evaluation/weights",
                        "/api/insight/evaluation").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(POST, "/insight/evaluation/workers/*/adjustments", "/insight/evaluation/publish",
                        "/insight/evaluation/weights", "/api/insight/evaluation/adjustments").hasAnyRole(AccessRules.SUPERVISORS)
                // the daily supervision digest's setting (每日督办摘要): community and street staff for their communities
                .requestMatchers(GET, "/notify/digest").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(POST, "/notify/digest").hasAnyRole(AccessRules.SUPERVISORS)
                // insight reports (issue 16): the monthly report for community and street staff and admins; the wall display
                // and the three city-wide problems' tracking view for grid staff; grid scope checked in the module
                .requestMatchers(GET, "/insight/report.pdf", "/insight/report.xlsx").hasAnyRole(AccessRules.SUPERVISORS)
                .requestMatchers(GET, "/insight/wall", "/insight/city").hasAnyRole(AccessRules.REGISTER)
                // owners register corrections (issue 13, wt-civic2): whoever runs the compound's decisions (the module checks the grid)
                .requestMatchers(GET, "/votes/owners/*", "/api/votes/owners/*").hasAnyRole(AccessRules.names(
                        Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.ADMIN))
                .requestMatchers(POST, "/votes/owners/*", "/votes/owners/*/remove").hasAnyRole(AccessRules.names(
                        Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.ADMIN))
                .requestMatchers(PUT, "/api/votes/owners/*").hasAnyRole(AccessRules.names(
                        Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.ADMIN))
                .requestMatchers(DELETE, "/api/votes/owners/*").hasAnyRole(AccessRules.names(
                        Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.ADMIN))
                // station shift exchanges (issue 13): the rota member asked answers a swap before the community approves it
                .requestMatchers(POST, "/station/swaps/*/accept", "/station/swaps/*/decline", "/api/station-swaps/*/accept",
                        "/api/station-swaps/*/decline").hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.GRID_WORKER, Role.GRID_LEADER))
                // decisions' results (issue 13): whoever follows a decision reads and updates them (the module checks who acts)
                .requestMatchers(GET, "/api/deliberation/decisions/*/results", "/api/deliberation/result-sheet", "/deliberation/result-sheet",
                        "/deliberation/result-sheet/template").authenticated()
                .requestMatchers(POST, "/api/deliberation/decisions/*/results", "/api/deliberation/results/*/progress",
                        "/api/deliberation/result-sheet", "/deliberation/decisions/*/results", "/deliberation/results/*/progress",
                        "/deliberation/result-sheet").authenticated()
                // renovation plan votes (issue 13): the project's readers see the vote; the community's supervisors start it
                .requestMatchers(GET, "/api/deliberation/projects/*/plan-vote").authenticated()
                .requestMatchers(POST, "/deliberation/projects/*/plan-vote", "/api/deliberation/projects/*/plan-vote")
                        .hasAnyRole(AccessRules.plus(AccessRules.SUPERVISORS, Role.COMPOUND_LEADER))
                // owners vote online (issue 13): residents claim their units and vote; decision runners confirm claims
                .requestMatchers(GET, "/votes/ownership", "/api/votes/owner-claims", "/api/votes/decisions/*/mine").hasRole(Role.RESIDENT.name())
                .requestMatchers(POST, "/votes/ownership", "/api/votes/owner-claims", "/votes/decisions/*/vote", "/api/votes/decisions/*/vote")
                        .hasRole(Role.RESIDENT.name())
                .requestMatchers(GET, "/api/votes/compounds/*/owner-claims").hasAnyRole(AccessRules.names(
                        Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.ADMIN))
                .requestMatchers(POST, "/votes/owner-claims/*/confirm", "/votes/owner-claims/*/reject", "/api/votes/owner-claims/*/confirm",
                        "/api/votes/owner-claims/*/reject").hasAnyRole(AccessRules.names(
                        Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.OWNERS_COMMITTEE, Role.ADMIN))
                // organisers edit and cancel activities (issue 15 leftovers); the module checks the activity's grid
                .requestMatchers(PUT, "/api/economy/activities/*").hasAnyRole(AccessRules.REGISTER)
                .requestMatchers(POST, "/api/economy/activities/*/cancel", "/economy/organise/activities/*/edit",
                        "/economy/organise/activities/*/cancel").hasAnyRole(AccessRules.REGISTER)
                //
                // unknown paths (no controller maps them): signed-in users get the dispatcher's 404, not a 403 that
                // would make a missing page look like a missing permission; anonymous visitors are asked to sign in
                .requestMatchers(new UnmappedRequests(http.getSharedObject(org.springframework.context.ApplicationContext.class)))
                    .authenticated()
                .anyRequest().denyAll());
        // no session for anyone who is not signed in (issue 12): the page asked for is kept in a cookie
        // (SavedPageCookie), the CSRF token too, and a failed sign-in leaves nothing behind; a session is created
        // at a successful sign-in only (with a new id, and a new CSRF token)
        RequestCache pages = savedPages();
        http.requestCache(cache -> cache.requestCache(pages));
        SimpleUrlAuthenticationFailureHandler wrong = new SimpleUrlAuthenticationFailureHandler("/login?error");
        wrong.setAllowSessionCreation(false);
        org.springframework.security.web.authentication.AuthenticationFailureHandler failed = (request, response, e) -> {
            if (DatabaseOutage.isCause(e)) {
                throw e; // not a wrong password: DatabaseOutageFilter answers 503 (the page itself needs no database)
            }
            wrong.onAuthenticationFailure(request, response, e);
        };
        http.formLogin(form -> form.loginPage("/login").successHandler(new BackToSavedPage(pages)).failureHandler(failed)
                .permitAll());
        http.logout(out -> out.logoutUrl("/logout").logoutSuccessUrl("/login?logout"));
        RequestMatcher deviceEvent = r -> "POST".equals(r.getMethod())
                && r.getRequestURI().equals(r.getContextPath() + "/api/iot/events");
        RequestMatcher open311 = r -> r.getRequestURI().startsWith(r.getContextPath() + "/open311/v2/");
        http.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens()).ignoringRequestMatchers(bearer, deviceEvent, open311));
        // sign-in throttle per client address (issue 12), before the password is tried
        http.addFilterBefore(addressThrottle.filter(),
                org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class);
        http.addFilterBefore(new BearerTokenFilter(accounts), AnonymousAuthenticationFilter.class);
        // after the bearer filter: changes of roles, scope, status and password apply to running sessions at once
        http.addFilterBefore(new AccountStateFilter(accounts), AnonymousAuthenticationFilter.class);
        RequestMatcher unmask = r -> "POST".equals(r.getMethod())
                && r.getRequestURI().substring(r.getContextPath().length()).matches("/(api/people|households/[^/]+/people)/[^/]+/unmask");
        http.exceptionHandling(ex -> ex
                // a refused unmask attempt (no PII_UNMASK) is written to the personal-data audit log, then refused as usual
                .defaultAccessDeniedHandlerFor((req, res, e) -> {
                    unmaskRefusals.noPermission(req);
                    if (isApi(req)) {
                        problem(res, HttpStatus.FORBIDDEN, "forbidden", "your role does not allow this");
                    } else {
                        new AccessDeniedHandlerImpl().handle(req, res, e);
                    }
                }, unmask)
                .defaultAuthenticationEntryPointFor((req, res, e) -> problem(res, HttpStatus.UNAUTHORIZED,
                        "unauthenticated", "sign in or send a valid API token"), SecurityConfig::isApi)
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), r -> !isApi(r))
                .defaultAccessDeniedHandlerFor((req, res, e) -> problem(res, HttpStatus.FORBIDDEN, "forbidden",
                        "your role does not allow this"), SecurityConfig::isApi)
                .defaultAccessDeniedHandlerFor(new AccessDeniedHandlerImpl(), r -> !isApi(r)));
        // map tiles (gridwork.map.tile-url) are images from the tile host
        String tiles = tileSource(http.getSharedObject(org.springframework.context.ApplicationContext.class).getEnvironment()
                .getProperty("gridwork.map.tile-url", ""));
        http.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                "default-src 'self'; img-src 'self' data:" + tiles + "; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"))
                // page addresses (demand and household ids) stay on the site: other sites (the map's tile host) see the
                // origin only; features: the report and visit pages locate the reporter (geolocation) and take photos
                // through file inputs (camera); nothing else
                .referrerPolicy(r -> r.policy(org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                        .ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                .addHeaderWriter(new org.springframework.security.web.header.writers.StaticHeadersWriter("Permissions-Policy",
                        "geolocation=(self), camera=(self), microphone=(), payment=(), usb=(), serial=(), bluetooth=()")));
        return http.build();
    }

    /** Where the page asked for before signing in is kept: a cookie, not the session. */
    @Bean
    RequestCache savedPages() {
        return new SavedPageCookie();
    }

    /**
     * CSRF tokens in a cookie ({@code XSRF-TOKEN}, HttpOnly, SameSite=Lax), so that a page with a form needs no
     * session; pages carry the (masked) token in their forms and in the {@code _csrf} meta tag for htmx and
     * scripts, which send it as {@code X-CSRF-TOKEN}. Every form and htmx request still needs it.
     */
    @Bean
    CsrfTokenRepository csrfTokens() {
        CookieCsrfTokenRepository tokens = new CookieCsrfTokenRepository();
        tokens.setHeaderName("X-CSRF-TOKEN");
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        return tokens;
    }

    /** After signing in: the page kept by {@link SavedPageCookie} (a local path), else the workbench. */
    static final class BackToSavedPage extends SimpleUrlAuthenticationSuccessHandler {

        private final RequestCache pages;

        BackToSavedPage(RequestCache pages) {
            super("/");
            this.pages = pages;
        }

        @Override
        protected String determineTargetUrl(HttpServletRequest request, HttpServletResponse response,
                org.springframework.security.core.Authentication authentication) {
            SavedRequest saved = pages.getRequest(request, response);
            pages.removeRequest(request, response);
            return saved == null ? super.determineTargetUrl(request, response, authentication) : saved.getRedirectUrl();
        }
    }

    /**
     * The CSP source of a tile URL template, with a leading space, or "" when there is none:
     * "https://webrd0{s}.is.autonavi.com/..." allows "https://*.is.autonavi.com".
     */
    static String tileSource(String tileUrl) {
        if (tileUrl == null || tileUrl.isBlank()) {
            return "";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(https?)://([^/:?#]+)(:\\d+)?").matcher(tileUrl.strip());
        if (!m.find()) {
            return "";
        }
        String[] labels = m.group(2).split("\\.");
        int templated = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].contains("{")) {
                templated = i;
            }
        }
        String host = templated < 0 ? m.group(2)
                : "*." + String.join(".", java.util.Arrays.copyOfRange(labels, templated + 1, labels.length));
        return " " + m.group(1) + "://" + host + (m.group(3) == null ? "" : m.group(3));
    }

    static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    static void problem(HttpServletResponse res, HttpStatus status, String code, String detail) throws IOException {
        res.setStatus(status.value());
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        res.setCharacterEncoding("UTF-8");
        res.getWriter().write("{\"type\":\"urn:gridwork:problem:" + code + "\",\"title\":\"" + status.getReasonPhrase()
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}");
    }

    /** Login throttling: failures lock the account for a while (kept in the database, so all instances agree). */
    @Configuration
    static class LoginThrottle {

        private final AccountService accounts;
        private final LoginAddressThrottle addresses;

        LoginThrottle(AccountService accounts, LoginAddressThrottle addresses) {
            this.accounts = accounts;
            this.addresses = addresses;
        }

        @EventListener
        void onFailure(AbstractAuthenticationFailureEvent event) {
            if (event instanceof AuthenticationFailureServiceExceptionEvent) {
                return; // the sign-in could not be checked (the database is away): no one's failure
            }
            accounts.recordFailure(event.getAuthentication().getName());
            if (event.getAuthentication().getDetails()
                    instanceof org.springframework.security.web.authentication.WebAuthenticationDetails d) {
                addresses.recordFailure(d.getRemoteAddress());
            }
        }

        @EventListener
        void onSuccess(AuthenticationSuccessEvent event) {
            if (event.getAuthentication().getPrincipal() instanceof io.gridwork.shared.security.GridworkUser u
                    && !"bearer".equals(String.valueOf(event.getAuthentication().getCredentials()))) {
                accounts.recordSuccess(u.getUsername());
            }
        }
    }
}
