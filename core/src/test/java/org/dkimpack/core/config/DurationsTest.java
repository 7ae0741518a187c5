package org.dkimpack.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "5s,    PT5S",
        "30m,   PT30M",
        "12h,   PT12H",
        "7d,    PT168H",
        "2w,    PT336H",
        "' 7 D ', PT168H",
        "PT90S, PT1M30S",
    })
    void parseShouldReadANumberAndAUnit(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void parseShouldSayWhatItExpects() {
        assertThatThrownBy(() -> Durations.parse("a week"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a number and a unit (ms, s, m, h, d or w), such as 5s,"
                        + " 12h or 7d, got 'a week'");
    }

    @ParameterizedTest
    @CsvSource({"PT0.25S, 250ms", "PT45S, 45s", "PT2M, 2m", "PT12H, 12h", "PT168H, 7d"})
    void formatShouldWriteTheLargestExactUnit(String duration, String expected) {
        assertThat(Durations.format(Duration.parse(duration))).isEqualTo(expected);
    }
}
