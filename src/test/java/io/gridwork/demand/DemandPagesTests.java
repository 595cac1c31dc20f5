package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.gridwork.demand.internal.DemandQueries;
import io.gridwork.demand.internal.DemandService;
import io.gridwork.demand.internal.DemandService.Submission;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.support.GridworkTest;
import io.gridwork.support.TestPeople;

/** The demand pages through MockMvc: intake, the demand page and its actions, lists, supervision. */
@GridworkTest
class DemandPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    DemandService service;
    @Autowired
    DemandQueries queries;
    @Autowired
    TestPeople testPeople;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.gridwork.grid.GridApi grid;

    private long firstBuilding() {
        return jdbc.sql("select min(id) from building where micro_grid_id = ?").param(testPeople.firstMicroGrid())
                .query(Long.class).single();
    }

    private long unitOf(long building) {
        return jdbc.sql("select min(id) from unit where building_id = ?").param(building).query(Long.class).single();
    }

    private long report(GridworkUser resident, String category, String text) {
        return service.submit(new Submission(category, text, null, null, null, null, null, null, null, false, null, null,
                null), resident, null).id();
    }

    private long demandsOf(GridworkUser resident) {
        return jdbc.sql("select count(*) from demand where reporter_account_id = ?").param(resident.accountId())
                .query(Long.class).single();
    }

    private DemandView view(long id) {
        return queries.view(id, testPeople.user("admin"));
    }

    /** The page a POST redirected to, in the same session (where Spring Session keeps the flash attributes). */
    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder follow(MvcResult result,
            GridworkUser viewer) {
        var request = get(result.getResponse().getRedirectedUrl()).with(user(viewer));
        var session = result.getResponse().getCookie("SESSION");
        return session == null ? request : request.cookie(session);
    }

    private static String token(String html) {
        Matcher m = Pattern.compile("name=\"token\" value=\"([0-9a-f-]{36})\"").matcher(html);
        assertThat(m.find()).as("the form carries a one-time token").isTrue();
        return m.group(1);
    }

    // ---- intake -----------------------------------------------------------------------------------

    @Test
    void theReportFormCarriesAFreshTokenEachTimeAndTheCityWideProblemsFirst() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        String first = mvc.perform(get("/report").with(user(resident))).andExpect(status().isOk())
                .andExpect(content().string(containsString("chip focus")))
                .andExpect(content().string(containsString("文明养犬")))
                .andExpect(content().string(containsString("value=\"HOUSEHOLD\" checked")))
                .andReturn().getResponse().getContentAsString();
        String second = mvc.perform(get("/report").with(user(resident))).andReturn().getResponse().getContentAsString();
        assertThat(token(first)).isNotEqualTo(token(second));
        assertThat(first.indexOf("文明养犬")).as("city-wide problems come first").isLessThan(first.indexOf("漏水"));
    }

    @Test
    void aUnitQrCodeOpensTheFormWithThePlaceFilledIn() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        long building = firstBuilding();
        long unit = unitOf(building);
        String buildingName = jdbc.sql("select name from building where id = ?").param(building).query(String.class).single();
        mvc.perform(get("/report").param("unit", String.valueOf(unit)).with(user(resident))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"qr-place\"")))
                .andExpect(content().string(containsString(buildingName)))
                .andExpect(content().string(containsString("value=\"PLACE\" checked")))
                .andExpect(content().string(containsString("name=\"via\" value=\"QR\"")))
                .andExpect(content().string(containsString("value=\"" + unit + "\" selected")));
        mvc.perform(get("/report").param("unit", "999999999").with(user(resident))).andExpect(status().isOk())
                .andExpect(content().string(containsString("二维码中的楼栋或单元不存在")));
        // staff who scan the poster enter it on the resident's behalf
        mvc.perform(get("/report").param("unit", String.valueOf(unit)).with(user(testPeople.user("worker"))))
                .andExpect(redirectedUrl("/demands/new?unit=" + unit));
    }

    @Test
    void aDoubleSubmitWithTheSameTokenCreatesOneDemand() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        long building = firstBuilding();
        String token = token(mvc.perform(get("/report").param("building", String.valueOf(building)).with(user(resident)))
                .andReturn().getResponse().getContentAsString());
        var form = post("/report").with(csrf()).with(user(resident)).param("token", token).param("via", "QR")
                .param("categoryCode", "WATER_LEAK").param("description", "楼道顶上在滴水").param("where", "PLACE")
                .param("buildingId", String.valueOf(building)).param("unitId", "").param("contactPhone", "13912345678");
        MvcResult first = mvc.perform(form).andExpect(redirectedUrlPattern("/demands/*"))
                .andExpect(flash().attribute("notice", containsString("已提交"))).andReturn();
        mvc.perform(form).andExpect(redirectedUrl(first.getResponse().getRedirectedUrl()))
                .andExpect(flash().attribute("notice", containsString("已提交过")));
        assertThat(demandsOf(resident)).isEqualTo(1);
        long id = Long.parseLong(first.getResponse().getRedirectedUrl().substring("/demands/".length()));
        DemandView d = view(id);
        assertThat(d.channel()).isEqualTo(Channel.QR);
        assertThat(d.buildingId()).isEqualTo(building);
        assertThat(d.contactPhoneMasked()).isEqualTo("139****5678");
        mvc.perform(follow(first, resident)).andExpect(status().isOk())
                .andExpect(content().string(containsString(d.refNo()))).andExpect(content().string(containsString("id=\"notice\"")));
    }

    @Test
    void photosSentWithTheReportAreStoredAndABadOneCreatesNothing() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        long building = firstBuilding();
        var png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
        String token = token(mvc.perform(get("/report").with(user(resident))).andReturn().getResponse().getContentAsString());
        var notAnImage = new org.springframework.mock.web.MockMultipartFile("photos", "leak.jpg", "image/jpeg", "not an image".getBytes());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/report").file(notAnImage)
                .with(csrf()).with(user(resident)).param("token", token).param("categoryCode", "WATER_LEAK")
                .param("description", "水管漏水，有照片").param("where", "PLACE").param("buildingId", String.valueOf(building)))
                .andExpect(status().isUnsupportedMediaType()).andExpect(content().string(containsString("id=\"report-form\"")));
        assertThat(demandsOf(resident)).isZero();
        var photo = new org.springframework.mock.web.MockMultipartFile("photos", "leak.png", "image/png", png.toByteArray());
        MvcResult done = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/report")
                .file(photo).with(csrf()).with(user(resident)).param("token", token).param("categoryCode", "WATER_LEAK")
                .param("description", "水管漏水，有照片").param("where", "PLACE").param("buildingId", String.valueOf(building)))
                .andExpect(redirectedUrlPattern("/demands/*")).andReturn();
        long id = Long.parseLong(done.getResponse().getRedirectedUrl().substring("/demands/".length()));
        assertThat(jdbc.sql("select count(*) from demand_photo where demand_id = ? and stage = 'REPORT'").param(id)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void badReportsComeBackWithTheMessageAndTheDraftAndCreateNothing() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        mvc.perform(post("/report").with(csrf()).with(user(resident)).param("token", UUID.randomUUID().toString())
                .param("categoryCode", "NOISE").param("description", " ").param("where", "HOUSEHOLD"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("请描述问题")))
                .andExpect(content().string(containsString("value=\"NOISE\" required checked")));
        mvc.perform(post("/report").with(csrf()).with(user(resident)).param("categoryCode", "NO_SUCH")
                .param("description", "楼下有人唱歌到半夜").param("where", "HOUSEHOLD"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("请选择问题类别")))
                .andExpect(content().string(containsString("楼下有人唱歌到半夜")));
        mvc.perform(post("/report").with(csrf()).with(user(resident)).param("categoryCode", "NOISE")
                .param("description", "楼下有人唱歌到半夜").param("where", "POSITION"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("使用我的位置")))
                .andExpect(content().string(containsString("id=\"form-error\"")));
        mvc.perform(post("/report").with(csrf()).with(user(resident)).param("categoryCode", "NOISE")
                .param("description", "楼下有人唱歌到半夜").param("where", "HOUSEHOLD").param("contactPhone", "123"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("手机号码格式不正确")));
        mvc.perform(post("/report").with(csrf()).with(user(resident)).param("categoryCode", "NOISE")
                .param("description", "楼下有人唱歌到半夜").param("where", "PLACE").param("buildingId", "999999999"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("所选位置不存在")));
        assertThat(demandsOf(resident)).isZero();
    }

    @Test
    void possibleDuplicatesShowWhileReportingWithoutOtherResidentsWords() throws Exception {
        GridworkUser first = testPeople.freshResident();
        GridworkUser second = testPeople.freshResident();
        long building = firstBuilding();
        long id = service.submit(new Submission("LIFT", "电梯门关不上，私人细节", null, null, building, null, null, null, null,
                false, null, null, null), first, null).id();
        mvc.perform(get("/report/duplicates").param("categoryCode", "LIFT").param("where", "PLACE")
                .param("buildingId", String.valueOf(building)).with(user(second)))
                .andExpect(status().isOk()).andExpect(content().string(containsString(view(id).refNo())))
                .andExpect(content().string(not(containsString("私人细节"))));
        mvc.perform(get("/report/duplicates").param("categoryCode", "DOGS").param("where", "PLACE")
                .param("buildingId", String.valueOf(building)).with(user(second)))
                .andExpect(status().isOk()).andExpect(content().string(not(containsString(view(id).refNo()))));
        mvc.perform(get("/report/units").param("buildingId", String.valueOf(building)).with(user(second)))
                .andExpect(status().isOk()).andExpect(content().string(containsString("value=\"" + unitOf(building) + "\"")));
    }

    @Test
    void staffEnterA12345CallOnBehalfOfAResident() throws Exception {
        GridworkUser worker = testPeople.user("worker");
        long building = firstBuilding();
        mvc.perform(get("/demands/new").param("building", String.valueOf(building)).with(user(worker)))
                .andExpect(status().isOk()).andExpect(content().string(containsString("12345热线")))
                .andExpect(content().string(containsString("value=\"" + building + "\" selected")));
        String ref = "林先生" + UUID.randomUUID().toString().substring(0, 6);
        mvc.perform(post("/demands/new").with(csrf()).with(user(worker)).param("token", UUID.randomUUID().toString())
                .param("channel", "HOTLINE_12345").param("reporterName", ref).param("categoryCode", "DOGS")
                .param("description", "小区内遛狗不牵绳").param("buildingId", String.valueOf(building)))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("请填写联系电话")));
        assertThat(jdbc.sql("select count(*) from demand where reporter_name = ?").param(ref).query(Long.class).single()).isZero();
        MvcResult done = mvc.perform(post("/demands/new").with(csrf()).with(user(worker)).param("token", UUID.randomUUID().toString())
                .param("channel", "HOTLINE_12345").param("reporterName", ref).param("contactPhone", "13900001234")
                .param("categoryCode", "DOGS").param("description", "小区内遛狗不牵绳").param("buildingId", String.valueOf(building)))
                .andExpect(redirectedUrlPattern("/demands/*")).andReturn();
        long id = Long.parseLong(done.getResponse().getRedirectedUrl().substring("/demands/".length()));
        assertThat(view(id).channel()).isEqualTo(Channel.HOTLINE_12345);
        assertThat(view(id).reporterName()).isEqualTo(ref);
        mvc.perform(get("/demands/new").with(user(testPeople.freshResident()))).andExpect(status().isForbidden());
    }

    // ---- the demand page ----------------------------------------------------------------------------

    @Test
    void theDemandPageOffersOnlyWhatTheViewerMayDoNow() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long id = report(resident, "WATER_LEAK", "地下室墙面渗水");
        mvc.perform(get("/demands/" + id).with(user(worker))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"accept\"")))
                .andExpect(content().string(containsString("id=\"reject\"")))
                .andExpect(content().string(containsString("id=\"merge\"")))
                .andExpect(content().string(not(containsString("id=\"dispatch\""))))
                .andExpect(content().string(not(containsString("id=\"supervise\""))));
        mvc.perform(get("/demands/" + id).with(user(resident))).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"actions\""))))
                .andExpect(content().string(containsString("提交诉求")));
        mvc.perform(get("/demands/" + id).with(user(testPeople.user("community")))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"supervise\"")));

        mvc.perform(post("/demands/" + id + "/accept").with(csrf()).with(user(worker)).param("grade", "MEDIUM")
                .param("categoryCode", "WATER_LEAK")).andExpect(redirectedUrl("/demands/" + id))
                .andExpect(flash().attribute("notice", "已受理。"));
        mvc.perform(post("/demands/" + id + "/dispatch").with(csrf()).with(user(worker)).param("parties", "PROPERTY", "OWNERS_COMMITTEE"))
                .andExpect(redirectedUrl("/demands/" + id));
        DemandView d = view(id);
        assertThat(d.status()).isEqualTo(DemandStatus.DISPATCHED);
        long propertyTask = d.assignments().stream().filter(a -> a.party() == Party.PROPERTY).findFirst().orElseThrow().id();
        long ownersTask = d.assignments().stream().filter(a -> a.party() == Party.OWNERS_COMMITTEE).findFirst().orElseThrow().id();
        mvc.perform(get("/demands/" + id).with(user(testPeople.user("property")))).andExpect(status().isOk())
                .andExpect(content().string(containsString("/assignments/" + propertyTask + "/start")))
                .andExpect(content().string(not(containsString("/assignments/" + ownersTask + "/start"))))
                .andExpect(content().string(containsString("物业公司")));
        // acting for another party is refused (403), not turned into a message
        mvc.perform(post("/demands/" + id + "/assignments/" + ownersTask + "/start").with(csrf()).with(user(testPeople.user("property"))))
                .andExpect(status().isForbidden());

        service.completeAssignment(id, propertyTask, "已修好", testPeople.user("property"));
        service.completeAssignment(id, ownersTask, null, testPeople.user("owners"));
        mvc.perform(get("/demands/" + id).with(user(resident))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"confirm-form\"")))
                .andExpect(content().string(containsString("id=\"reopen\"")))
                .andExpect(content().string(not(containsString("id=\"rate-form\""))));
        mvc.perform(post("/demands/" + id + "/reopen").with(csrf()).with(user(resident)).param("comment", "还在渗水"))
                .andExpect(redirectedUrl("/demands/" + id));
        assertThat(view(id).status()).isEqualTo(DemandStatus.REOPENED);
        assertThat(view(id).timeline()).anyMatch(t -> t.action().equals("REOPENED") && t.note().equals("还在渗水"));
    }

    @Test
    void anActionInTheWrongStateShowsTheMessageOnThePageAndChangesNothing() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        long id = report(resident, "HYGIENE", "垃圾桶满了");
        MvcResult refused = mvc.perform(post("/demands/" + id + "/rate").with(csrf()).with(user(resident)).param("rating", "5"))
                .andExpect(redirectedUrl("/demands/" + id))
                .andExpect(flash().attribute("error", containsString("待受理"))).andReturn();
        mvc.perform(follow(refused, resident)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"error\"")))
                .andExpect(content().string(containsString("诉求当前状态为「待受理」，不能进行此操作。")));
        mvc.perform(post("/demands/" + id + "/verify").with(csrf()).with(user(testPeople.user("worker"))))
                .andExpect(redirectedUrl("/demands/" + id)).andExpect(flash().attribute("error", containsString("待受理")));
        mvc.perform(post("/demands/" + id + "/accept").with(csrf()).with(user(testPeople.user("worker"))))
                .andExpect(flash().attribute("error", "请选择等级。"));
        mvc.perform(post("/demands/" + id + "/plan").with(csrf()).with(user(testPeople.user("worker")))
                .param("measures", "安装摄像头").param("deadline", "not a date"))
                .andExpect(flash().attribute("error", "期限须为将来的时间。"));
        mvc.perform(post("/demands/" + id + "/merge").with(csrf()).with(user(testPeople.user("worker"))).param("into", "GW000000-NOSUCH"))
                .andExpect(flash().attribute("error", "找不到该诉求。"));
        DemandView d = view(id);
        assertThat(d.status()).isEqualTo(DemandStatus.SUBMITTED);
        assertThat(d.timeline()).hasSize(1);
        assertThat(d.grade()).isNull();
    }

    @Test
    void aDemandOutOfTheViewersScopeIsANotFoundPage() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        long id = report(resident, "NOISE", "广场舞音响太大");
        mvc.perform(get("/demands/" + id).with(user(testPeople.freshResident()))).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("出错了")));
        mvc.perform(get("/demands/" + id).with(user(testPeople.user("property")))).andExpect(status().isNotFound());
        mvc.perform(post("/demands/" + id + "/reopen").with(csrf()).with(user(testPeople.freshResident())).param("comment", "x"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/demands/999999999").with(user(resident))).andExpect(status().isNotFound());
        assertThat(view(id).timeline()).hasSize(1);
    }

    @Test
    void aDuplicateIsMergedByItsReferenceNumber() throws Exception {
        GridworkUser worker = testPeople.user("worker");
        long building = firstBuilding();
        var lift = new Submission("LIFT", "电梯按钮失灵", null, null, building, null, null, null, null, false, null, null, null);
        long a = service.submit(lift, testPeople.freshResident(), null).id();
        long b = service.submit(lift, testPeople.freshResident(), null).id();
        mvc.perform(get("/demands/" + b).with(user(worker))).andExpect(status().isOk())
                .andExpect(content().string(containsString(view(a).refNo())));
        mvc.perform(post("/demands/" + b + "/merge").with(csrf()).with(user(worker)).param("into", view(a).refNo().toLowerCase()))
                .andExpect(flash().attribute("notice", "已合并。"));
        assertThat(view(b).mergedIntoId()).isEqualTo(a);
        mvc.perform(get("/demands/" + b).with(user(worker))).andExpect(content().string(containsString("已合并至")));
    }

    @Test
    void theTimelineReadsInEnglishToo() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long id = report(resident, "NOISE", "夜间施工");
        service.accept(id, Grade.GENERAL, null, null, worker);
        service.dispatch(id, Set.of(Party.PROPERTY), null, worker);
        service.reroute(id, Set.of(Party.POLICE), Set.of(Party.PROPERTY), "夜间扰民由民警处理", worker);
        mvc.perform(get("/demands/" + id).with(user(worker))).andExpect(status().isOk())
                .andExpect(content().string(containsString("增加 【社区民警】 撤回 【物业公司】：夜间扰民由民警处理")));
        mvc.perform(get("/demands/" + id).param("lang", "en").with(user(worker))).andExpect(status().isOk())
                .andExpect(content().string(containsString("Timeline")))
                .andExpect(content().string(containsString("Re-routed")))
                .andExpect(content().string(containsString("Police")));
    }

    // ---- lists and supervision ------------------------------------------------------------------------

    @Test
    void eachRoleSeesItsOwnInTheListsWithFilters() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long id = report(resident, "PARKING", "消防通道被占");
        String ref = view(id).refNo();
        mvc.perform(get("/my/demands").with(user(resident))).andExpect(status().isOk())
                .andExpect(content().string(containsString(ref)));
        mvc.perform(get("/my/demands").with(user(testPeople.freshResident()))).andExpect(status().isOk())
                .andExpect(content().string(not(containsString(ref)))).andExpect(content().string(containsString("id=\"none\"")));
        mvc.perform(get("/demands").param("ref", ref).with(user(worker))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"demand-" + id + "\"")))
                .andExpect(content().string(containsString("共 1 条")));
        mvc.perform(get("/demands").param("ref", ref).param("status", "OPEN").param("category", "PARKING")
                .param("colour", "GREEN").with(user(worker))).andExpect(content().string(containsString("共 1 条")));
        mvc.perform(get("/demands").param("ref", ref).param("status", "CLOSED").with(user(worker)))
                .andExpect(content().string(containsString("共 0 条")));
        mvc.perform(get("/demands").param("ref", ref).with(user(testPeople.user("property"))))
                .andExpect(content().string(containsString("共 0 条")));
        mvc.perform(get("/demands").param("status", "NONSENSE").with(user(worker))).andExpect(status().isOk())
                .andExpect(content().string(containsString("未知的状态")));
        mvc.perform(get("/demands").with(user(resident))).andExpect(status().isForbidden());
        // the grid filter: the viewer's grids indented by level, the chosen one selected, nothing outside the scope
        long micro = testPeople.firstMicroGrid();
        String name = grid.node(micro).orElseThrow().name();
        String page = mvc.perform(get("/demands").param("grid", String.valueOf(micro)).with(user(testPeople.user("community"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(page).containsPattern("<option value=\"" + micro
                + "\" selected=\"selected\">(\u3000)+" + java.util.regex.Pattern.quote(name) + "</option>");
        org.assertj.core.api.Assertions.assertThat(page).containsOnlyOnce("selected=\"selected\">\u3000");
        long total = queries.count(DemandQueries.Filter.all(), testPeople.user("community")).value();
        if (total > 20) {
            mvc.perform(get("/demands").with(user(testPeople.user("community"))))
                    .andExpect(content().string(containsString("after=")));
        }
    }

    @Test
    void theSupervisionButtonRecordsA督办AndAnswersWithTheNewCount() throws Exception {
        GridworkUser resident = testPeople.freshResident();
        GridworkUser worker = testPeople.user("worker");
        long id = report(resident, "GREENERY", "树枝挡住路灯");
        service.accept(id, Grade.GENERAL, null, null, worker);
        service.dispatch(id, Set.of(Party.PROPERTY), null, worker);
        mvc.perform(get("/supervision").with(user(testPeople.user("community")))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"counts\"")));
        mvc.perform(get("/supervision").with(user(worker))).andExpect(status().isForbidden());
        mvc.perform(post("/demands/" + id + "/supervise").with(csrf()).with(user(testPeople.user("community")))
                .header("HX-Request", "true")).andExpect(status().isOk())
                .andExpect(content().string(containsString("督办 1 次"))).andExpect(content().string(containsString("已督办")))
                .andExpect(content().string(not(containsString("<html"))));
        assertThat(view(id).supervisedCount()).isEqualTo(1);
        service.hold(id, "等待业委会", worker);
        mvc.perform(post("/demands/" + id + "/supervise").with(csrf()).with(user(testPeople.user("community")))
                .header("HX-Request", "true")).andExpect(status().isOk())
                .andExpect(content().string(containsString("暂停计时")));
        assertThat(view(id).supervisedCount()).isEqualTo(1);
    }
}
