package io.chfen.schemas;

import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro data model for the project's records: specific records with the timestamp conversions
 * registered, also for records nested in other records (a generated class's own model only knows
 * its own fields). Writers look it up through the static {@link #get()}, as Beam's ParquetIO does.
 */
public final class RecordsData extends SpecificData {
  private static final RecordsData INSTANCE = new RecordsData();

  public RecordsData() {
    super(RecordsData.class.getClassLoader());
    addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    addLogicalTypeConversion(new TimeConversions.DateConversion());
  }

  public static RecordsData get() {
    return INSTANCE;
  }
}
