import type { Environment } from '../../../environment';
import { arena, documentBytes, ensure, startDocument } from '../../documentArena';
import { sha256Latin1 } from '../../hashes';
import type { CopyRow } from '../binaryCopy';
import { EXECUTION_DOCUMENT_WASM } from './executionDocumentWasm';

/** Where a document field's value comes from (executionCopy.ts lists them). */
export type FieldKind = 'constant' | 'environment' | 'raw' | 'text' | 'json' | 'timestamp' | 'boolean' | 'float8' | 'int4';

/** One key of the canonical document, in document order. */
export interface DocumentField {
  kind: FieldKind;
  /** Its column in the COPY row; -1 for the constant and the environment. */
  column: number;
  required: boolean;
  /** `"name":` and `,"name":` */
  key: Buffer;
  commaKey: Buffer;
  /** The JSON literal of a constant field. */
  constant?: Buffer;
}

// The numbers executionDocument.c gives the kinds (its enum Kind).
const KIND_CODES: Record<FieldKind, number> = { constant: 0, environment: 1, raw: 2, text: 3, json: 4, timestamp: 5, boolean: 6, float8: 7, int4: 8 };

interface Exports {
  memory: WebAssembly.Memory;
  inputBuffer(): number;
  outputBuffer(): number;
  literalBuffer(): number;
  inputSize(): number;
  literalSize(): number;
  defineField(kind: number, column: number, required: number, key: number, keyLength: number, commaKey: number, commaKeyLength: number, value: number, valueLength: number): number;
  setColumnCount(count: number): void;
  document(length: number, environment: number, environmentLength: number, whole: number): number;
}

/**
 * Writes rows' canonical documents with the WebAssembly build of executionDocument.c: the same bytes
 * as the JavaScript writer (executionCopy.ts), which stays the reference — write() answers null for
 * any row the module leaves to it.
 */
export class WasmDocumentWriter {
  readonly #exports: Exports;
  // Held apart from the exports object: a property load per row there showed in profiles.
  readonly #run: Exports['document'];
  #memory: Buffer;
  readonly #input: number;
  readonly #inputSize: number;
  readonly #output: number;
  readonly #environments = new Map<Environment, { offset: number; length: number }>();
  /** Rows written here, and rows left to the JavaScript writer. */
  written = 0;
  declined = 0;
  /** Of those written, how many came as a whole COPY message (leafHashOfMessage). */
  wholeMessages = 0;
  /** Numbers the module handed back to JSON.stringify (it prints plain decimals and whole microseconds itself). */
  hostNumbers = 0;

