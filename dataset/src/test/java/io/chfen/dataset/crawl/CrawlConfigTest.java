package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrawlConfigTest {
  @TempDir Path dir;

  @Test
  void aUserFileOverridesOnlyWhatItNames() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "politeness:\n  perHostDelayMs: 2500\nfilters:\n  maxDurationS: 90\n");
    CrawlConfig c = CrawlConfig.load(f);
    assertEquals(2500, c.politeness.perHostDelayMs);
    assertEquals(90.0, c.filters.maxDurationS);
    assertEquals(CrawlConfig.defaults().fetch.timeoutMs, c.fetch.timeoutMs);
  }

  @Test
  void typosAndBadRulesAreErrorsNamingTheProblem() throws Exception {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, "politeness:\n  perHostDelay: 2500\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CrawlConfig.load(typo));
    assertTrue(e.getMessage().contains("perHostDelay"), e.getMessage());

    Path badField = dir.resolve("field.yaml");
    Files.writeString(badField, "sites:\n  - name: x\n    hosts: [a]\n    fields: {titel: h1}\n");
    e = assertThrows(IllegalArgumentException.class, () -> CrawlConfig.load(badField));
    assertTrue(e.getMessage().contains("titel"), e.getMessage());

    Path badPath = dir.resolve("path.yaml");
    Files.writeString(
        badPath,
        """
        sites:
          - name: shop
            hosts: [a.test]
            json: [{name: state, id: __NEXT_DATA__}]
            fields:
              title: ["state:$.props.title", "$.props..[?(@.x"]
        """);
    e = assertThrows(IllegalArgumentException.class, () -> CrawlConfig.load(badPath));
    assertTrue(e.getMessage().contains("site 'shop', fields.title[1]"), e.getMessage());
    assertTrue(e.getMessage().contains("bad JSON path"), e.getMessage());
    assertTrue(e.getMessage().contains("(line 6 of " + badPath + ")"), e.getMessage());

    for (String bad :
        List.of(
            "fields: {title: \"h1 | nosuch\"}",
            "fields: {title: \"div[ | text\"}",
            "fields: {title: \"other:$.x\"}",
            "fields: {durationS: \"$.d | regex(([)\"}",
            "fields: {title: \"$.a | json\"}",
            "timeZone: Mars/Olympus",
            "json: [{script: window.X, id: state}]",
            "next: {param: pn, url: \"a.next@href\"}")) {
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> CrawlConfig.fromYaml("sites:\n  - name: s\n    hosts: [a]\n    " + bad + "\n"),
              bad);
      assertTrue(e.getMessage().contains("site 's'"), bad + " → " + e.getMessage());
      assertTrue(e.getMessage().contains("(line 4 of"), bad + " → " + e.getMessage());
    }

    Path badOrientation = dir.resolve("o.yaml");
    Files.writeString(badOrientation, "filters:\n  orientations: [portrait]\n");
    e = assertThrows(IllegalArgumentException.class, () -> CrawlConfig.load(badOrientation));
    assertTrue(e.getMessage().contains("portrait"), e.getMessage());
  }
}
