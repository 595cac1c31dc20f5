package io.gridwork.lists.internal;

import java.io.IOException;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gridwork.campaign.CampaignEvents;
import io.gridwork.demand.Party;
import io.gridwork.grid.GridNode;
import io.gridwork.grid.HouseholdView;
import io.gridwork.lists.ListsApi;
import io.gridwork.shared.images.PhotoImages;
import io.gridwork.shared.security.GridworkUser;
import io.gridwork.shared.security.Role;
import io.gridwork.shared.storage.FileStore;
import io.gridwork.shared.web.ProblemException;

/**
 * The rectification list (整治清单): problems found by sweeps, by residents' "问题大家找" activities and by
 * workers, each with a responsible party, measures, a deadline, a status (overdue is shown, not stored)
 * and evidence photos; and the rectification rate (整改率) per grid and period.
 */
@Service
public class RectificationService {

    private static final Logger log = LoggerFactory.getLogger(RectificationService.class);

    public enum Source { SWEEP, RESIDENTS, WORKER }

    public enum Status { OPEN, IN_PROGRESS, RECTIFIED }

    /** What a list may be filtered on: the stored states and OVERDUE (open or in progress, past the deadline). */
    public enum Shown { OPEN, IN_PROGRESS, RECTIFIED, OVERDUE }

    public record NewItem(Long gridId, Long householdId, Source source, String title, String detail, Party party,
            String responsible, String measures, LocalDate deadline) {
    }

    /** A change of state; moving to IN_PROGRESS may set the plan, RECTIFIED needs a result and evidence. */
    public record Change(Status status, Party party, String responsible, String measures, LocalDate deadline, String note) {
    }

    public record Photo(long id, int width, int height, String uploadedBy, Instant uploadedAt) {
    }

    /**
     * An item. {@code address} is where the problem is (学府憬城 3栋2单元1201, or the building), for whoever may see
     * the item; {@code householdId}, {@code sourceKey} and {@code visitId} only for grid staff (see {@link #forViewer}).
     */
    public record Item(long id, long gridId, String gridName, Long householdId, Long buildingId, String address, Source source,
            String sourceKey, Long campaignId, Long visitId, List<Long> campaignPhotoIds, String title, String detail, Party party,
            String responsible, String measures, LocalDate deadline, Status status, boolean overdue, Shown shown,
            String resultNote, Instant foundAt, Instant rectifiedAt, String createdBy, List<Photo> photos) {

        /** The item as a viewer outside the grid staff reads it: no household id, no sweep key or visit. */
        Item withoutHousehold() {
            return new Item(id, gridId, gridName, null, buildingId, address, source, null, campaignId, null, campaignPhotoIds,
                    title, detail, party, responsible, measures, deadline, status, overdue, shown, resultNote, foundAt,
                    rectifiedAt, createdBy, photos);
        }

        /** Times in Asia/Shanghai, for pages. */
        public String foundTime() {
            return Places.minute(foundAt);
        }

        public String rectifiedTime() {
            return Places.minute(rectifiedAt);
        }
    }

    /** {@code after}: the position of the previous page's last item, or null for the newest items. */
    public record Filter(Long gridId, Set<Shown> status, Source source, Party party, LocalDate from, LocalDate to, String q,
            int limit, Long buildingId, After after) {

        public Filter(Long gridId, Set<Shown> status, Source source, Party party, LocalDate from, LocalDate to, String q,
                int limit) {
            this(gridId, status, source, party, from, to, q, limit, null, null);
        }
    }

    /**
     * A position in the list (newest found first): the items strictly after an item found at {@code foundAt} with
     * {@code id}. Written into a page's link as {@link #token()}; the scope and party rules apply to every page, so a
     * position reveals nothing.
     */
    public record After(Instant foundAt, long id) {

        public static After of(Item item) {
            return new After(item.foundAt(), item.id());
        }

        public String token() {
            return foundAt.getEpochSecond() + "." + foundAt.getNano() + "." + id;
        }

        /** The position of a token, null for none; 400 {@code invalid-cursor} for anything else. */
        public static After parse(String token) {
            if (token == null || token.isBlank()) {
                return null;
            }
            String[] parts = token.strip().split("\\.");
            try {
                if (parts.length == 3) {
                    return new After(Instant.ofEpochSecond(Long.parseLong(parts[0]), Integer.parseInt(parts[1])),
                            Long.parseLong(parts[2]));
                }
            } catch (RuntimeException e) {
                // refused below
            }
            throw ProblemException.badRequest("invalid-cursor",
                    "the position is not one this list wrote: start again from the newest items", Map.of("field", "after"));
        }
    }

