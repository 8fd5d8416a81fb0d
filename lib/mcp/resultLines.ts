import { IsoSeconds, isObject, META_SIDE_EFFECTS, traceOf, type ConnectionFacts, type PendingCall } from './callRecord';
import { JsonByteWriter } from './jsonBytes';
import { RECORD_ID_LENGTH, writeRecordId } from './recordIds';
import { durationText, field, propertyJson } from './recordLine';
import type { ToolFacts } from './toolCatalogue';

const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');
/** The line's first bytes, with room for the record id (written over the zeros) at ID_AT. */
const HEAD = latin1(`{"id":"${'0'.repeat(RECORD_ID_LENGTH)}","timestamp":"`);
const ID_AT = 7;
const ARGUMENTS = latin1(',"arguments":');
const ARGUMENTS_URI = latin1(',"arguments":{"uri":');
const OUTPUT = latin1(',"output":');
const NOT_ERROR_DURATION = latin1(',"is_error":false,"duration_ms":');

/** Records are encoded one at a time, synchronously; the flag covers a toJSON that records a call of its own. */
const shared = new JsonByteWriter();
let sharedBusy = false;

/**
 * The line of the call almost every record is: a tools/call or resources/read answered with a
 * plain result. Encoded straight to UTF-8 bytes from the pending call and the response, exactly as
 * `JSON.stringify(buildRecord(…))` would be (a unit test holds the two together), without building
 * the record object, any per-call string but the id, or the line as a string: on a trivial tool the
 * recorder's whole cost is this path, and what it allocates shows in the server's own GC pauses.
 * The fields that repeat call after call on a connection are kept encoded and copied in as bytes.
 * Arguments and output are encoded synchronously, so the line says what the client was sent even
 * if the tool mutates its result object afterwards.
 *
 * `encode` answers undefined for anything else (errors, prompts, declared side effects, malformed
 * params): those take buildRecord and `RecordLines.line`.
 */
export class ResultLines {
  private constantFacts: ConnectionFacts | undefined;
  private constantMethod = '';
  private constantToolName: string | undefined;
  private constantTool: ToolFacts | undefined;
  private constantUser: string | undefined;
  private constantBytes: Buffer = Buffer.alloc(0);
  private attributesFrom: unknown;
  private attributesBytes: Buffer = Buffer.alloc(0);
  private readonly seconds = new IsoSeconds();
  private headPrefix: Uint8Array | undefined;
  private headBytes: Buffer = Buffer.alloc(0);

  /** The line as text (tests, and callers that need a string). */
  line(id: string, call: PendingCall, result: unknown, tool: ToolFacts | undefined, facts: ConnectionFacts, durationMs: number): string | undefined {
    const writer = this.encode(id, call, result, tool, facts, durationMs);
    if (writer === undefined) return undefined;
    const text = writer.buffer.toString('utf8', 0, writer.length);
    this.done(writer);
    return text;
  }

  /**
   * The line's bytes (no newline) in `writer.buffer[0, writer.length)`, or undefined for the general path.
   * The caller hands them on (sinks copy them) and then calls `done(writer)`. Without an `id` (only for
   * the default id source) a fresh random one is written straight into the line; `idOf` reads it back.
   */
  encode(id: string | undefined, call: PendingCall, result: unknown, tool: ToolFacts | undefined, facts: ConnectionFacts, durationMs: number): JsonByteWriter | undefined {
    const method = call.method;
    const params = call.params;
    if (method === 'prompts/get' || !isObject(result) || result.isError === true || !isObject(params)) return undefined;
    const resultMeta = result._meta;
    if (resultMeta !== undefined && isObject(resultMeta) && resultMeta[META_SIDE_EFFECTS] !== undefined) return undefined;
    let toolName: string | undefined;
    let args: unknown;
    if (method === 'tools/call') {
      const name = params.name;
      args = params.arguments;
      if (typeof name !== 'string' || (args !== undefined && !isObject(args))) return undefined;
      toolName = name;
    } else if (typeof params.uri !== 'string') return undefined;
    if (facts.attributes !== this.attributesFrom) {
      this.attributesFrom = facts.attributes;
      // The last field, so the line's closing brace comes with it.
      this.attributesBytes = Buffer.from(`${field('attributes', facts.attributes)}}`, 'utf8');
    }
    // Held here: a toJSON in the arguments or output that records a call of its own through this instance
    // would otherwise leave its connection's attributes in the cache for this line's end.
    const attributesBytes = this.attributesBytes;
    const writer = sharedBusy ? new JsonByteWriter() : shared;
    if (writer === shared) sharedBusy = true;
    writer.reset();
    try {
      if (id === undefined) {
        // The head with this second's timestamp text in one copy, then the id over its placeholder.
        const within = this.seconds.millisOf(call.startedAt);
        writer.bytes(this.head());
        writeRecordId(writer.buffer, ID_AT);
        millis(writer, within);
      } else {
        writer.ascii('{"id":');
        writer.string(id);
        writer.ascii(',"timestamp":"');
        this.timestamp(writer, call.startedAt);
      }
      writer.bytes(this.constant(facts, method, toolName, tool, call.userId));
      const requestId = call.id;
      if (typeof requestId === 'number') {
        writer.byte(0x22); // "
        if (requestId >= 0 && requestId <= 0x7fffffff && (requestId | 0) === requestId) writer.digits(requestId);
        else writer.ascii(String(requestId));
        writer.byte(0x22);
      } else {
        writer.string(String(requestId));
      }
      if (params._meta !== undefined) traceBytes(writer, params);
      if (method === 'tools/call') {
        if (args !== undefined) {
          writer.bytes(ARGUMENTS);
          if (!jsonOrFallback(writer, args, 'arguments')) return this.done(writer); // an odd toJSON: the plain path omits the key
        }
      } else {
        writer.bytes(ARGUMENTS_URI);
        writer.string(params.uri as string);
        writer.ascii('}');
      }
      writer.bytes(OUTPUT);
      if (!jsonOrFallback(writer, result, 'output')) return this.done(writer);
      writer.bytes(NOT_ERROR_DURATION);
      duration(writer, durationMs);
      if (call.sideEffects !== undefined && call.sideEffects.length > 0) {
        const before = writer.length;
        writer.ascii(',"side_effects":');
        if (!jsonOrFallback(writer, call.sideEffects, 'side_effects')) writer.length = before; // JSON.stringify leaves the key out
      }
      writer.bytes(attributesBytes);
      return writer;
    } catch (error) {
      this.done(writer);
      throw error;
    }
  }

