package io.gridwork.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import io.gridwork.shared.Masking;

class IdCardNumberTests {

    @Test
    void acceptsTheStandardsOwnExample() {
        // GB 11643-1999 annex example: 11010519491231002X
        assertThat(IdCardNumber.problem("11010519491231002X")).isNull();
        assertThat(IdCardNumber.problem("11010519491231002x")).as("lower-case x").isNull();
        assertThat(IdCardNumber.birthDate("11010519491231002X")).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(IdCardNumber.gender("11010519491231002X")).isEqualTo("F");
    }

    @Test
    void refusesAWrongCheckDigitWithAReason() {
        assertThat(IdCardNumber.problem("110105194912310021")).contains("check digit");
    }

    @Test
    void refusesWrongLengthLettersAndImpossibleDates() {
        assertThat(IdCardNumber.problem("1101051949123100")).contains("17 digits");
        assertThat(IdCardNumber.problem("11010519491231A02X")).contains("17 digits");
        String feb30 = "11010519490230002";
        assertThat(IdCardNumber.problem(feb30 + IdCardNumber.checkDigit(feb30))).contains("birth date");
        assertThat(IdCardNumber.problem("")).contains("empty");
    }

    @Test
    void computesCheckDigitsThatValidate() {
        String first17 = "51019919900101123";
        assertThat(IdCardNumber.isValid(first17 + IdCardNumber.checkDigit(first17))).isTrue();
    }

    @Test
    void masksIdCardsPhonesAndNames() {
        assertThat(Masking.idCard("510104199001011234")).isEqualTo("5101**********1234");
        assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.name("张三丰")).isEqualTo("张*丰");
        assertThat(Masking.name("李四")).isEqualTo("李*");
    }

    @Test
    void validatesPhoneNumbers() {
        assertThat(PhoneNumber.problem("13812345678")).isNull();
        assertThat(PhoneNumber.problem("+86 138-1234-5678")).isNull();
        assertThat(PhoneNumber.problem("02887654321")).isNull();
        assertThat(PhoneNumber.problem("12345")).isNotNull();
    }
}
