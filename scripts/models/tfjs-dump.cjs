// Writes a TF.js graph model that an npm package ships as JavaScript modules (nsfwjs: model.min.js
// exports the model JSON, each group1-shard*.min.js a base64 string of weights) as the plain
// model.json + weights.bin pair that tfjs_to_onnx.py reads. Reads data only; runs no model.
//   node tfjs-dump.cjs MODEL_DIR OUT_DIR
const fs = require('fs');
const path = require('path');

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: node tfjs-dump.cjs MODEL_DIR OUT_DIR');
  process.exit(2);
}
const model = require(path.resolve(dir, 'model.min.js'));
if (model.format !== 'graph-model' || !Array.isArray(model.weightsManifest)) {
  console.error(`${dir}: not a TF.js graph model`);
  process.exit(1);
}
const shards = model.weightsManifest.flatMap((group) => group.paths).map((p) => {
  const data = require(path.resolve(dir, `${p}.min.js`));
  if (typeof data !== 'string') throw new Error(`${p}.min.js: expected a base64 string`);
  return Buffer.from(data, 'base64');
});
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'model.json'), JSON.stringify(model));
fs.writeFileSync(path.join(out, 'weights.bin'), Buffer.concat(shards));
