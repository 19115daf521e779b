import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type ModelDtype = 'fp32' | 'q8';

/** Where transformers.js looks for a local model: `<modelDir>/<modelId>`. */
export function modelFolder(modelDir: string, modelId: string): string {
  return join(modelDir, ...modelId.split('/'));
}

/**
 * Chooses the ONNX weights a local folder actually has, so a folder shipped with only the
 * quantized file still loads (transformers.js would otherwise ask for `model.onnx`).
 */
export function pickDtype(folder: string): ModelDtype | undefined {
  if (existsSync(join(folder, 'onnx', 'model.onnx'))) return 'fp32';
  if (existsSync(join(folder, 'onnx', 'model_quantized.onnx'))) return 'q8';
  return undefined;
}
