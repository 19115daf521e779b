// Writes a tiny BERT-shaped model folder that transformers.js loads offline, so the vector side of
// retrieval can be tested end to end without downloading a real model.
// Usage: tsx scripts/make-tiny-bert.ts [OUT_DIR]   (default test/fixtures/models/local/tiny-bert)
//
// The "model" is an embedding lookup: last_hidden_state = (W[input_ids] + T[token_type_ids]) * mask.
// Rows of W are built so that words meaning the same thing in Vietnamese, English, French (and a few
// CJK characters) share a concept direction; mean pooling then makes related sentences close.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TINY_BERT_HIDDEN_SIZE = 64;
const H = TINY_BERT_HIDDEN_SIZE;

// ---------------------------------------------------------------------------------------------
// Vocabulary. Words are written the way BertNormalizer leaves them: lowercase, accents stripped
// (Vietnamese "đ" does not decompose, so it stays).

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** Words in one group share a concept vector. */
const CONCEPTS: Record<string, string[]> = {
  hours: ['gio', 'hours', 'hour', 'time', 'heures', 'heure', 'horaires'],
  open: ['mo', 'cua', 'opening', 'open', 'opens', 'ouverture', 'ouvert'],
  close: ['dong', 'close', 'closed', 'closing', 'ferme', 'fermeture'],
  palace: ['dai', 'noi', 'imperial', 'citadel', 'palace', 'citadelle', 'imperiale', 'palais', 'thanh', '王', '宫'],
  ticket: ['ve', 'ticket', 'tickets', 'billet', 'billets', 'entree', '门', '票'],
  price: ['gia', 'bao', 'nhieu', 'price', 'cost', 'much', 'fee', 'prix', 'combien', 'tarif', 'tien'],
  hospital: ['benh', 'vien', 'hospital', 'clinic', 'hopital', 'doctor', 'bac', 'si', 'medecin', '医', '院'],
  market: ['cho', 'market', 'marche'],
  river: ['song', 'huong', 'river', 'riviere', 'perfume', 'parfums'],
  pagoda: ['chua', 'thien', 'mu', 'pagoda', 'pagode', 'temple'],
  tomb: ['lang', 'tomb', 'tombeau', 'khai', 'minh', 'mang', 'tu', 'duc'],
  bus: ['xe', 'buyt', 'bus', 'autobus'],
  airport: ['san', 'bay', 'airport', 'aeroport', 'phu', 'flight', 'vol'],
  train: ['ga', 'tau', 'station', 'train', 'gare', 'railway'],
  emergency: ['khan', 'cap', 'cuu', 'emergency', 'urgence', 'help', 'aide', 'ambulance'],
  police: ['cong', 'police', 'policier', 'gendarmerie'],
  garbage: ['rac', 'thai', 'garbage', 'trash', 'waste', 'dechets', 'ordures'],
  water: ['nuoc', 'water', 'eau', 'flood', 'ngap', 'inondation'],
  light: ['den', 'duong', 'street', 'light', 'lamp', 'lampadaire', 'rue', 'eclairage'],
  food: ['bun', 'bo', 'com', 'hen', 'food', 'eat', 'restaurant', 'manger', 'nourriture'],
  phone: ['dien', 'thoai', 'so', 'phone', 'number', 'hotline', 'telephone', 'numero', 'tong'],
  weather: ['thoi', 'tiet', 'mua', 'weather', 'rain', 'meteo', 'pluie'],
  paperwork: ['ho', 'khau', 'giay', 'thu', 'tuc', 'document', 'certificate', 'papers', 'dossier', 'formulaire'],
  city: ['hue', 'city', 'ville', 'thua', 'phuong', 'ward', 'quartier'],
};

/** Frequent words that carry little meaning: own direction, small weight. */
const FUNCTION_WORDS = [
  'o', 'dau', 'khong', 'nao', 'la', 'the', 'a', 'an', 'is', 'are', 'what', 'where', 'when', 'how', 'to', 'of',
  'in', 'for', 'do', 'i', 'can', 'de', 'le', 'les', 'du', 'des', 'ou', 'est', 'quand', 'quel', 'quelle', 'et',
];

const LETTERS = [...'abcdefghijklmnopqrstuvwxyz0123456789đ'];
const PUNCTUATION = [...'?!.,:;-/()'];

// Every plain "d" word also gets its "đ" spelling, sharing the same row, so "Đại Nội" and
// "dai noi" tokenise differently but embed identically.
const withStroke = (word: string): string => word.replace(/^d/, 'đ');

