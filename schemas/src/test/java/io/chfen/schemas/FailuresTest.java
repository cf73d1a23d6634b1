package io.chfen.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.Failure;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void badInputNamesTheItemAndAProgramErrorCarriesItsStackTrace() {
    Failure input =
        Failures.of("v1", Stage.PROCESS, "truncated", "v1: the file ends mid-frame").build();
    assertEquals("process", input.getStage());
    assertEquals("truncated", input.getReason());
    assertEquals("v1: the file ends mid-frame", input.getMessage());
    assertNull(input.getStackTrace());

    Failure bug =
        Failures.of("v2", Stage.ENCODE, "encode_error", new IllegalStateException("boom")).build();
    assertEquals("v2: java.lang.IllegalStateException: boom", bug.getMessage());
    assertTrue(bug.getStackTrace().contains("FailuresTest"), bug.getStackTrace());
    assertEquals("encode", Stage.of("encode").code());
    assertEquals("crawl", Stage.DOWNLOAD.job(), "download failures go to the crawl's dead letter");
  }
}
