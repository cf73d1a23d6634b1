package io.chfen.dataset.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lists as users write them: CSV, TSV, JSON Lines; extra columns kept; bad rows named. */
class ListSourceTest {
  @TempDir Path dir;

  @Test
  void csvRowsWithPathsUrlsFieldsAndExtras() throws Exception {
    Path list =
        Files.writeString(
            dir.resolve("videos.csv"),
            "path,url,id,title,tags,label,split\n"
                + "clips/a.mp4,,v1,\"A, quoted title\",\"joy;happy\",happy,train\n"
                + ",https://example.org/b.mp4,,B,,sad,test\n"
                + "clips/c.mp4,https://example.org/c.mp4,,C,,,\n"
                + ",,,D,,,\n"
                + "clips/e.mp4,,,E,,neutral,valid,extra\n"
                + ",ftp://example.org/f.mp4,,F,,,\n");
    ListSource.Read r = ListSource.read(list, ListSource.Columns.DEFAULT);
    assertEquals(2, r.rows().size(), r.toString());
    ListSource.Row a = r.rows().get(0);
    assertEquals(dir.resolve("clips/a.mp4"), a.file());
    assertEquals("v1", a.id());
    assertEquals(Map.of("title", "A, quoted title"), a.fields());
    assertEquals(List.of("joy", "happy"), a.tags());
    assertEquals(Map.of("label", "happy", "split", "train"), a.extra());
    assertEquals("https://example.org/b.mp4", r.rows().get(1).url());
    assertEquals(4, r.rejected().size(), r.rejected().toString());
    assertTrue(r.rejected().get(0).contains(":4: both a 'path' and a 'url'"), r.rejected().get(0));
    assertTrue(r.rejected().get(1).contains(":5: neither"), r.rejected().get(1));
    assertTrue(
        r.rejected().get(2).contains(":6: 8 columns, the header has 7"), r.rejected().get(2));
    assertTrue(r.rejected().get(3).contains(":7: url 'ftp://"), r.rejected().get(3));
  }

  @Test
  void tsvAndJsonLinesWithRenamedColumns() throws Exception {
    ListSource.Columns c =
        new ListSource.Columns(
            "file", "link", "video_id", "caption", "description", "tags", "lang", "published");
    Path tsv = Files.writeString(dir.resolve("l.tsv"), "file\tcaption\tlang\n/abs/x.mp4\t标题\tzh\n");
    ListSource.Row t = ListSource.read(tsv, c).rows().get(0);
    assertEquals(Path.of("/abs/x.mp4"), t.file());
    assertEquals(Map.of("caption", "标题", "lang", "zh"), t.fields());
    Path jsonl =
        Files.writeString(
            dir.resolve("l.jsonl"),
            "{\"link\":\"https://example.org/v.mp4\",\"video_id\":7,\"meta\":{\"fps\":25}}\n[1,2]\n");
    ListSource.Read j = ListSource.read(jsonl, c);
    assertEquals("7", j.rows().get(0).id());
    assertEquals(Map.of("meta", "{\"fps\":25}"), j.rows().get(0).extra());
    assertEquals(1, j.rejected().size());
    assertTrue(j.rejected().get(0).contains(":2: not a JSON object"), j.rejected().get(0));
  }
}