    /** Problems found in the period and, of those, rectified by its end; rate null when none were found. */
    public record Rate(long gridId, String name, String level, long found, long rectified, Double rate) {
    }

    public record Rates(long gridId, String gridName, LocalDate from, LocalDate to, Rate total, List<Rate> grids) {
    }

    public record Upload(String name, byte[] content) {
    }

    static final int MAX_PHOTOS = 9;

    private final JdbcClient jdbc;
    private final Places places;
    private final PhotoImages photos;
    private final FileStore files;
    private final RectificationRollup rollup;

    RectificationService(JdbcClient jdbc, Places places, PhotoImages photos, FileStore files, RectificationRollup rollup) {
        this.jdbc = jdbc;
        this.rollup = rollup;
        this.places = places;
        this.photos = photos;
        this.files = files;
    }

    @Transactional
    public Item create(NewItem in, GridworkUser user) {
        if (in == null) {
            throw ProblemException.badRequest("body-required", "send the item as JSON");
        }
        String title = Places.text(in.title(), "title", 200, true);
        String detail = Places.text(in.detail(), "detail", 2000, false);
        String responsible = Places.text(in.responsible(), "responsible", 200, false);
        String measures = Places.text(in.measures(), "measures", 2000, false);
        Source source = in.source() != null ? in.source() : Source.WORKER;
        if (source == Source.SWEEP) {
            throw ProblemException.badRequest("invalid-source", "sweep items arrive from the campaign module",
                    Map.of("field", "source"));
        }
        if (in.deadline() != null && in.deadline().isBefore(Places.today())) {
            throw ProblemException.badRequest("deadline-in-past", "the deadline lies in the past", Map.of("field", "deadline"));
        }
        GridNode grid = in.gridId() != null ? places.gridInScope(in.gridId(), user, "gridId") : null;
        Long buildingId = null;
        if (in.householdId() != null) {
            HouseholdView h = places.householdInScope(in.householdId(), user);
            buildingId = h.buildingId();
            if (grid == null) {
                grid = places.node(h.microGridId());
            } else if (!h.microGridPath().startsWith(grid.path())) {
                throw ProblemException.badRequest("household-outside-grid",
                        "household " + h.id() + " does not belong to grid " + grid.id(), Map.of("field", "householdId"));
            }
        }
        if (grid == null) {
            throw ProblemException.badRequest("field-required", "gridId is required", Map.of("field", "gridId"));
        }
        long id = insert(grid, in.householdId(), buildingId, source, null, null, null, List.of(), title, detail, in.party(),
                responsible, measures, in.deadline(), Instant.now(), user.accountId(), user.displayName());
        return get(id, user);
    }

