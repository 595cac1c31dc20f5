package io.gridwork.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpreadsheetTextTests {

    @Test
    void textThatSpreadsheetsWouldRunAsAFormulaIsMadePlain() {
        assertThat(SpreadsheetText.neutral("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(SpreadsheetText.neutral("+1")).isEqualTo("'+1");
        assertThat(SpreadsheetText.neutral("-2+3")).isEqualTo("'-2+3");
        assertThat(SpreadsheetText.neutral("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetText.neutral("\t=1")).isEqualTo("'\t=1");
        assertThat(SpreadsheetText.neutral("\r=1")).isEqualTo("'\r=1");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        assertThat(SpreadsheetText.neutral("楼道灯坏了 = 不亮")).isEqualTo("楼道灯坏了 = 不亮");
        assertThat(SpreadsheetText.neutral("")).isEmpty();
        assertThat(SpreadsheetText.neutral(null)).isNull();
    }
}
