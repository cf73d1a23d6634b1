// Runs the TF.js originals in Node on the inputs a parity test writes, so their outputs can be
// compared with the converted ONNX models. The face models run through @vladmandic/face-api's own
// classes (FaceExpressionNet, FaceRecognitionNet); the frame model through TF.js's graph-model
// executor, as nsfwjs runs it. CPU backend, float32.
//   node tfjs-reference.cjs MODEL PACKAGE_DIR INPUT.f32 N SIZE OUT_PREFIX
// MODEL: face-expression | face-recognition (PACKAGE_DIR: face-api's package root) or
// mobilenet-v2-mid (PACKAGE_DIR: nsfwjs's package root). INPUT.f32: N x SIZE x SIZE x 3 RGB 0-255,
// little-endian float32. Writes OUT_PREFIX.<output>.f32 for each output.
const fs = require('fs');
const path = require('path');

const [model, pkg, input, n, size, outPrefix] = process.argv.slice(2);
const N = Number(n);
const S = Number(size);

function floats(file) {
  const buf = fs.readFileSync(file);
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
}

function write(name, tensor) {
  fs.writeFileSync(`${outPrefix}.${name}.f32`, Buffer.from(tensor.dataSync().buffer));
}

async function faceApi(tf, kind) {
  const faceapi = require(path.resolve(pkg, 'dist/face-api.node-wasm.js'));
  const prefix = kind === 'face-expression' ? 'face_expression_model' : 'face_recognition_model';
  const manifest = JSON.parse(fs.readFileSync(path.resolve(pkg, `model/${prefix}-weights_manifest.json`)));
  const specs = manifest.flatMap((g) => g.weights);
  const data = Buffer.concat(manifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.resolve(pkg, 'model', p))));
  const weightMap = faceapi.tf.io.decodeWeights(new Uint8Array(data).buffer, specs);
  const x = faceapi.tf.tensor4d(floats(input), [N, S, S, 3]);
  const batch = faceapi.tf.unstack(x);
  const netInput = await faceapi.toNetInput(batch);
  if (kind === 'face-expression') {
    const net = new faceapi.FaceExpressionNet();
    net.loadFromWeightMap(weightMap);
    write('probabilities', net.forwardInput(netInput));
    const features = net.faceFeatureExtractor.forwardInput(netInput);
    write('embedding', features.reshape([N, -1]));
  } else {
    const net = new faceapi.FaceRecognitionNet();
    net.loadFromWeightMap(weightMap);
    write('descriptor', net.forwardInput(netInput));
  }
}

async function graphModel(tf) {
  const dir = path.resolve(pkg, 'dist/models/mobilenet_v2_mid');
  const spec = require(path.join(dir, 'model.min.js'));
  const specs = spec.weightsManifest.flatMap((g) => g.weights);
  const data = Buffer.concat(spec.weightsManifest.flatMap((g) => g.paths)
    .map((p) => Buffer.from(require(path.join(dir, `${p}.min.js`)), 'base64')));
  const graph = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: spec.modelTopology, weightSpecs: specs, weightData: new Uint8Array(data).buffer }));
  const feature = spec.modelTopology.node.find((node) => node.op === 'Squeeze').name;
  // nsfwjs feeds pixels / 255
  const x = tf.tensor4d(floats(input), [N, S, S, 3]).div(255);
  const [features, probabilities] = graph.execute(x, [feature, 'Identity']);
  write('features', features);
  write('probabilities', probabilities);
}

(async () => {
  const tf = require('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();
  if (model === 'mobilenet-v2-mid') await graphModel(tf);
  else if (model === 'face-expression' || model === 'face-recognition') {
    const faceapi = require(path.resolve(pkg, 'dist/face-api.node-wasm.js'));
    await faceapi.tf.setBackend('cpu');
    await faceapi.tf.ready();
    await faceApi(tf, model);
  } else throw new Error(`unknown model ${model}`);
})().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
