package io.gridwork.golive.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublicAddressTests {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "NONE", value = {
        "NONE, WARN",
        "'', WARN",
        "http://localhost:8080, WARN",
        "http://127.0.0.1, WARN",
        "http://[::1]:8080, WARN",
        "not a url, WARN",
        "https://grid.example.gov.cn, DONE",
        "http://10.1.2.3:8080, DONE"})
    void postersNeedAnAddressResidentsCanReach(String base, GoLiveChecklist.State expected) {
        assertThat(new GoLiveChecklist(null, null, null, null, null, base).baseUrlState()).isEqualTo(expected);
    }
}
