package io.chfen.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.Emotion;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlutchikTest {
  private final Plutchik wheel = Plutchik.wheel();

  @Test
  void intensityNamesFollowTheWheel() {
    assertEquals("serenity", wheel.primary(Emotion.JOY).intensityName(Plutchik.LOW));
    assertEquals("joy", wheel.primary(Emotion.JOY).intensityName(Plutchik.BASIC));
    assertEquals("ecstasy", wheel.primary(Emotion.JOY).intensityName(Plutchik.HIGH));
    assertEquals("terror", wheel.primary(Emotion.FEAR).intensityName(Plutchik.HIGH));
    assertEquals("annoyance", wheel.primary(Emotion.ANGER).intensityName(Plutchik.LOW));
    assertEquals("vigilance", wheel.primary(Emotion.ANTICIPATION).intensityName(Plutchik.HIGH));
  }

  @Test
  void oppositesAreSymmetricAndAcrossTheWheel() {
    for (Emotion e : Emotion.values()) {
      Emotion o = wheel.opposite(e);
      assertEquals(e, wheel.opposite(o), e + " and its opposite disagree");
      assertEquals(4, Plutchik.wheelDistance(e, o), e + " opposite is not across the wheel");
    }
    assertEquals(Emotion.SADNESS, wheel.opposite(Emotion.JOY));
    assertEquals(Emotion.DISGUST, wheel.opposite(Emotion.TRUST));
  }

  @Test
  void eightPrimaryDyadsCoverEveryAdjacentPairOnce() {
    assertEquals(8, wheel.primaryDyads().size());
    Set<Set<Emotion>> pairs = new HashSet<>();
    wheel.primaryDyads().forEach(d -> pairs.add(Set.of(d.first(), d.second())));
    assertEquals(8, pairs.size());
    assertEquals("love", wheel.dyad(Emotion.TRUST, Emotion.JOY).orElseThrow().name());
    assertEquals("optimism", wheel.dyad(Emotion.JOY, Emotion.ANTICIPATION).orElseThrow().name());
    assertTrue(wheel.dyad(Emotion.JOY, Emotion.FEAR).isEmpty());
  }

  @Test
  void lookupResolvesIntensityWordsAndChineseNames() {
    assertEquals(Map.entry(Emotion.JOY, 3), wheel.lookup("Ecstasy").orElseThrow());
    assertEquals(Map.entry(Emotion.SADNESS, 1), wheel.lookup("pensiveness").orElseThrow());
    assertEquals(Map.entry(Emotion.ANGER, 2), wheel.lookup("愤怒").orElseThrow());
    assertTrue(wheel.lookup("hunger").isEmpty());
  }

  @Test
  void wheelDistanceWrapsAround() {
    assertEquals(1, Plutchik.wheelDistance(Emotion.ANTICIPATION, Emotion.JOY));
    assertEquals(0, Plutchik.wheelDistance(Emotion.FEAR, Emotion.FEAR));
  }
}