  private constructor(fields: readonly DocumentField[], columns: number, environments: Record<Environment, Buffer>) {
    // The module calls back for numbers it cannot print as plainly as JSON.stringify would (see short_double and plain_decimal).
    const imports = {
      env: {
        formatDouble: (value: number, out: number) => this.#writeNumber(value, out),
        canonicalNumber: (text: number, length: number, out: number) => this.#writeNumber(Number(this.#bytes().toString('latin1', text, text + length)), out),
      },
    };
    const instance = new WebAssembly.Instance(new WebAssembly.Module(EXECUTION_DOCUMENT_WASM), imports);
    this.#exports = instance.exports as unknown as Exports;
    this.#run = this.#exports.document;
    this.#memory = Buffer.from(this.#exports.memory.buffer);
    this.#input = this.#exports.inputBuffer();
    this.#inputSize = this.#exports.inputSize();
    this.#output = this.#exports.outputBuffer();
    const literalBase = this.#exports.literalBuffer();
    let used = 0;
    const literal = (bytes: Buffer | undefined) => {
      if (!bytes) return [0, 0] as const;
      if (used + bytes.length > this.#exports.literalSize()) throw new RangeError('document literals do not fit');
      bytes.copy(this.#memory, literalBase + used);
      used += bytes.length;
      return [used - bytes.length, bytes.length] as const;
    };
    for (const field of fields) {
      const defined = this.#exports.defineField(KIND_CODES[field.kind], field.column, field.required ? 1 : 0, ...literal(field.key), ...literal(field.commaKey), ...literal(field.constant));
      if (defined < 0) throw new RangeError('too many document fields');
    }
    this.#exports.setColumnCount(columns);
    for (const [environment, json] of Object.entries(environments) as Array<[Environment, Buffer]>) {
      const [offset, length] = literal(json);
      this.#environments.set(environment, { offset, length });
    }
  }

  /** A writer, or null where WebAssembly cannot run (the JavaScript writer then does all rows). */
  static create(fields: readonly DocumentField[], columns: number, environments: Record<Environment, Buffer>): WasmDocumentWriter | null {
    if (typeof WebAssembly !== 'object') return null;
    try {
      return new WasmDocumentWriter(fields, columns, environments);
    } catch {
      return null; // a runtime that refuses to compile it (--jitless, say): the JavaScript writer does every row
    }
  }

  // The module never grows its memory, but a view of a detached buffer would read as empty: renew it then.
  #bytes(): Buffer {
    if (this.#memory.byteLength === 0) this.#memory = Buffer.from(this.#exports.memory.buffer);
    return this.#memory;
  }

  #writeNumber(value: number, out: number): number {
    this.hostNumbers++;
    if (!Number.isFinite(value)) return -1;
    const text = JSON.stringify(value);
    const memory = this.#bytes();
    for (let i = 0; i < text.length; i++) memory[out + i] = text.charCodeAt(i);
    return text.length;
  }

  /** The row's document in the arena (documentArena.ts), or null to leave the row to the JavaScript writer. */
  write(row: CopyRow, environment: Environment): Buffer | null {
    const length = this.#rowDocument(row, environment);
    if (length < 0) return null;
    const memory = this.#bytes();
    startDocument(length);
    ensure(length);
    memory.copy(arena.bytes, arena.at, this.#output, this.#output + length);
    arena.at += length;
    return documentBytes();
  }

  /**
   * The row's RFC 6962 leaf hash, SHA-256(0x00 ‖ document), as sha256Latin1 gives it, hashed where the
   * module wrote the document (after a zero byte); null to leave the row to the JavaScript writer.
   */
  leafHash(row: CopyRow, environment: Environment): string | null {
    const length = this.#rowDocument(row, environment);
    return length < 0 ? null : this.#outputLeaf(length);
  }

  /**
   * leafHash of a COPY message that holds exactly one row (what PostgreSQL sends per row), without
   * splitting it into fields here first; null if it is not one whole row or the row is declined
   * (the caller then parses it and asks again row by row, where a declined row is counted).
   */
  leafHashOfMessage(message: Buffer, environment: Environment): string | null {
    const length = this.#runOn(message, 0, message.length, environment, true);
    if (length < 0) return null;
    this.written++;
    this.wholeMessages++;
    return this.#outputLeaf(length);
  }

  /** Writes a parsed row's document at #output and answers its length; -1 (counted) when declined. */
  #rowDocument(row: CopyRow, environment: Environment): number {
    const { buffer, start, end } = row;
    const last = start.length - 1;
    // The row as COPY sent it: its field count and each field's length before the first value.
    const length = this.#runOn(buffer, start[0]! - 6, end[last] === -1 ? start[last]! : end[last]!, environment, false);
    if (length < 0) {
      this.declined++;
      return -1;
    }
    this.written++;
    return length;
  }

  /** Runs the module on bytes[from, to) (one row; with `whole`, exactly one): the document's length, or negative when it leaves the row. */
  #runOn(bytes: Buffer, from: number, to: number, environment: Environment, whole: boolean): number {
    const literal = this.#environments.get(environment);
    if (!literal || to - from > this.#inputSize) return -1;
    bytes.copy(this.#bytes(), this.#input, from, to);
    try {
      return this.#run(to - from, literal.offset, literal.length, whole ? 1 : 0);
    } catch {
      return -1; // a trap (it has no known cause): the reference path writes the row
    }
  }

  /** SHA-256(0x00 ‖ the document the module just wrote), as sha256Latin1 gives it. */
  #outputLeaf(length: number): string {
    return sha256Latin1(new Uint8Array(this.#bytes().buffer, this.#output - 1, length + 1));
  }
}
