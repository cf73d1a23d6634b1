// Reads CHFEN tensor shards with DuckDB only (no project code): rows per split, labelled rows,
// each sentiment-labelled row's overall score, and one video's title tensor decoded from its
// little-endian float32 bytes.
// Usage: node read-shards.mjs <shards dir>   (prints one JSON object)
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const files = `read_parquet('${dir}/*/*.parquet')`;
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const rows = async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJS();

const splits = {};
for (const r of await rows(`select split, count(*) as n from ${files} group by split order by split`)) {
  splits[r.split] = Number(r.n);
}
const labelled = Number(
  (await rows(`select count(*) as n from ${files} where cardinality(labels) > 0`))[0].n);
const joy = (await rows(
  `select id, labels['overall'].intensity.shape as shape from ${files}
   where cardinality(labels) > 0 order by id limit 1`))[0];
const sentiment = {};
for (const r of await rows(
  `select id, split, sentiment['overall'].score as valence, labels['overall'].intensity as soft
   from ${files} where cardinality(sentiment) > 0 order by id`)) {
  sentiment[r.id] = r.valence;
}
const t = (await rows(
  `select id, title.dtype as dtype, title.shape as shape, title.data as data, steps as n_steps,
          frames.shape as frames
   from ${files} order by id limit 1`))[0];
const bytes = t.data;
const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const values = [];
for (let i = 0; i < bytes.byteLength / 4; i++) values.push(view.getFloat32(i * 4, true));
const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
console.log(JSON.stringify({
  splits, labelled, sentiment,
  labelShape: joy.shape.map(Number),
  id: t.id, dtype: t.dtype, shape: t.shape.map(Number), steps: Number(t.n_steps),
  frames: t.frames.map(Number), first: values.slice(0, 4), norm,
}));
