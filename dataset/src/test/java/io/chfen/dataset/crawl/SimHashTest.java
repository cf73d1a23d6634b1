package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimHashTest {
  @Test
  void punctuationAndCaseDoNotChangeTheHash() {
    assertEquals(SimHash.ofTitle("城市夜景航拍 | 灯火璀璨的夜晚"), SimHash.ofTitle("城市夜景航拍｜灯火璀璨的夜晚！"));
    assertEquals(SimHash.ofTitle("Street interview!"), SimHash.ofTitle("street  INTERVIEW"));
  }

  @Test
  void smallEditsStayCloseAndDifferentTitlesAreFar() {
    long a = SimHash.ofTitle("Street interview: what makes you happy today in Shanghai");
    long b = SimHash.ofTitle("Street interview: what makes you happy today in Shanghai 2");
    long c = SimHash.ofTitle("Calm morning by the lake");
    long d = SimHash.ofTitle("愤怒的司机在路口大吵");
    assertTrue(SimHash.distance(a, b) <= 8, "one-word edit: " + SimHash.distance(a, b));
    assertTrue(SimHash.distance(a, c) > 16, "different titles: " + SimHash.distance(a, c));
    assertTrue(SimHash.distance(c, d) > 16, "different titles: " + SimHash.distance(c, d));
  }
}