    /**
     * A hazard found on a sweep becomes an item once: a redelivered event (same source key) adds nothing.
     * Returns the item's id, and whether it was created now.
     */
    @Transactional
    public Optional<Long> fromHazard(CampaignEvents.HazardFound e) {
        Optional<Long> existing = jdbc.sql("select id from rectification_item where source_key = ?").param(e.sourceKey())
                .query(Long.class).optional();
        if (existing.isPresent()) {
            log.debug("hazard {} is already item {}", e.sourceKey(), existing.get());
            return Optional.empty();
        }
        Long gridId = e.microGridId() != null ? e.microGridId() : e.communityId();
        Optional<GridNode> grid = places.find(gridId);
        if (grid.isEmpty()) {
            log.warn("hazard {} names grid {} which does not exist; not listed", e.sourceKey(), gridId);
            return Optional.empty();
        }
        String title = e.title() == null || e.title().isBlank() ? "隐患" : truncate(e.title().strip(), 200);
        long id = insert(grid.get(), e.householdId(), e.buildingId(), Source.SWEEP, e.sourceKey(), e.campaignId(), e.visitId(),
                e.photoIds() == null ? List.of() : e.photoIds(), title, e.detail() == null ? null : truncate(e.detail(), 2000),
                null, null, null, null, e.at() != null ? e.at() : Instant.now(), e.recordedByAccountId(), "巡查");
        return Optional.of(id);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private long insert(GridNode grid, Long householdId, Long buildingId, Source source, String sourceKey, Long campaignId,
            Long visitId, List<Long> campaignPhotos, String title, String detail, Party party, String responsible,
            String measures, LocalDate deadline, Instant foundAt, long byId, String byName) {
        // as stored (microseconds), so that the day counted is the day stored
        foundAt = foundAt.truncatedTo(ChronoUnit.MICROS);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into rectification_item (grid_id, grid_path, household_id, building_id, source, source_key, campaign_id,
                    visit_id, campaign_photo_ids, title, detail, party, responsible, measures, deadline, found_at,
                    created_by_id, created_by_name)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(grid.id(), grid.path(), householdId, buildingId, source.name(), sourceKey, campaignId, visitId,
                        campaignPhotos.isEmpty() ? null : String.join(",", campaignPhotos.stream().map(String::valueOf).toList()),
                        title, detail, party == null ? null : party.name(), responsible, measures,
                        deadline == null ? null : java.sql.Date.valueOf(deadline), Places.ts(foundAt), byId, byName)
                .update(keys, "id");
        rollup.found(grid.path(), foundAt);
        return keys.getKey().longValue();
    }

    /**
     * Who sees which items (need-to-know): grid staff of the register (worker, leader, compound leader, community and
     * street staff, admin) every item in their grids, with the household; the property company, owners committee,
     * party branch and the service team only the items assigned to their own party in their grids, with the address
     * they must go to but no household id; everyone sees the rate (counts per grid). An item outside the viewer's
     * reach is answered as one that does not exist.
     */
    public static boolean seesAllItems(GridworkUser user) {
        return user.isAdmin() || user.roles().stream().anyMatch(r -> r == Role.GRID_WORKER || r == Role.GRID_LEADER
                || r == Role.COMPOUND_LEADER || r == Role.COMMUNITY_STAFF || r == Role.STREET_STAFF);
    }

    static boolean mayView(Item item, String gridPath, GridworkUser user) {
        if (!user.covers(gridPath)) {
            return false;
        }
        return seesAllItems(user) || item.party() != null && Party.ownedBy(user).contains(item.party());
    }

    /** The item as this viewer reads it. */
    static Item forViewer(Item item, GridworkUser user) {
        return seesAllItems(user) ? item : item.withoutHousehold();
    }

    public Item get(long id, GridworkUser user) {
        Item item = find(id).orElseThrow(() -> ProblemException.notFound("rectification item", id));
        if (!mayView(item, path(id), user)) {
            throw ProblemException.outOfReach("rectification item", id);
        }
        return forViewer(item, user);
    }

    private String path(long id) {
        return jdbc.sql("select grid_path from rectification_item where id = ?").param(id).query(String.class).single();
    }

    public Optional<Item> find(long id) {
        return jdbc.sql(SELECT + " where r.id = ?").param(id).query(this::item).optional().map(this::withPhotos);
    }

    private Item withPhotos(Item i) {
        List<Photo> list = jdbc.sql("select id, width, height, uploaded_by, uploaded_at from rectification_photo where item_id = ? order by id")
                .param(i.id()).query((rs, n) -> new Photo(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                        Places.instant(rs.getTimestamp(5)))).list();
        return new Item(i.id(), i.gridId(), i.gridName(), i.householdId(), i.buildingId(), i.address(), i.source(), i.sourceKey(),
                i.campaignId(), i.visitId(), i.campaignPhotoIds(), i.title(), i.detail(), i.party(), i.responsible(),
                i.measures(), i.deadline(), i.status(), i.overdue(), i.shown(), i.resultNote(), i.foundAt(), i.rectifiedAt(),
                i.createdBy(), list);
    }

    /**
     * The items with their addresses: the household's room and unit and the building's compound and number are read
     * from the grid tables in the same query (a facade call per row would not hold for a 10,000-row export).
     */
    private static final String COLUMNS = """
            select r.id, r.grid_id, r.household_id, r.building_id, r.source, r.source_key, r.campaign_id, r.visit_id,
                   r.campaign_photo_ids, r.title, r.detail, r.party, r.responsible, r.measures, r.deadline, r.status,
                   r.result_note, r.found_at, r.rectified_at, r.created_by_name,
                   cp.name as compound_name, b.number as building_number, u.number as unit_number, hh.room as room
            """;
    /** Where an item is in words: its household's or its building's address. */
    private static final String PLACES = """
              left join v_grid_household hh on hh.id = r.household_id
              left join v_grid_unit u on u.id = hh.unit_id
              left join v_grid_building b on b.id = coalesce(r.building_id, u.building_id)
              left join v_grid_node cp on cp.id = b.compound_id""";
    private static final String SELECT = COLUMNS + " from rectification_item r\n" + PLACES;

    /** 学府憬城 3栋2单元1201 (a household), 学府憬城 3栋 (a building), or null (a grid). */
    static String address(String compound, String building, String unit, String room) {
        if (compound == null || building == null) {
            return null;
        }
        String place = compound + " " + building + "栋";
        return unit == null || room == null ? place : place + unit + "单元" + room;
    }

    private Item item(ResultSet rs, int n) throws SQLException {
        long gridId = rs.getLong("grid_id");
        Status status = Status.valueOf(rs.getString("status"));
        LocalDate deadline = rs.getDate("deadline") == null ? null : rs.getDate("deadline").toLocalDate();
        boolean overdue = status != Status.RECTIFIED && deadline != null && deadline.isBefore(Places.today());
        String photoIds = rs.getString("campaign_photo_ids");
        String party = rs.getString("party");
        return new Item(rs.getLong("id"), gridId, places.name(gridId),
                rs.getObject("household_id", Long.class), rs.getObject("building_id", Long.class),
                address(rs.getString("compound_name"), rs.getString("building_number"), rs.getString("unit_number"),
                        rs.getString("room")),
                Source.valueOf(rs.getString("source")), rs.getString("source_key"), rs.getObject("campaign_id", Long.class),
                rs.getObject("visit_id", Long.class),
                photoIds == null ? List.of() : Arrays.stream(photoIds.split(",")).map(Long::valueOf).toList(),
                rs.getString("title"), rs.getString("detail"), party == null ? null : Party.valueOf(party),
                rs.getString("responsible"), rs.getString("measures"), deadline, status, overdue,
                overdue ? Shown.OVERDUE : Shown.valueOf(status.name()), rs.getString("result_note"),
                Places.instant(rs.getTimestamp("found_at")), Places.instant(rs.getTimestamp("rectified_at")),
                rs.getString("created_by_name"), List.of());
    }

    public List<Item> list(Filter f, GridworkUser user) {
        Places.period(f.from(), f.to());
        GridNode chosen = f.gridId() == null ? null : places.gridInScope(f.gridId(), user, "gridId");
        // the page is chosen from the items alone, then placed: joined first, a city's items were all placed to show 20
        // (issue 19); a building's items are chosen by the place itself
        boolean byBuilding = f.buildingId() != null;
        StringBuilder sql = new StringBuilder(byBuilding ? SELECT + " where 1 = 1" : "select * from rectification_item r where 1 = 1");
        List<Object> params = new ArrayList<>();
        Places.scope(sql, params, chosen, user);
        if (!seesAllItems(user)) {
            // a party's own items only
            List<String> mine = Party.ownedBy(user).stream().map(Party::name).sorted().toList();
            if (mine.isEmpty()) {
                sql.append(" and 1 = 0");
            } else {
                sql.append(" and r.party in (").append(String.join(", ", mine.stream().map(p -> "?").toList())).append(")");
                params.addAll(mine);
            }
        }
        if (f.status() != null && !f.status().isEmpty()) {
            List<String> or = new ArrayList<>();
            java.sql.Date today = java.sql.Date.valueOf(Places.today());
            for (Shown s : f.status()) {
                switch (s) {
                    case RECTIFIED -> or.add("r.status = 'RECTIFIED'");
                    case OVERDUE -> {
                        or.add("(r.status <> 'RECTIFIED' and r.deadline < ?)");
                        params.add(today);
                    }
                    default -> {
                        or.add("(r.status = ? and (r.deadline is null or r.deadline >= ?))");
                        params.add(s.name());
                        params.add(today);
                    }
                }
            }
            sql.append(" and (").append(String.join(" or ", or)).append(")");
        }
        if (f.source() != null) {
            sql.append(" and r.source = ?");
            params.add(f.source().name());
        }
        if (f.party() != null) {
            sql.append(" and r.party = ?");
            params.add(f.party().name());
        }
        if (f.buildingId() != null) {
            // the item's building, or its household's
            sql.append(" and b.id = ?");
            params.add(f.buildingId());
        }
        Places.appendDays(sql, params, "r.found_at", f.from(), f.to());
        Places.appendSearch(sql, params, f.q(), "r.title", "r.detail");
        if (f.after() != null) {
            java.sql.Timestamp at = java.sql.Timestamp.from(f.after().foundAt());
            sql.append(" and (r.found_at < ? or (r.found_at = ? and r.id < ?))");
            params.addAll(List.of(at, at, f.after().id()));
        }
        sql.append(" order by r.found_at desc, r.id desc limit ").append(Math.max(1, Math.min(f.limit(), 10_000)));
        String query = byBuilding ? sql.toString()
                : COLUMNS + " from (" + sql + ") r\n" + PLACES + " order by r.found_at desc, r.id desc";
        return jdbc.sql(query).params(params).query(this::item).list().stream().map(i -> forViewer(i, user)).toList();
    }

    /** Whether the user may act on the item: grid staff on any, a party's own role on its items. */
    public static boolean mayAct(Item item, GridworkUser user) {
        if (seesAllItems(user)) {
            return true;
        }
        return item.party() != null && Party.ownedBy(user).contains(item.party());
    }

    static void requireActor(Item item, GridworkUser user) {
        if (!mayAct(item, user)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "not-your-item",
                    "only grid staff or the responsible party (" + item.party() + ") may act on item " + item.id());
        }
    }

