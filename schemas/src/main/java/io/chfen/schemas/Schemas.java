package io.chfen.schemas;

import io.chfen.records.Annotation;
import io.chfen.records.EncodedSample;
import io.chfen.records.Failure;
import io.chfen.records.FilterOutcome;
import io.chfen.records.PageVisit;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import org.apache.avro.Schema;

/**
 * The Avro schemas of the records, read from the generated classes (the .avsc files in schemas/).
 */
public final class Schemas {
  /** Bumped whenever a record changes incompatibly; written into every output's metadata. */
  public static final int SCHEMA_VERSION = 3;

  public static final Schema VIDEO_METADATA = VideoMetadata.getClassSchema();
  public static final Schema FILTER_OUTCOME = FilterOutcome.getClassSchema();
  public static final Schema FAILURE = Failure.getClassSchema();
  public static final Schema PAGE_VISIT = PageVisit.getClassSchema();
  public static final Schema ANNOTATION = Annotation.getClassSchema();
  public static final Schema VIDEO_ARTIFACTS = VideoArtifacts.getClassSchema();
  public static final Schema ENCODED_SAMPLE = EncodedSample.getClassSchema();

  private Schemas() {}
}
