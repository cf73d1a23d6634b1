package io.chfen.dataset.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.Failure;
import io.chfen.schemas.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lists as users write them: CSV, TSV, JSON Lines, Parquet; extra columns kept; bad rows named. */
class ListSourceTest {
  @TempDir Path dir;

  @Test
  void csvRowsWithPathsUrlsFieldsSplitsAndExtras() throws Exception {
    Path list =
        Files.writeString(
            dir.resolve("videos.csv"),
            "path,url,id,title,tags,label,split,views\n"
                + "clips/a.mp4,,v1,\"A, quoted title\",\"joy;happy\",happy,train,\"1,024\"\n"
                + ",https://example.org/b.mp4,,B,,sad,test2,\n"
                + "clips/c.mp4,https://example.org/c.mp4,,C,,,,\n"
                + ",,,D,,,,\n"
                + "clips/e.mp4,,,E,,neutral,valid,,extra\n"
                + ",ftp://example.org/f.mp4,,F,,,,\n"
                + "clips/g.mp4,,,G,,,holdout,\n"
                + "../elsewhere/h.mp4,,,H,,,dev,\n");
    ListSource.Read r = ListSource.read(list, ListSource.Columns.DEFAULT);
    assertEquals(3, r.items().size(), r.toString());
    IngestItem a = r.items().get(0);
    assertEquals(dir.resolve("clips/a.mp4").toString(), a.file());
    assertEquals("list_v1", a.id(), "the id column, under the list's source part");
    assertEquals("v1", a.platformId());
    assertEquals(Map.of("title", "A, quoted title", "viewCount", "1,024"), a.fields());
    assertEquals(List.of("joy", "happy"), a.tags());
    assertEquals(Map.of("id", "v1", "label", "happy", "split", "train"), a.extra());
    assertEquals("train", a.split());
    IngestItem b = r.items().get(1);
    assertEquals("https://example.org/b.mp4", b.url());
    assertTrue(b.id().startsWith("u_"), "a URL with no id: a hash of the URL: " + b.id());
    assertEquals("test", b.split(), "MER's test2 is a test split; as given in extra");
    assertEquals("test2", b.extra().get("split"));
    IngestItem h = r.items().get(2);
    assertEquals(dir.getParent().resolve("elsewhere/h.mp4").toString(), h.locator());
    assertEquals("validation", h.split());
    List<String> rejected = r.rejected().stream().map(Object::toString).toList();
    assertEquals(5, rejected.size(), rejected.toString());
    assertTrue(rejected.get(0).contains(":4: both a 'path' and a 'url'"), rejected.get(0));
    assertTrue(rejected.get(1).contains(":5: neither"), rejected.get(1));
    assertTrue(rejected.get(2).contains(":6: 9 columns, the header has 8"), rejected.get(2));
    assertTrue(rejected.get(3).contains(":7: url 'ftp://"), rejected.get(3));
    assertTrue(rejected.get(4).contains(":8: split 'holdout'"), rejected.get(4));
  }

  @Test
  void tsvAndJsonLinesWithMappedColumns() throws Exception {
    ListSource.Columns c =
        ListSource.Columns.of(List.of("path=file", "url=link", "id=video_id", "title=caption"));
    Path tsv = Files.writeString(dir.resolve("l.tsv"), "file\tcaption\tlanguage\nx.mp4\t标题\tzh\n");
    IngestItem t = ListSource.read(tsv, c).items().get(0);
    assertEquals(dir.resolve("x.mp4").toString(), t.file());
    assertEquals("local_x.mp4", t.id(), "no id: the path within the list's folder");
    assertEquals(Map.of("title", "标题", "language", "zh"), t.fields());
    Path jsonl =
        Files.writeString(
            dir.resolve("l.jsonl"),
            "{\"link\":\"https://example.org/v.mp4\",\"video_id\":7,\"meta\":{\"fps\":25},"
                + "\"tags\":[\"a, b\",\"c\"]}\n[1,2]\n");
    ListSource.Read j = ListSource.read(jsonl, c);
    assertEquals("list_7", j.items().get(0).id());
    assertEquals(List.of("a, b", "c"), j.items().get(0).tags(), "a JSON list of tags as it is");
    assertEquals(Map.of("video_id", "7", "meta", "{\"fps\":25}"), j.items().get(0).extra());
    assertEquals(1, j.rejected().size());
    assertTrue(
        j.rejected().get(0).toString().contains(":2: not a JSON object"),
        j.rejected().get(0).toString());
    Exception e =
        assertThrows(
            IllegalArgumentException.class, () -> ListSource.Columns.of(List.of("name=x")));
    assertTrue(e.getMessage().contains("KEY one of [path, url, id, split"), e.getMessage());
  }

  /** A Parquet list as pandas or DuckDB writes one: typed columns, nulls. */
  @Test
  void parquetRowsAreReadLikeAnyTable() throws Exception {
    Schema s =
        SchemaBuilder.record("row")
            .fields()
            .requiredString("url")
            .optionalString("title")
            .optionalLong("likes")
            .optionalDouble("valence")
            .endRecord();
    List<GenericRecord> rows =
        List.of(
            row(s, "https://example.org/1.mp4", "One", 12L, 0.5),
            row(s, "https://example.org/2.mp4", null, null, -1.0),
            row(s, "mailto:someone", "Bad", null, null));
    Path list = dir.resolve("list.parquet");
    ParquetFiles.write(list, s, rows);
    ListSource.Read r = ListSource.read(list, ListSource.Columns.DEFAULT);
    assertEquals(2, r.items().size());
    assertEquals(Map.of("title", "One", "likeCount", "12"), r.items().get(0).fields());
    assertEquals(Map.of("valence", "0.5"), r.items().get(0).extra());
    assertEquals(Map.of("valence", "-1.0"), r.items().get(1).extra());
    assertEquals(1, r.rejected().size());
    assertEquals("row 3", r.rejected().get(0).line());
  }

  private static GenericRecord row(Schema s, String url, String title, Long likes, Double v) {
    GenericRecord g = new GenericData.Record(s);
    g.put("url", url);
    g.put("title", title);
    g.put("likes", likes);
    g.put("valence", v);
    return g;
  }

  /** Every row is an item or a failure; a second row with the same id fails, naming both. */
  @Test
  void theSourceAccountsForEveryRowAndReportsIdCollisions() throws Exception {
    Path list =
        Files.writeString(
            dir.resolve("l.csv"),
            "path,id\nclips/a.mp4,k1\nclips/b.mp4,k1\nclips/a.mp4,\nclips/a.mp4,\n,\n");
    IngestSource src = IngestSource.open(list, ListSource.Columns.DEFAULT);
    assertEquals(2, src.items().size());
    assertEquals("list_k1", src.items().get(0).id());
    assertTrue(src.items().get(1).id().startsWith("local_clips-a.mp4~"), src.items().get(1).id());
    List<String> failed =
        src.failures().stream().map(f -> f.getReason() + " " + f.getMessage()).toList();
    assertEquals(3, failed.size(), failed.toString());
    assertTrue(failed.get(0).startsWith("bad_row "), failed.get(0));
    assertTrue(
        failed.get(1).contains("duplicate_id line 3 (clips/b.mp4): id list_k1 is line 2"),
        failed.get(1));
    assertTrue(failed.get(2).contains("line 5 (clips/a.mp4)"), failed.get(2));
    assertEquals(5, src.log().get(0).getVideosFound(), "found = every row");
    Failure bad = src.failures().get(0);
    assertEquals("l.csv:6", bad.getId());
  }
}
