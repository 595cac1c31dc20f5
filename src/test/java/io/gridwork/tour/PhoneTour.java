package io.gridwork.tour;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.Browser;
import io.gridwork.support.BrowserTest;
import io.gridwork.support.PageChecks;
import io.gridwork.support.SignedIn;

/**
 * The phone tour: every demo account signs in on a 390×844 phone and opens the pages of its role; each page is saved
 * as {@code target/tour/<account>/<nn>-<page>.png} for people to look at, and {@code target/tour/report.txt} lists
 * what {@link PageChecks} found on each. Not part of the test run (it fails on nothing); run it with
 * <pre>./mvnw test -Dtest=PhoneTour -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@BrowserTest
class PhoneTour {

    private static final Path OUT = Path.of("target", "tour");

    @Autowired
    JdbcClient jdbc;

    @Test
    void tour(Browser browser) throws IOException {
        Map<String, String> ids = fixtures();
        List<String> common = List.of("/", "/notify/inbox", "/notify/preferences", "/groups", "/campaigns", "/me/password");
        List<String> staff = List.of("/demands", "/insight", "/grid", "/grid/{micro}", "/households/{household}", "/routine", "/routine/counts",
                "/routine/info", "/lists/needs", "/lists/resources", "/lists/rectification", "/signups", "/campaigns/{campaign}",
                "/campaigns/{campaign}/coverage", "/campaigns/{campaign}/visit", "/campaigns/{campaign}/summary", "/demands/{demand}",
                "/demands/{demand}/print", "/qr/grids/{micro}", "/groups/{audience}", "/notices/{notice}");
        List<String> organisers = List.of("/supervision", "/grid/{community}", "/grid/{compound}/manage", "/grid/{compound}/map",
                "/accounts", "/staff", "/party", "/party/dual", "/party/mobile", "/party/hours", "/golive", "/iot/devices",
                "/import", "/demands/new", "/campaigns/new", "/lists/rectification/new");
        // the pages of the later issues (economy, transparency, station, votes, deliberation, insight, digest)
        List<String> civic = List.of("/transparency", "/transparency/compounds/{compound}", "/transparency/reports/{report}",
                "/transparency/compounds/{compound}/trust", "/transparency/rankings", "/transparency/micro", "/station",
                "/station/{station}", "/votes", "/votes/polls/{poll}", "/votes/decisions/{decision}", "/deliberation",
                "/deliberation/meetings/{meeting}", "/deliberation/decisions", "/deliberation/decisions/{delibDecision}",
                "/deliberation/renovation", "/deliberation/projects/{project}", "/transparency/rankings/{ranking}",
                "/transparency/micro/projects/{microProject}", "/transparency/contracts/{contract}", "/economy/fund");
        List<String> staffNew = List.of("/insight/map", "/insight/wall", "/insight/evaluation", "/economy/organise",
                "/economy/organise/activities/{activity}");
        List<String> organisersNew = List.of("/notify/digest", "/insight/city", "/economy", "/economy/communities/{community}",
                "/economy/communities/{community}/merchants", "/economy/communities/{community}/volunteering",
                "/economy/communities/{community}/rules", "/economy/communities/{community}/postings",
                "/economy/communities/{community}/accounts", "/economy/communities/{community}/recognition",
                "/economy/communities/{community}/fund", "/economy/communities/{community}/fund/expenses",
                "/economy/communities/{community}/fund/statement", "/economy/fund/expenses/{expense}",
                "/transparency/micro/communities/{community}", "/station/calendar", "/station/{station}/rota",
                "/station/{station}/visits", "/station/{station}/rooms", "/station/{station}/no-shows", "/votes/polls/new",
                "/votes/decisions/new", "/votes/compounds/{compound}/owners", "/insight/evaluation/weights");
        Map<String, List<String>> byAccount = new LinkedHashMap<>();
        byAccount.put("resident", join(common, List.of("/report", "/my/demands", "/households/{household}", "/staff/nominate",
                "/party/report-in", "/demands/{demand}", "/notices/{notice}", "/me/tokens"), civic,
                List.of("/economy/points", "/economy/activities", "/economy/activities/{activity}",
                        "/transparency/micro/communities/{community}")));
        byAccount.put("worker", join(common, staff, civic, staffNew, List.of("/insight/evaluation/mine")));
        byAccount.put("leader", join(common, staff));
        byAccount.put("compound", join(common, staff, List.of("/staff")));
        byAccount.put("community", join(common, staff, organisers, civic, staffNew, organisersNew));
        byAccount.put("street", join(common, List.of("/grid", "/supervision", "/accounts", "/open311/keys", "/golive", "/party",
                "/insight/city", "/transparency/rankings", "/economy", "/notify/digest")));
        byAccount.put("property", join(common, List.of("/demands", "/demands/{demand}", "/grid", "/lists/rectification",
                "/campaigns/{campaign}/summary")));
        byAccount.put("owners", join(common, List.of("/demands", "/demands/{demand}", "/lists/rectification",
                "/campaigns/{campaign}/summary"), civic, List.of("/economy/communities/{community}/fund/expenses",
                "/economy/fund/expenses/{expense}", "/economy/communities/{community}/fund/statement")));
        byAccount.put("party", join(common, List.of("/demands", "/grid", "/party", "/lists/rectification",
                "/campaigns/{campaign}/summary")));
        byAccount.put("merchant", join(common, List.of("/economy/shop", "/economy/shop/donations", "/economy/fund")));
        byAccount.put("admin", join(common, List.of("/grid", "/accounts", "/notify/deliveries", "/iot/rejects", "/open311/keys")));
        for (String team : List.of("police", "doctor", "lawyer", "social", "department")) {
            byAccount.put(team, join(common, List.of("/demands?status=OPEN", "/demands/{demand}", "/lists/rectification")));
        }

        clear(OUT);
        List<String> report = new ArrayList<>();
        browser.phone().unchecked(() -> visit(browser, byAccount, ids, report));
        Files.write(OUT.resolve("report.txt"), report, StandardCharsets.UTF_8);
    }

    private void visit(Browser browser, Map<String, List<String>> byAccount, Map<String, String> ids, List<String> report) {
        for (var e : byAccount.entrySet()) {
            String account = e.getKey();
            browser.signOut().signIn(account, SignedIn.DEMO_PASSWORD);
            int n = 0;
            for (String pattern : e.getValue()) {
                String path = pattern;
                for (var id : ids.entrySet()) {
                    path = path.replace("{" + id.getKey() + "}", id.getValue());
                }
                browser.open(path);
                settle(browser);
                String name = "%02d-%s".formatted(++n, pattern.replaceAll("[^\\w]+", "_").replaceAll("^_|_$", ""));
                browser.screenshot(OUT.resolve(account).resolve((name.isEmpty() ? "home" : name) + ".png"));
                List<String> problems = PageChecks.problems(browser);
                report.add(account + "\t" + path + "\t" + (problems.isEmpty() ? "ok" : String.join("; ", problems)));
            }
        }
    }

    /** Starts from an empty folder, so that no picture of an earlier tour (with other numbers) is mistaken for this one's. */
    private static void clear(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    /** Waits a little for what pages draw after loading (the insight map fetches its layers), so the picture shows it. */
    private static void settle(Browser browser) {
        if (browser.exists("#insight-map")) {
            try {
                browser.waiting().until(d -> "ready".equals(browser.find("#insight-map").getAttribute("data-base")));
                Thread.sleep(500);
            } catch (RuntimeException e) {
                // drawn or not, the picture is taken
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Map<String, String> fixtures() {
        Map<String, String> ids = new LinkedHashMap<>();
        long micro = one("select id from grid_node where name = '学府憬城第1微网格'");
        ids.put("micro", String.valueOf(micro));
        ids.put("compound", String.valueOf(one("select id from grid_node where name = '学府憬城'")));
        ids.put("community", String.valueOf(one("select id from grid_node where name = '学府社区'")));
        ids.put("household", String.valueOf(one("""
                select m.household_id from household_member m join account a on a.person_id = m.person_id
                 where a.username = 'resident' and m.until is null""")));
        ids.put("campaign", String.valueOf(one("select coalesce(max(id), 0) from campaign")));
        ids.put("demand", String.valueOf(one("""
                select coalesce(max(d.id), 0) from demand d join account a on a.id = d.reporter_account_id
                 where a.username = 'resident'""")));
        ids.put("audience", String.valueOf(one("select coalesce(min(id), 0) from notify_audience")));
        ids.put("notice", String.valueOf(one("select coalesce(max(id), 0) from notify_notice")));
        ids.put("station", String.valueOf(one("select coalesce(min(id), 0) from station where name = '学府憬城微网实格服务站'")));
        ids.put("report", String.valueOf(one("select coalesce(max(id), 0) from transparency_report where status = 'PUBLISHED'")));
        ids.put("poll", String.valueOf(one("select coalesce(max(id), 0) from vote_poll where status <> 'DRAFT'")));
        ids.put("decision", String.valueOf(one("select coalesce(min(id), 0) from vote_decision where status = 'CLOSED'")));
        ids.put("meeting", String.valueOf(one("select coalesce(max(id), 0) from delib_meeting")));
        ids.put("delibDecision", String.valueOf(one("select coalesce(min(id), 0) from delib_decision")));
        ids.put("activity", String.valueOf(one("select coalesce(max(id), 0) from economy_activity")));
        ids.put("expense", String.valueOf(one("select coalesce(max(id), 0) from economy_fund_expense")));
        ids.put("project", String.valueOf(one("select coalesce(max(id), 0) from delib_project")));
        ids.put("ranking", String.valueOf(one("select coalesce(max(id), 0) from transparency_rank_list")));
        ids.put("microProject", String.valueOf(one("select coalesce(min(id), 0) from transparency_micro_project")));
        ids.put("contract", String.valueOf(one("select coalesce(min(id), 0) from transparency_contract")));
        return ids;
    }

    private long one(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @SafeVarargs
    private static List<String> join(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            p.stream().filter(s -> !out.contains(s)).forEach(out::add);
        }
        return out;
    }
}
