// Compares two shard directories row by row (by id): every column must be equal, and of the
// provenance every field but pipelineVersion. Prints a summary; exits 1 naming what differs.
// Usage: bash scripts/compare-shards.sh <shards A> <shards B>
import { DuckDBInstance } from '@duckdb/node-api';
const [a, b] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const rows = async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJS();
const src = (d) => `read_parquet('${d}/*/*.parquet')`;
const cols = (await rows(`describe select * from ${src(a)}`)).map(r => r.column_name);
const cmp = cols.filter(x => x !== 'provenance');
const sel = (d) => `select ${cmp.map(x => `"${x}"`).join(', ')}, provenance.schemaVersion as sv, provenance.mediaSha256 as ms, provenance.encoders as enc from ${src(d)}`;
const n = async (sql) => Number((await rows(sql))[0].n);
const na = await n(`select count(*) n from ${src(a)}`);
const nb = await n(`select count(*) n from ${src(b)}`);
const onlyA = await n(`select count(*) n from (${sel(a)} except ${sel(b)})`);
const onlyB = await n(`select count(*) n from (${sel(b)} except ${sel(a)})`);
const ids = await n(`select count(*) n from (select id from ${src(a)} intersect select id from ${src(b)})`);
const versions = await rows(`select distinct provenance.pipelineVersion v from ${src(a)} union all select distinct provenance.pipelineVersion v from ${src(b)}`);
console.log(JSON.stringify({ rowsA: na, rowsB: nb, commonIds: ids, columnsCompared: cmp.length + 3, differingRowsA: onlyA, differingRowsB: onlyB, pipelineVersions: versions.map(r => r.v) }));
if (na !== nb || onlyA || onlyB || ids !== na) {
  for (const col of cmp) {
    const d = await n(`select count(*) n from (select id, "${col}" from ${src(a)} except select id, "${col}" from ${src(b)})`);
    if (d) console.log(`column ${col}: ${d} rows differ`);
  }
  process.exit(1);
}