    @Transactional
    public Item change(long id, Change c, List<Upload> uploads, GridworkUser user) {
        if (c == null) {
            throw ProblemException.badRequest("body-required", "send the change as JSON");
        }
        Places.require(c.status(), "status");
        String responsible = Places.text(c.responsible(), "responsible", 200, false);
        String measures = Places.text(c.measures(), "measures", 2000, false);
        String note = Places.text(c.note(), "note", 2000, false);
        if (c.deadline() != null && c.deadline().isBefore(Places.today())) {
            throw ProblemException.badRequest("deadline-in-past", "the deadline lies in the past", Map.of("field", "deadline"));
        }
        Item item = get(id, user);
        requireActor(item, user);
        if (c.party() != null && c.party() != item.party() && !seesAllItems(user)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "reassign-staff-only",
                    "only grid staff assign item " + id + " to another party", Map.of("field", "party"));
        }
        boolean legal = switch (item.status()) {
            case OPEN -> c.status() == Status.IN_PROGRESS || c.status() == Status.RECTIFIED;
            case IN_PROGRESS -> c.status() == Status.RECTIFIED;
            case RECTIFIED -> false;
        };
        if (!legal) {
            throw new ProblemException(HttpStatus.CONFLICT, "illegal-transition",
                    "an item that is " + item.status() + " cannot become " + c.status(), Map.of("status", item.status().name()));
        }
        Party party = c.party() != null ? c.party() : item.party();
        String newMeasures = measures != null ? measures : item.measures();
        LocalDate deadline = c.deadline() != null ? c.deadline() : item.deadline();
        String newResponsible = responsible != null ? responsible : item.responsible();
        if (c.status() == Status.IN_PROGRESS && (newMeasures == null || deadline == null)) {
            throw ProblemException.badRequest("plan-required", "say the measures and the deadline before work starts",
                    Map.of("field", newMeasures == null ? "measures" : "deadline"));
        }
        if (c.status() == Status.RECTIFIED) {
            if (note == null) {
                throw ProblemException.badRequest("field-required", "note is required: say what was done", Map.of("field", "note"));
            }
            if (item.photos().isEmpty() && (uploads == null || uploads.isEmpty())) {
                throw ProblemException.badRequest("evidence-required", "add at least one photo of the result",
                        Map.of("field", "photos"));
            }
        }
        List<String> stored = new ArrayList<>();
        try {
            if (uploads != null && !uploads.isEmpty()) {
                stored.addAll(store(item, uploads, user));
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            int changed = jdbc.sql("""
                    update rectification_item set status = ?, party = ?, responsible = ?, measures = ?, deadline = ?,
                           result_note = coalesce(?, result_note), rectified_at = ?, updated_at = ?, version = version + 1
                     where id = ? and status = ?""")
                    .params(c.status().name(), party == null ? null : party.name(), newResponsible, newMeasures,
                            deadline == null ? null : java.sql.Date.valueOf(deadline), note,
                            c.status() == Status.RECTIFIED ? Places.ts(now) : null, Places.ts(now), id, item.status().name())
                    .update();
            if (changed == 0) {
                throw ProblemException.conflict("concurrent-change", "the item was changed meanwhile; reload");
            }
            if (c.status() == Status.RECTIFIED) {
                rollup.rectified(path(id), item.foundAt(), now);
            }
        } catch (RuntimeException e) {
            deleteQuietly(stored);
            throw e;
        }
        return get(id, user);
    }

