package io.chfen.pipelines.io;

import io.chfen.records.Failure;
import io.chfen.records.FilterOutcome;
import io.chfen.records.PageVisit;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/** Beam coders for the Avro records (schemas/ is the single source of truth). */
public final class Records {
  private Records() {}

  public static final Coder<VideoMetadata> VIDEO = AvroCoder.specific(VideoMetadata.class);
  public static final Coder<FilterOutcome> FILTER_OUTCOME = AvroCoder.specific(FilterOutcome.class);
  public static final Coder<Failure> FAILURE = AvroCoder.specific(Failure.class);
  public static final Coder<PageVisit> PAGE_VISIT = AvroCoder.specific(PageVisit.class);
  public static final Coder<VideoArtifacts> VIDEO_ARTIFACTS =
      AvroCoder.specific(VideoArtifacts.class);
}
