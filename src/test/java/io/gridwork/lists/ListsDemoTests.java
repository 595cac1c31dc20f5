package io.gridwork.lists;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.gridwork.support.GridworkTest;

/** The demo seeds routine work and the lists through {@link ListsApi}: every state of an item is there to see. */
@GridworkTest
class ListsDemoTests {

    @Autowired
    JdbcClient jdbc;

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void theDemoHasRoutineWorkNeedsResourcesAndItemsInEveryState() {
        assertThat(count("select count(*) from routine_entry where kind = 'INFO_COLLECTION' and summary = '入户核实家庭成员、联系电话和居住状态'"))
                .isGreaterThanOrEqualTo(8);
        assertThat(count("select count(*) from routine_entry where kind = 'MEDIATION' and agreement_reached = false"))
                .isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from need_item where source = 'OPINION' and title = '增设电动自行车集中充电桩'"))
                .isEqualTo(1);
        assertThat(count("select count(*) from resource_item where name = '王师傅（水电维修）' and phone_mask = '138****1111'"))
                .isEqualTo(1);
        assertThat(count("select count(*) from resource_item where phone_enc like '%13800001111%'")).isZero();
        assertThat(count("""
                select count(*) from rectification_item r where r.title = '消防通道堆放杂物' and r.status = 'RECTIFIED'
                   and exists (select 1 from rectification_photo p where p.item_id = r.id)""")).isEqualTo(1);
        assertThat(count("select count(*) from rectification_item where title = '楼道内电动自行车充电' and status = 'IN_PROGRESS'"))
                .isEqualTo(1);
    }
}