interface VocabEntry {
  token: string;
  /** Token whose row this one reuses. */
  sameAs?: string;
}

function buildVocab(): VocabEntry[] {
  const seen = new Set<string>();
  const out: VocabEntry[] = [];
  const add = (token: string, sameAs?: string): void => {
    if (seen.has(token)) return;
    seen.add(token);
    out.push(sameAs === undefined ? { token } : { token, sameAs });
  };
  for (const s of SPECIALS) add(s);
  const words = [...Object.values(CONCEPTS).flat(), ...FUNCTION_WORDS];
  for (const w of words) add(w);
  for (const w of words) if (w.startsWith('d')) add(withStroke(w), w);
  for (const c of LETTERS) add(c);
  for (const c of LETTERS) add(`##${c}`);
  add('##đ', '##d');
  for (const p of PUNCTUATION) add(p);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Deterministic numbers: each row is seeded from its own key, so adding words never changes the
// rows of existing ones.

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function gaussianStream(key: string): () => number {
  let state = hashString(key) || 1;
  const uniform = (): number => {
    // xorshift32; good enough for fixture weights
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function randomVector(key: string, scale: number): number[] {
  const next = gaussianStream(key);
  return Array.from({ length: H }, () => scale * next());
}

function buildWordTable(vocab: VocabEntry[]): Float32Array {
  const conceptOf = new Map<string, string>();
  for (const [concept, words] of Object.entries(CONCEPTS)) {
    for (const w of words) if (!conceptOf.has(w)) conceptOf.set(w, concept);
  }
  const functionWords = new Set(FUNCTION_WORDS);
  const rowOf = (token: string): number[] => {
    const concept = conceptOf.get(token);
    if (concept !== undefined) {
      const shared = randomVector(`concept:${concept}`, 0.85);
      const own = randomVector(`word:${token}`, 0.5);
      return shared.map((x, i) => x + (own[i] ?? 0));
    }
    if (functionWords.has(token)) return randomVector(`word:${token}`, 0.35);
    // [CLS]/[SEP] appear in every text; keep them small so they do not pull all texts together.
    if ((SPECIALS as readonly string[]).includes(token)) return randomVector(`special:${token}`, 0.1);
    // Single letters / word pieces: unknown words spelled out; moderately weighted.
    return randomVector(`piece:${token}`, 0.6);
  };
  const table = new Float32Array(vocab.length * H);
  vocab.forEach((entry, i) => table.set(rowOf(entry.sameAs ?? entry.token), i * H));
  return table;
}

// ---------------------------------------------------------------------------------------------
// Minimal protobuf encoding: only what an ONNX ModelProto needs (varints and length-delimited).

type Bytes = Uint8Array;

function varint(value: number | bigint): Bytes {
  let n = BigInt(value);
  if (n < 0n) n += 1n << 64n; // negative int64 is encoded as its two's complement
  const out: number[] = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) byte |= 0x80;
    out.push(byte);
  } while (n > 0n);
  return Uint8Array.from(out);
}

const concat = (parts: Bytes[]): Bytes => Buffer.concat(parts);
const tag = (field: number, wireType: 0 | 2): Bytes => varint((field << 3) | wireType);
const intField = (field: number, value: number | bigint): Bytes => concat([tag(field, 0), varint(value)]);
function bytesField(field: number, value: Bytes | string): Bytes {
  const body = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return concat([tag(field, 2), varint(body.length), body]);
}
const messageField = (field: number, parts: Bytes[]): Bytes => bytesField(field, concat(parts));

// ONNX enums and field numbers (onnx.proto3).
const ELEM_FLOAT = 1;
const ELEM_INT64 = 7;
const ATTR_INT = 2;
const OPSET = 13;
const IR_VERSION = 7; // readable by the older onnxruntime builds as well

function float32LittleEndian(values: Float32Array): Bytes {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return new Uint8Array(view.buffer);
}

function int64LittleEndian(values: bigint[]): Bytes {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((v, i) => view.setBigInt64(i * 8, v, true));
  return new Uint8Array(view.buffer);
}

/** TensorProto: dims=1, data_type=2, name=8, raw_data=9. */
function initializer(name: string, dims: number[], elemType: number, raw: Bytes): Bytes {
  return messageField(5, [...dims.map((d) => intField(1, d)), intField(2, elemType), bytesField(8, name), bytesField(9, raw)]);
}

/** ValueInfoProto{name=1, type=2{tensor_type=1{elem_type=1, shape=2{dim=1{dim_value=1 | dim_param=2}}}}}. */
function valueInfo(field: 11 | 12, name: string, elemType: number, dims: Array<number | string>): Bytes {
  const shape = dims.map((d) => messageField(1, [typeof d === 'number' ? intField(1, d) : bytesField(2, d)]));
  return messageField(field, [bytesField(1, name), messageField(2, [messageField(1, [intField(1, elemType), messageField(2, shape)])])]);
}

/** NodeProto: input=1, output=2, name=3, op_type=4, attribute=5{name=1, i=3, type=20}. */
function node(op: string, inputs: string[], outputs: string[], intAttrs: Record<string, number> = {}): Bytes {
  const attrs = Object.entries(intAttrs).map(([k, v]) => messageField(5, [bytesField(1, k), intField(3, v), intField(20, ATTR_INT)]));
  return messageField(1, [
    ...inputs.map((s) => bytesField(1, s)),
    ...outputs.map((s) => bytesField(2, s)),
    bytesField(3, `${op}_${outputs[0] ?? ''}`),
    bytesField(4, op),
    ...attrs,
  ]);
}

function encodeModel(words: Float32Array, vocabSize: number): Bytes {
  const tokenTypes = Float32Array.from(randomVector('token-types', 0.01).concat(randomVector('token-types-b', 0.01)));
  const batchBySeq = ['batch_size', 'sequence_length'];
  const graph = messageField(7, [
    node('Gather', ['word_embeddings', 'input_ids'], ['words'], { axis: 0 }),
    node('Gather', ['token_type_embeddings', 'token_type_ids'], ['types'], { axis: 0 }),
    node('Add', ['words', 'types'], ['summed']),
    node('Cast', ['attention_mask'], ['mask_float'], { to: ELEM_FLOAT }),
    node('Unsqueeze', ['mask_float', 'last_axis'], ['mask_3d']),
    node('Mul', ['summed', 'mask_3d'], ['last_hidden_state']),
    bytesField(2, 'tiny_bert'),
    initializer('word_embeddings', [vocabSize, H], ELEM_FLOAT, float32LittleEndian(words)),
    initializer('token_type_embeddings', [2, H], ELEM_FLOAT, float32LittleEndian(tokenTypes)),
    initializer('last_axis', [1], ELEM_INT64, int64LittleEndian([-1n])),
    ...['input_ids', 'attention_mask', 'token_type_ids'].map((n) => valueInfo(11, n, ELEM_INT64, batchBySeq)),
    valueInfo(12, 'last_hidden_state', ELEM_FLOAT, [...batchBySeq, H]),
  ]);
  // ModelProto: ir_version=1, producer_name=2, graph=7, opset_import=8{domain=1, version=2}
  return concat([intField(1, IR_VERSION), bytesField(2, 'hue-assistant-tiny-bert'), graph, messageField(8, [bytesField(1, ''), intField(2, OPSET)])]);
}

// ---------------------------------------------------------------------------------------------
// Tokenizer and config files.

function tokenizerFiles(vocab: Record<string, number>): Record<string, unknown> {
  const special = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const sequence = (id: string, typeId: number) => ({ Sequence: { id, type_id: typeId } });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map((t) => ({
      id: vocab[t],
      content: t,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0)],
      pair: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0), sequence('B', 1), special('[SEP]', 1)],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [vocab[t]], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 512,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    tokenize_chinese_chars: true,
    clean_up_tokenization_spaces: true,
  };
  return { 'tokenizer.json': tokenizer, 'tokenizer_config.json': tokenizerConfig };
}

/** Writes config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx and onnx/model_quantized.onnx. */
export function writeTinyBert(outDir: string): void {
  const entries = buildVocab();
  const vocab = Object.fromEntries(entries.map((e, i) => [e.token, i]));
  const model = encodeModel(buildWordTable(entries), entries.length);
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: H,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    intermediate_size: H,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    vocab_size: entries.length,
    pad_token_id: 0,
  };
  mkdirSync(join(outDir, 'onnx'), { recursive: true });
  // fp32 is what transformers.js 3.x loads on CPU; the quantized name is what 2.x asks for.
  writeFileSync(join(outDir, 'onnx', 'model.onnx'), model);
  writeFileSync(join(outDir, 'onnx', 'model_quantized.onnx'), model);
  const files: Record<string, unknown> = { 'config.json': config, ...tokenizerFiles(vocab) };
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(outDir, name), `${JSON.stringify(content, null, 1)}\n`);
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const outDir = process.argv[2] ?? 'test/fixtures/models/local/tiny-bert';
  writeTinyBert(outDir);
  console.log(`wrote tiny BERT model to ${outDir}`);
}
