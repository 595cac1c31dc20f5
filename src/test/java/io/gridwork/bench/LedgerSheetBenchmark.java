package io.gridwork.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;

import io.gridwork.shared.Workbooks;
import io.gridwork.shared.XlsxStream;

/**
 * The ledger's sheets without the database (issue 19): the cells of a district's week of one category (1,100 demands of
 * 24 columns, 2,300 timeline steps of 8), written by fastexcel as the ledger did until 2026-12-06 (values, inline
 * strings, a time format per page and column) and by {@link XlsxStream}, alternately in one run, into a stream that
 * counts the bytes. Outside the normal run (the bench package):
 * <pre>./mvnw -q -B test -Dtest=LedgerSheetBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class LedgerSheetBenchmark {

    static final int DEMANDS = 1_100;
    static final int STEPS = 2_300;
    static final int WARMUP = 40;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 60);
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

    @Test
    void run() throws IOException {
        List<Double> fast = new ArrayList<>();
        List<Double> lean = new ArrayList<>();
        long[] size = new long[2];
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            long a = System.nanoTime();
            size[0] = fastexcel();
            long b = System.nanoTime();
            size[1] = stream();
            long c = System.nanoTime();
            if (i >= WARMUP) {
                fast.add((b - a) / 1e6);
                lean.add((c - b) / 1e6);
            }
        }
        System.out.printf(Locale.ROOT, "ledger sheets (%d demands, %d steps), %d rounds: fastexcel median %.2f ms (%d bytes),"
                + " XlsxStream median %.2f ms (%d bytes), ratio %.2f%n", DEMANDS, STEPS, ROUNDS, median(fast), size[0],
                median(lean), size[1], median(fast) / median(lean));
    }

    private static long fastexcel() throws IOException {
        Counting out = new Counting();
        Workbook wb = Workbooks.open(out);
        Worksheet ws = wb.newWorksheet("需求");
        for (int c = 0; c < 24; c++) {
            ws.value(0, c, "列" + c);
            ws.style(0, c).bold().fillColor("EEF2F5").set();
        }
        for (int d = 0; d < DEMANDS; d++) {
            int row = d + 1;
            int c = 0;
            ws.value(row, c++, ref(d));
            ws.value(row, c++, LocalDateTime.ofInstant(at(d), ZONE));
            ws.value(row, c++, "小程序");
            ws.value(row, c++, "环境卫生");
            ws.value(row, c++, "一般");
            ws.inlineString(row, c++, "学府憬城 3栋2单元" + (1000 + d % 900));
            ws.inlineString(row, c++, description(d));
            ws.value(row, c++, "已办结");
            ws.value(row, c++, "物业公司");
            ws.value(row, c++, LocalDateTime.ofInstant(at(d).plusSeconds(14_400), ZONE));
            ws.value(row, c++, LocalDateTime.ofInstant(at(d).plusSeconds(3_600), ZONE));
            ws.value(row, c++, "是");
            ws.value(row, c++, LocalDateTime.ofInstant(at(d).plusSeconds(86_400), ZONE));
            ws.value(row, c++, LocalDateTime.ofInstant(at(d).plusSeconds(40_000), ZONE));
            ws.value(row, c++, "是");
            ws.value(row, c++, LocalDateTime.ofInstant(at(d).plusSeconds(50_000), ZONE));
            ws.value(row, c++, 5);
            ws.inlineString(row, c++, "处理及时");
            c += 2;
            ws.value(row, c++, 0);
            ws.value(row, c++, 0);
            ws.value(row, c++, "张**");
            ws.value(row, c, "138****0000");
            if (d % 500 == 499 || d == DEMANDS - 1) {
                for (int col : new int[] {1, 9, 10, 12, 13, 15}) {
                    ws.range(d - d % 500 + 1, col, d + 1, col).style().format("yyyy-mm-dd hh:mm").set();
                }
                ws.flush();
            }
        }
        ws.freezePane(1, 1);
        ws.setAutoFilter(0, 0, DEMANDS, 23);
        ws.finish();
        Worksheet steps = wb.newWorksheet("步骤");
        for (int s = 0; s < STEPS; s++) {
            int row = s + 1;
            steps.value(row, 0, ref(s / 2));
            steps.value(row, 1, s % 2 + 1);
            steps.value(row, 2, LocalDateTime.ofInstant(at(s / 2).plusSeconds(s % 2 * 3_600), ZONE));
            steps.value(row, 3, "王网格员");
            steps.value(row, 4, "受理");
            steps.value(row, 5, "已提交");
            steps.value(row, 6, "已受理");
            steps.inlineString(row, 7, "已安排人员上门查看");
        }
        steps.range(1, 2, STEPS, 2).style().format("yyyy-mm-dd hh:mm").set();
        steps.freezePane(2, 1);
        steps.finish();
        wb.finish();
        return out.count;
    }

    private static long stream() throws IOException {
        Counting out = new Counting();
        XlsxStream wb = new XlsxStream(out, ZONE);
        int[] widths = new int[24];
        java.util.Arrays.fill(widths, 12);
        XlsxStream.Sheet ws = wb.sheet("需求", widths, 1);
        List<String> headers = new ArrayList<>();
        for (int c = 0; c < 24; c++) {
            headers.add("列" + c);
        }
        ws.header(headers);
        for (int d = 0; d < DEMANDS; d++) {
            ws.row().label(ref(d)).time(at(d)).label("小程序").label("环境卫生").label("一般")
                    .text("学府憬城 3栋2单元" + (1000 + d % 900)).text(description(d)).label("已办结").label("物业公司")
                    .time(at(d).plusSeconds(14_400)).time(at(d).plusSeconds(3_600)).label("是")
                    .time(at(d).plusSeconds(86_400)).time(at(d).plusSeconds(40_000)).label("是")
                    .time(at(d).plusSeconds(50_000)).number(5).text("处理及时").text(null).text(null).number(0).number(0)
                    .text("张**").text("138****0000");
            if (d % 500 == 499) {
                ws.flush();
            }
        }
        ws.autoFilter();
        XlsxStream.Sheet steps = wb.sheet("步骤", new int[] {16, 6, 17, 14, 18, 10, 10, 60}, 2);
        steps.header(List.of("编号", "步", "时间", "人", "动作", "从", "到", "说明"));
        for (int s = 0; s < STEPS; s++) {
            steps.row().label(ref(s / 2)).number(s % 2 + 1).time(at(s / 2).plusSeconds(s % 2 * 3_600)).label("王网格员")
                    .label("受理").label("已提交").label("已受理").text("已安排人员上门查看");
        }
        wb.finish();
        return out.count;
    }

    private static String ref(int d) {
        return "GW-20261001-" + (10_000 + d);
    }

    private static Instant at(int d) {
        return T0.plusSeconds(d * 550L);
    }

    private static String description(int d) {
        return "楼道堆放杂物，影响通行，请尽快清理。第" + d + "号";
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Counts what is written and keeps none of it. */
    private static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
