package io.gridwork.demand.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.gridwork.demand.Channel;
import io.gridwork.demand.DemandApi;
import io.gridwork.demand.Grade;
import io.gridwork.demand.Party;
import io.gridwork.shared.security.GridworkUser;

/**
 * The demo's year of demands: each demand lives its life through the real commands (submit, accept, dispatch,
 * start, complete, confirm, rate; reject, resolve on the spot, verify, hold, supervise), replayed at the times it
 * would have happened ({@link Demand#replayAt}), so that the timeline, the deadlines and the measures are what the
 * loop itself records. The last days leave demands open in every state; those past their limits are yellow or red
 * when the deadline scan next runs. Deterministic for a seed.
 */
@Component
class DemandHistory {

    private static final Logger log = LoggerFactory.getLogger(DemandHistory.class);

    /** What residents say, per category (the category's default party handles it). */
    private static final List<String[]> SAYINGS = List.of(
            new String[] {"WATER_LEAK", "楼上卫生间漏水，我家天花板在滴水", "单元楼道的水管接头漏水，地面一直湿滑"},
            new String[] {"NOISE", "楼上每天晚上十一点后还在拖动家具", "小区广场舞音响声音太大，影响老人休息"},
            new String[] {"HYGIENE", "垃圾分类点的厨余垃圾桶满了没人清运", "楼道里堆放的杂物散发异味"},
            new String[] {"GREENERY", "中心花园的树枝挡住了路灯", "草坪枯黄一大片，希望补种"},
            new String[] {"PARKING", "消防通道被私家车长期占用", "地面车位划线不清，经常停车纠纷"},
            new String[] {"FACILITIES", "单元门禁坏了，刷卡打不开", "儿童游乐区的滑梯螺丝松动"},
            new String[] {"LIFT", "电梯运行时有异响，门关得很慢", "电梯按钮失灵，到不了十二楼"},
            new String[] {"SAFETY_HAZARD", "地下车库有人私拉电线给电瓶车充电", "楼顶护栏锈蚀松动"},
            new String[] {"NEIGHBOUR_DISPUTE", "邻居在公共过道堆放鞋柜，协商未果", "楼上空调外机滴水到我家阳台"},
            new String[] {"DOGS", "有人遛狗不牵绳，孩子被吓到", "草坪上狗粪便没人清理"},
            new String[] {"THROWN_OBJECTS", "有人从高处扔下烟头和果皮", "楼下发现从高处掉落的花盆碎片"},
            new String[] {"EBIKE_IN_LIFT", "有人把电瓶车推进电梯上楼", "电梯里经常有电瓶车，存在安全隐患"},
            new String[] {"FACILITIES", "路灯不亮，晚上回家很黑", "单元信报箱门掉了"});

    private final DemandService service;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    /** How many of the last days' demands were seeded so far: each takes the next open state in turn. */
    private int recent;

