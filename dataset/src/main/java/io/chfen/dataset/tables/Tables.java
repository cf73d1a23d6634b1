package io.chfen.dataset.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
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

/**
 * A table file as rows of named cells, by its extension: {@code .jsonl}/{@code .ndjson} (one JSON
 * object a line; nested values as their JSON text), {@code .tsv}, else CSV with a header. A row
 * with a column too many or too few, a line that is not a JSON object, or a row its reader refuses
 * is rejected as {@code file:line: cause}, and the rows after it are read; only broken CSV quoting,
 * after which no row can be trusted, ends the reading.
 */
public final class Tables {

  /** Takes one row; throws {@link IllegalArgumentException} to reject it with that cause. */
  @FunctionalInterface
  public interface RowReader {
    void read(int line, Map<String, String> cells);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Tables() {}

  /** Reads every row of {@code file} into {@code reader}, adding rejections to {@code rejected}. */
  public static void read(Path file, RowReader reader, List<String> rejected) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      readJsonLines(file, reader, rejected);
    } else {
      readCsv(file, name.endsWith(".tsv") ? '\t' : ',', reader, rejected);
    }
  }

  private static void readJsonLines(Path file, RowReader reader, List<String> rejected)
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
          rejected.add(file + ":" + n + ": " + firstLine(e));
        }
      }
    }
  }

  private static void readCsv(Path file, char sep, RowReader reader, List<String> rejected)
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
              file
                  + ":"
                  + it.getCurrentLocation().getLineNr()
                  + ": unreadable from here on ("
                  + firstLine(e)
                  + ")");
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
              file + ":" + n + ": " + cells.length + " columns, the header has " + header.length);
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i].trim(), cells[i]);
        }
        try {
          reader.read(n, row);
        } catch (IllegalArgumentException e) {
          rejected.add(file + ":" + n + ": " + e.getMessage());
        }
      }
    }
  }

  private static String firstLine(Exception e) {
    return e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
  }
}
