package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
    Files.writeString(
        badField, "sites:\n  - name: x\n    hosts: [a]\n    selectors: {titel: h1}\n");
    e = assertThrows(IllegalArgumentException.class, () -> CrawlConfig.load(badField));
    assertTrue(e.getMessage().contains("titel"), e.getMessage());

    Path badOrientation = dir.resolve("o.yaml");
    Files.writeString(badOrientation, "filters:\n  orientations: [portrait]\n");
    e = assertThrows(IllegalArgumentException.class, () -> CrawlConfig.load(badOrientation));
    assertTrue(e.getMessage().contains("portrait"), e.getMessage());
  }
}
