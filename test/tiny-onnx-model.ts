import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A minimal sentence-transformers-like model written by hand, for the ONNX embedder's tests: a
 * WordLevel tokenizer and an ONNX graph whose only operator is a Gather over an embedding table
 * (input_ids → last_hidden_state), encoded as protobuf here without any ONNX tooling. Words of the
 * same group (cat, kitten, kitty) get nearby rows, so mean pooling puts texts about the same
 * thing closer together.
 */

// Protobuf wire format: varints, and length-delimited fields for strings, messages and packed data.
function varint(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}
const tag = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, value: number) => [...tag(field, 0), ...varint(value)];
const bytes = (field: number, data: number[] | Uint8Array) => [...tag(field, 2), ...varint(data.length), ...data];
const str = (field: number, text: string) => bytes(field, new TextEncoder().encode(text));

const FLOAT = 1;
const INT64 = 7;

/** ValueInfoProto of a tensor; a string dimension is symbolic (batch, sequence). */
function valueInfo(name: string, elemType: number, dims: Array<number | string>): number[] {
  const shape = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, elemType), ...bytes(2, shape)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

function floatTensor(name: string, dims: number[], values: number[]): number[] {
  const data = new Uint8Array(new Float32Array(values).buffer);
  return [...dims.flatMap((d) => int(1, d)), ...int(2, FLOAT), ...str(8, name), ...bytes(9, data)];
}

export function tinyOnnxModel(table: number[][]): Uint8Array {
  const dim = table[0]!.length;
  const node = [...str(1, 'embeddings'), ...str(1, 'input_ids'), ...str(2, 'last_hidden_state'), ...str(3, 'lookup'), ...str(4, 'Gather')];
  const graph = [
    ...bytes(1, node),
    ...str(2, 'tiny'),
    ...bytes(5, floatTensor('embeddings', [table.length, dim], table.flat())),
    ...bytes(11, valueInfo('input_ids', INT64, ['batch', 'sequence'])),
    ...bytes(11, valueInfo('attention_mask', INT64, ['batch', 'sequence'])),
    ...bytes(12, valueInfo('last_hidden_state', FLOAT, ['batch', 'sequence', dim])),
  ];
  const model = [...int(1, 8), ...str(2, 'console-tests'), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...int(2, 13)])];
  return new Uint8Array(model);
}

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
const GROUPS = [
  ['cat', 'cats', 'kitten', 'kitty'],
  ['dog', 'dogs', 'puppy', 'hound'],
  ['car', 'cars', 'truck', 'vehicle'],
  ['port', 'ssh', 'tcp', 'network'],
];
const FUNCTION_WORDS = ['the', 'a', 'is', 'my', 'on', 'which', 'does', 'use'];
export const TINY_DIMENSIONS = 8;

/**
 * Writes `<baseDir>/<name>/` with model.onnx (or onnx/model.onnx), tokenizer.json,
 * tokenizer_config.json and config.json; returns the model directory.
 */
export function writeTinyOnnxModel(baseDir: string, name: string, options: { subfolder?: boolean } = {}): string {
  const vocab = [...SPECIAL, ...GROUPS.flat(), ...FUNCTION_WORDS];
  const table = vocab.map((word, id) => {
    const row = new Array<number>(TINY_DIMENSIONS).fill(0);
    const group = GROUPS.findIndex((g) => g.includes(word));
    if (group >= 0) {
      row[group] = 1;
      // A small, word-specific offset: members of a group are close but not identical.
      row[4 + (id % 4)] = 0.2;
    } else {
      row[4 + (id % 4)] = 0.1;
    }
    return row;
  });
  const dir = path.join(baseDir, name);
  const onnxDir = options.subfolder ? path.join(dir, 'onnx') : dir;
  mkdirSync(onnxDir, { recursive: true });
  writeFileSync(path.join(onnxDir, 'model.onnx'), tinyOnnxModel(table));
  const special = (content: string) => ({
    id: vocab.indexOf(content),
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map(special),
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocab.indexOf('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocab.indexOf('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: null,
    model: { type: 'WordLevel', vocab: Object.fromEntries(vocab.map((word, id) => [word, id])), unk_token: '[UNK]' },
  };
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      model_max_length: 128,
      do_lower_case: true,
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
    }),
  );
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: TINY_DIMENSIONS, vocab_size: vocab.length }),
  );
  return dir;
}
