package io.chfen.dataset.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.chfen.schemas.ParquetFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A table file as rows of named cells, by its extension: {@code .jsonl}/{@code .ndjson} (one JSON
 * object a line; nested values as their JSON text), {@code .parquet} (rows numbered from 1), {@code
 * .tsv}, else CSV with a header. A row with a column too many or too few, a line that is not a JSON
 * object, or a row its reader refuses is rejected as {@code file:line: cause}, and the rows after
 * it are read; only broken CSV quoting, after which no row can be trusted, ends the reading.
 */
public final class Tables {

  /** Takes one row; throws {@link IllegalArgumentException} to reject it with that cause. */
  @FunctionalInterface
  public interface RowReader {
    void read(int line, Map<String, String> cells);
  }

  /** A row not read: the file, where in it ({@code 12}, or {@code row 3} in Parquet), the cause. */
  public record Rejected(Path file, String line, String cause) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + cause;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Tables() {}

  /** A CSV cell as this reader reads it back: quoted when it holds a comma, quote or line break. */
  public static String csvCell(String v) {
    if (v == null) {
      return "";
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  /** Reads every row of {@code file} into {@code reader}, adding rejections to {@code rejected}. */
  public static void read(Path file, RowReader reader, List<Rejected> rejected) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      readJsonLines(file, reader, rejected);
    } else if (name.endsWith(".parquet")) {
      readParquet(file, reader, rejected);
    } else {
      readCsv(file, name.endsWith(".tsv") ? '\t' : ',', reader, rejected);
    }
  }

  private static void readJsonLines(Path file, RowReader reader, List<Rejected> rejected)
      throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode o = JSON.readTree(line);
          if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
          }
          Map<String, String> cells = new LinkedHashMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            cells.put(e.getKey(), v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
          }
          reader.read(n, cells);
        } catch (IOException | IllegalArgumentException e) {
          rejected.add(new Rejected(file, Integer.toString(n), firstLine(e)));
        }
      }
    }
  }

  /** A Parquet table's rows, numbered from 1; nested values as their JSON text. */
  private static void readParquet(Path file, RowReader reader, List<Rejected> rejected)
      throws IOException {
    int n = 0;
    for (GenericRecord r : ParquetFiles.readGeneric(file)) {
      n++;
      Map<String, String> cells = new LinkedHashMap<>();
      for (Schema.Field f : r.getSchema().getFields()) {
        Object v = r.get(f.pos());
        cells.put(
            f.name(),
            v == null
                ? null
                : v instanceof CharSequence || v instanceof Number || v instanceof Boolean
                    ? v.toString()
                    : GenericData.get().toString(v));
      }
      try {
        reader.read(n, cells);
      } catch (IllegalArgumentException e) {
        rejected.add(new Rejected(file, "row " + n, e.getMessage()));
      }
    }
  }

  private static void readCsv(Path file, char sep, RowReader reader, List<Rejected> rejected)
      throws IOException {
    // rows as arrays, matched to the header here: a row with a column too many or too few is
    // that row's error, not the file's
    CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(sep);
    try (MappingIterator<String[]> it =
        csv.readerFor(String[].class).with(schema).readValues(file.toFile())) {
      String[] header = null;
      while (true) {
        int n;
        String[] cells;
        try {
          if (!it.hasNextValue()) {
            break;
          }
          n = it.getCurrentLocation().getLineNr();
          cells = it.nextValue();
        } catch (RuntimeException e) {
          rejected.add(
              new Rejected(
                  file,
                  Integer.toString(it.getCurrentLocation().getLineNr()),
                  "unreadable from here on (" + firstLine(e) + ")"));
          break; // the reader cannot resynchronize after broken quoting
        }
        if (header == null) {
          header = cells;
          continue;
        }
        if (cells.length == 1 && cells[0].isBlank()) {
          continue;
        }
        if (cells.length != header.length) {
          rejected.add(
              new Rejected(
                  file,
                  Integer.toString(n),
                  cells.length + " columns, the header has " + header.length));
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i].trim(), cells[i]);
        }
        try {
          reader.read(n, row);
        } catch (IllegalArgumentException e) {
          rejected.add(new Rejected(file, Integer.toString(n), e.getMessage()));
        }
      }
    }
  }

  private static String firstLine(Exception e) {
    return e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
  }
}