    /** Adds evidence photos to an item that is not yet rectified. */
    @Transactional
    public Item addPhotos(long id, List<Upload> uploads, GridworkUser user) {
        if (uploads == null || uploads.isEmpty()) {
            throw ProblemException.badRequest("photos-required", "send at least one photo (field: photos)",
                    Map.of("field", "photos"));
        }
        Item item = get(id, user);
        requireActor(item, user);
        if (item.status() == Status.RECTIFIED) {
            throw new ProblemException(HttpStatus.CONFLICT, "illegal-transition", "item " + id + " is already rectified",
                    Map.of("status", item.status().name()));
        }
        store(item, uploads, user);
        return get(id, user);
    }

    private List<String> store(Item item, List<Upload> uploads, GridworkUser user) {
        if (item.photos().size() + uploads.size() > MAX_PHOTOS) {
            throw ProblemException.badRequest("too-many-photos", "an item keeps at most " + MAX_PHOTOS + " photos",
                    Map.of("field", "photos"));
        }
        List<PhotoImages.Processed> kept = new ArrayList<>();
        for (Upload u : uploads) {
            kept.add(photos.process(u.content(), u.name() == null ? "photo" : u.name()));
        }
        List<String> keys = new ArrayList<>();
        try {
            for (PhotoImages.Processed k : kept) {
                String key = "rectification/" + item.id() + "/" + UUID.randomUUID() + ".jpg";
                files.put(key, k.jpeg());
                keys.add(key);
                jdbc.sql("insert into rectification_photo (item_id, file_key, width, height, uploaded_by) values (?, ?, ?, ?, ?)")
                        .params(item.id(), key, k.width(), k.height(), user.displayName()).update();
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(keys);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot store a photo", e);
        }
        return keys;
    }

    private void deleteQuietly(List<String> keys) {
        for (String key : keys) {
            try {
                files.delete(key);
            } catch (IOException e) {
                log.warn("could not remove {} after a failed change", key, e);
            }
        }
    }

    /**
     * A photo taken on the sweep that found the item (served by the campaign module), for whoever may see the item:
     * the party it is assigned to sees what the visitor saw. Only the item's own photos; anything else is not found.
     */
    public Item sweepPhotoItem(long itemId, long photoId, GridworkUser user) {
        Item item = get(itemId, user);
        if (!item.campaignPhotoIds().contains(photoId)) {
            throw ProblemException.notFound("photo", photoId);
        }
        return item;
    }

    /** The photo's content, after checking the item is in the user's reach. */
    public InputStream photo(long itemId, long photoId, GridworkUser user) throws IOException {
        get(itemId, user);
        String key = jdbc.sql("select file_key from rectification_photo where id = ? and item_id = ?").params(photoId, itemId)
                .query(String.class).optional().orElseThrow(() -> ProblemException.notFound("photo", photoId));
        return files.open(key).orElseThrow(() -> ProblemException.notFound("photo", photoId));
    }

    /**
     * The rectification rate (整改率 = problems rectified / problems found) of a grid's subtree and of each
     * of its children: problems found in [from, to] (by found_at, Asia/Shanghai days) and, of those, the
     * ones rectified before the end of {@code to}.
     */
    public Rates rates(Long gridId, LocalDate from, LocalDate to, GridworkUser user) {
        GridNode grid = places.gridInScope(gridId, user, "gridId");
        LocalDate start = from != null ? from : Places.today().withDayOfMonth(1);
        LocalDate end = to != null ? to : Places.today();
        Places.period(start, end);
        List<GridNode> kids = places.children(grid.id());
        List<Long> ids = new ArrayList<>(List.of(grid.id()));
        kids.forEach(k -> ids.add(k.id()));
        ListsApi.RectificationDays days = rollup.days(ids, start, end);
        List<Rate> children = new ArrayList<>();
        for (GridNode k : kids) {
            ListsApi.RectificationCount c = days.count(k.id(), start, end);
            children.add(rate(k, c.found(), c.rectified()));
        }
        ListsApi.RectificationCount total = days.count(grid.id(), start, end);
        return new Rates(grid.id(), grid.name(), start, end, rate(grid, total.found(), total.rectified()), children);
    }

    private static Rate rate(GridNode g, long found, long rectified) {
        return new Rate(g.id(), g.name(), g.level().name(), found, rectified, found == 0 ? null : (double) rectified / found);
    }
}
