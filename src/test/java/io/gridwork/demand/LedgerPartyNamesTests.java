package io.gridwork.demand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The print view and the ledger name every responsible party in words (the tour saw ??ledger.party.LAWYER_zh_CN??). */
class LedgerPartyNamesTests {

    @Test
    void everyPartyHasALedgerNameInBothLanguages() throws IOException {
        for (String file : new String[] {"/messages.properties", "/messages_en.properties"}) {
            Properties texts = new Properties();
            try (Reader in = new InputStreamReader(getClass().getResourceAsStream(file), StandardCharsets.UTF_8)) {
                texts.load(in);
            }
            for (Party party : Party.values()) {
                assertThat(texts.getProperty("ledger.party." + party.name())).as(file + " ledger.party." + party).isNotBlank();
            }
        }
    }
}