  /** The id `encode` wrote into a line it was given no id for. */
  idOf(writer: JsonByteWriter): string {
    return writer.buffer.toString('latin1', ID_AT, ID_AT + RECORD_ID_LENGTH);
  }

  /** Gives the shared writer back; always answers undefined. */
  done(writer: JsonByteWriter): undefined {
    if (writer === shared) sharedBusy = false;
    return undefined;
  }

  /** `<toISOString()>"` after the opening quote: the second's text kept, the milliseconds written as digits (ISO dates hold nothing JSON escapes). */
  private timestamp(writer: JsonByteWriter, ms: number): void {
    const within = this.seconds.millisOf(ms);
    writer.bytes(this.seconds.prefixBytes);
    millis(writer, within);
  }

  /** HEAD followed by the current second's `YYYY-MM-DDTHH:mm:ss.`, remade when the second moves on. */
  private head(): Buffer {
    const prefix = this.seconds.prefixBytes;
    if (prefix !== this.headPrefix) {
      this.headPrefix = prefix;
      this.headBytes = Buffer.concat([HEAD, prefix]);
    }
    return this.headBytes;
  }

  /** environment … agent_id and the `request_id` key: the same call after call on a connection, so encoded once while they stay so. */
  private constant(facts: ConnectionFacts, method: string, toolName: string | undefined, tool: ToolFacts | undefined, userId: string | undefined): Buffer {
    if (facts === this.constantFacts && method === this.constantMethod && toolName === this.constantToolName && tool === this.constantTool && userId === this.constantUser) {
      return this.constantBytes;
    }
    this.constantFacts = facts;
    this.constantMethod = method;
    this.constantToolName = toolName;
    this.constantTool = tool;
    this.constantUser = userId;
    const text = `${field('environment', facts.environment)}${field('server_name', facts.serverName)}${field('server_version', facts.serverVersion)}`
      + `${field('method', method)}${field('tool_name', toolName)}${field('tool_version', tool ? tool.version ?? facts.serverVersion : undefined)}`
      + `${field('input_schema_hash', tool?.inputSchemaHash)}${field('user_id', userId)}${field('session_id', facts.sessionId)}${field('agent_id', facts.agentId)}`
      + ',"request_id":'; // always next: its value follows
    this.constantBytes = Buffer.from(text, 'utf8');
    return this.constantBytes;
  }
}

/** The milliseconds of a timestamp, its `Z` and closing quote. */
function millis(writer: JsonByteWriter, within: number): void {
  writer.ensure(5);
  const buffer = writer.buffer;
  const at = writer.length;
  buffer[at] = 0x30 + ((within / 100) | 0);
  buffer[at + 1] = 0x30 + (((within / 10) | 0) % 10);
  buffer[at + 2] = 0x30 + (within % 10);
  buffer[at + 3] = 0x5a; // Z
  buffer[at + 4] = 0x22; // "
  writer.length = at + 5;
}

/** JSON.stringify's bytes of the record's property `key`; false when it serialises to nothing. */
function jsonOrFallback(writer: JsonByteWriter, value: unknown, key: string): boolean {
  if (writer.json(value, key)) return true;
  const text = propertyJson(key, value);
  if (text === undefined) return false;
  writer.utf8(text);
  return true;
}

/** `durationText(ms)` as bytes, from integers (see durationText). */
function duration(writer: JsonByteWriter, ms: number): void {
  const micros = Math.round(ms * 1000);
  if (!(micros >= 0 && micros <= 0x7fffffff)) {
    writer.ascii(durationText(ms));
    return;
  }
  const whole = (micros / 1000) | 0;
  writer.digits(whole);
  const fraction = micros - whole * 1000;
  if (fraction === 0) return;
  writer.ensure(4);
  const buffer = writer.buffer;
  let at = writer.length;
  const tenths = (fraction / 100) | 0;
  const hundredths = ((fraction / 10) | 0) % 10;
  const thousandths = fraction % 10;
  buffer[at++] = 0x2e; // .
  buffer[at++] = 0x30 + tenths;
  if (hundredths !== 0 || thousandths !== 0) buffer[at++] = 0x30 + hundredths;
  if (thousandths !== 0) buffer[at++] = 0x30 + thousandths;
  writer.length = at;
}

function traceBytes(writer: JsonByteWriter, params: Record<string, unknown>): void {
  const { trace_id: traceId, span_id: spanId } = traceOf(params);
  if (traceId === undefined) return;
  writer.ascii(',"trace_id":"');
  writer.ascii(traceId);
  writer.ascii('","span_id":"');
  writer.ascii(spanId!);
  writer.ascii('"');
}