    DemandHistory(DemandService service, JdbcClient jdbc, TransactionTemplate tx) {
        this.service = service;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    boolean anySubmittedBefore(Instant at) {
        return jdbc.sql("select count(*) from demand where submitted_at < ?").param(java.sql.Timestamp.from(at))
                .query(Long.class).single() > 0;
    }

    /** Seeds about {@code days} days of demands; returns how many were seeded. */
    int seed(DemandApi.HistoryCast cast, int days, long seed) {
        Random random = new Random(seed);
        Instant now = Instant.now();
        int count = 0;
        for (int day = days; day >= 0; day--) {
            int today = day == 0 ? 4 : random.nextInt(3) == 0 ? 2 : 1; // a few a day, more today
            for (int k = 0; k < today; k++) {
                Instant at = now.minus(Duration.ofDays(day)).minus(Duration.ofMinutes(30 + random.nextInt(day == 0 ? 240 : 600)));
                int age = day;
                try {
                    tx.executeWithoutResult(s -> {
                        try {
                            live(cast, random, at, age);
                        } catch (NotYet rest) {
                            // the rest of this demand's life is still to come
                        }
                    });
                    count++;
                } catch (RuntimeException e) {
                    log.warn("Demo demand history: a demand of {} was not replayed: {}", at, e.getMessage());
                }
            }
        }
        log.info("Demo demand history: {} demands over {} days", count, days);
        return count;
    }

    /** One demand's life from {@code at}: the older it is, the further it got. */
    private void live(DemandApi.HistoryCast cast, Random random, Instant at, int age) {
        String[] saying = SAYINGS.get(random.nextInt(SAYINGS.size()));
        String text = saying[1 + random.nextInt(saying.length - 1)];
        // without residents in the cast (a micro-grid whose residents have no accounts) staff enter every demand
        boolean byResident = !cast.residents().isEmpty() && random.nextInt(3) > 0;
        GridworkUser reporter = byResident ? cast.residents().get(random.nextInt(cast.residents().size())) : cast.worker();
        long building = cast.buildingIds().get(random.nextInt(cast.buildingIds().size()));
        Channel channel = byResident ? (random.nextBoolean() ? Channel.QR : Channel.APP)
                : List.of(Channel.VISIT, Channel.WECHAT_GROUP, Channel.STATION).get(random.nextInt(3));
        long[] id = new long[1];
        DemandClock.replayAt(at, () -> id[0] = service.submit(new DemandService.Submission(saying[0], text, null, null,
                byResident ? null : building, null, null, null, null, false, channel,
                byResident ? null : List.of("林阿姨", "王先生", "张大爷", "陈女士").get(random.nextInt(4)), null),
                reporter, null).id());
        long demand = id[0];
        // the last days: one demand after another in each open state, in turn
        int phase = age <= 2 ? recent++ % 6 : -1;
        int roll = random.nextInt(100);
        if (phase == 0) {
            return; // reported, not yet taken up (past the 4 hours when it is a day old)
        }
        Instant t = at.plus(Duration.ofMinutes(15 + random.nextInt(age == 0 ? 60 : 200)));
        if (phase < 0 && roll >= 95) {
            step(t, () -> service.reject(demand, "不属于社区受理范围，已告知反映人拨打 12345", cast.worker()));
            return;
        }
        if (phase < 0 && roll >= 85) {
            step(t, () -> service.resolveOnSpot(demand, "网格员到场当即处理", cast.worker()));
            closeOrRate(cast, random, reporter, byResident, demand, t.plus(Duration.ofHours(2 + random.nextInt(20))));
            return;
        }
        Grade grade = random.nextInt(5) == 0 ? Grade.MEDIUM : Grade.GENERAL;
        step(t, () -> service.accept(demand, grade, null, null, cast.worker()));
        if (phase == 1) {
            return; // accepted, not yet dispatched
        }
        Set<Party> parties = jdbc.sql("select default_party from demand_category where code = ? and community_id is null")
                .param(saying[0]).query(String.class).optional().map(Party::valueOf).map(EnumSet::of)
                .orElse(EnumSet.of(Party.GRID));
        Party party = parties.iterator().next();
        GridworkUser handler = party == Party.PROPERTY ? cast.property() : cast.worker();
        Instant dispatched = t.plus(Duration.ofMinutes(5 + random.nextInt(30)));
        step(dispatched, () -> service.dispatch(demand, parties, null, cast.worker()));
        if (phase == 2) {
            return; // waiting for its party (yellow or red once its limits pass)
        }
        if (phase == 3) {
            step(dispatched.plus(Duration.ofHours(3)), () -> service.supervise(demand, "请抓紧处理并回复居民", cast.community()));
            return;
        }
        long assignment = jdbc.sql("select id from demand_assignment where demand_id = ? and party = ?")
                .params(demand, party.name()).query(Long.class).single();
        Instant started = dispatched.plus(Duration.ofMinutes(20 + random.nextInt(240)));
        step(started, () -> service.startAssignment(demand, assignment, "已安排人员上门查看", handler));
        if (phase == 5) {
            step(started.plus(Duration.ofMinutes(30)), () -> service.hold(demand, "等待配件到货", handler));
        }
        if (phase >= 4) {
            return; // in progress, or on hold
        }
        // most within the day; one in eight late
        Instant done = started.plus(Duration.ofHours(random.nextInt(8) == 0 ? 26 + random.nextInt(30) : 1 + random.nextInt(12)));
        step(done, () -> service.completeAssignment(demand, assignment, "已处理完毕，现场已恢复", handler));
        closeOrRate(cast, random, reporter, byResident, demand, done.plus(Duration.ofHours(1 + random.nextInt(30))));
    }

    private void closeOrRate(DemandApi.HistoryCast cast, Random random, GridworkUser reporter, boolean byResident, long demand,
            Instant when) {
        if (!byResident) {
            step(when, () -> service.verify(demand, "电话回访，反映人表示满意", cast.worker()));
            return;
        }
        step(when, () -> service.confirm(demand, null, reporter));
        if (random.nextInt(5) > 0) {
            int stars = List.of(5, 5, 5, 4, 4, 3, 2).get(random.nextInt(7));
            step(when.plus(Duration.ofMinutes(5)), () -> service.rate(demand, stars,
                    stars >= 4 ? "处理及时，谢谢网格员" : "解决了，但等得有点久", reporter));
        }
    }

    /** Runs a command at its time, or ends the replay of this demand when that time has not come yet. */
    private static void step(Instant at, Runnable command) {
        if (at.isAfter(Instant.now())) {
            throw new NotYet();
        }
        DemandClock.replayAt(at, command);
    }

    private static final class NotYet extends RuntimeException {
        NotYet() {
            super(null, null, false, false);
        }
    }
}
