package dev.pacer.autodeployer.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagPolicyTest {
  static TagPolicy semver(String range) {
    return TagPolicy.of("semver", range, null, null, List.of());
  }

  @Test
  void semverTakesTheVersionsInItsRangeAndNewerIsHigher() {
    TagPolicy p = semver("^2.3");
    assertThat(p.refuses("2.3.1")).isNull();
    assertThat(p.refuses("2.4.0")).isNull();
    assertThat(p.refuses("v2.3.5")).isNull();
    assertThat(p.refuses("3.0.0")).isEqualTo("3.0.0 is outside the range ^2.3");
    assertThat(p.refuses("latest")).isEqualTo("latest is not a semantic version (policy semver)");
    // pre-releases only when the range names one (npm's rule)
    assertThat(p.refuses("2.4.0-beta")).isEqualTo("2.4.0-beta is outside the range ^2.3");
    assertThat(semver("^2.3.0-rc.1").refuses("2.3.0-rc.2")).isNull();
    assertThat(p.compare("2.4.0", "2.3.9")).isPositive();
    assertThat(p.compare("2.3.9", "2.4.0")).isNegative();
    assertThat(p.compare("2.3.10", "2.3.9")).isPositive();
    // a tag it refuses is below every tag it takes
    assertThat(p.compare("2.3.1", "3.0.0")).isPositive();
    assertThat(semver("~1.4").refuses("1.5.0")).isNotNull();
    assertThat(semver("~1.4").refuses("1.4.7")).isNull();
    assertThat(semver(">=1.2 <2").refuses("1.9.9")).isNull();
    assertThat(semver(">=1.2 <2").refuses("2.0.0")).isNotNull();
    assertThat(semver("1.2.3 - 1.4 || >=3").refuses("3.1.0")).isNull();
  }

  @Test
  void numericalComparesTheExtractAsANumber() {
    TagPolicy p = TagPolicy.of("numerical", null, "^master-(?<ts>[0-9]+)$", "$ts", List.of());
    assertThat(p.compare("master-10", "master-9")).isPositive(); // as text, 10 < 9
    assertThat(p.compare("master-9", "master-10")).isNegative();
    assertThat(p.refuses("main-3")).isEqualTo("main-3 does not match tags ^master-(?<ts>[0-9]+)$");
    TagPolicy braces = TagPolicy.of("numerical", null, "^b(\\d+)-(?<n>\\d+)$", "${n}", List.of());
    assertThat(braces.compare("b1-20", "b9-3")).isPositive();
    TagPolicy numbered = TagPolicy.of("numerical", null, "^b(\\d+)$", "$1", List.of());
    assertThat(numbered.compare("b100", "b99")).isPositive();
    // without an extract the whole tag is the number
    assertThat(TagPolicy.of("numerical", null, "^[0-9]+$", null, List.of()).compare("12", "9"))
        .isPositive();
  }

  @Test
  void alphabeticalComparesTheExtractAsText() {
    TagPolicy p =
        TagPolicy.of(
            "alphabetical", null, "^release-(?<date>\\d{8})-[a-f0-9]+$", "$date", List.of());
    assertThat(p.compare("release-20261203-aaaa", "release-20261130-ffff")).isPositive();
    assertThat(p.refuses("release-x")).isNotNull();
  }

  @Test
  void ignoreTakesTagsOutWhateverThePolicy() {
    TagPolicy glob = TagPolicy.of(null, null, null, null, List.of("*-debug", "latest"));
    assertThat(glob.refuses("master-1-debug"))
        .isEqualTo("master-1-debug is ignored (ignore *-debug)");
    assertThat(glob.refuses("latest")).isEqualTo("latest is ignored (ignore latest)");
    assertThat(glob.refuses("master-1")).isNull();
    assertThat(glob.ordersTags()).isFalse();
    assertThat(TagPolicy.of("semver", "^2", null, null, List.of("2.9.*")).refuses("2.9.1"))
        .startsWith("2.9.1 is ignored");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown policy | semvar |  |  |  | unknown policy 'semvar'; expected glob (the default),"
            + " semver, numerical or alphabetical",
        "no range | semver |  |  |  | policy semver needs a range",
        "bad range | semver | ^^2.3 |  |  | range '^^2.3': '^^2.3' is not a version comparator",
        "words for a range | semver | latest please |  |  | 'latest' is not a version comparator",
        "range on numerical | numerical | ^2 |  |  | range is for policy semver, not numerical",
        "bad regex | numerical |  | master-( |  | tags 'master-(' is not a regex",
        "extract of no group | numerical |  | ^master-(?<ts>[0-9]+)$ | $nope | extract '$nope' names"
            + " group nope, which tags '^master-(?<ts>[0-9]+)$' does not have",
        "extract without a group | alphabetical |  | ^m-(.*)$ | ts | extract 'ts' names no group",
        "tags on a glob | glob |  | ^m$ |  | tags and extract need policy numerical or alphabetical",
      })
  void aWrongPolicyIsRefusedWithItsReason(
      String kind, String policy, String range, String tags, String extract, String reason) {
    assertThatThrownBy(() -> TagPolicy.of(policy, range, tags, extract, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason.strip());
  }
}
