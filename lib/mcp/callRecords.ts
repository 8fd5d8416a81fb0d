import { buildRecord, type ConnectionFacts, type Outcome, type PendingCall } from './callRecord';
import { randomRecordId } from './recordIds';
import { RecordLines } from './recordLine';
import type { RecorderContext } from './recorderContext';
import { ResultLines } from './resultLines';
import type { ToolFacts } from './toolCatalogue';

const unwritable = (error: unknown): Outcome => ({ kind: 'error', code: undefined, message: `the result could not be written as JSON: ${(error as Error)?.message ?? String(error)}` });

/** Turns one connection's finished calls into record lines for the recorder's sinks. */
export class CallRecords {
  private readonly lines = new RecordLines();
  private readonly resultLines = new ResultLines();

  constructor(private readonly recorder: RecorderContext, private readonly newId: () => string) {}

  /** A record id from the configured source, or a random one when that fails (the call is recorded either way). */
  recordId(): string {
    try {
      return this.newId();
    } catch (error) {
      this.recorder.report(error);
      return randomRecordId();
    }
  }

  /** The common case straight to a line (see ResultLines); false when it needs the general path. */
  emitResult(call: PendingCall, result: unknown, facts: ConnectionFacts, durationMs: number): boolean {
    // The default ids are written straight into the line (no string unless the line must be cut down).
    let id = this.newId === randomRecordId ? undefined : this.recordId();
    const tool = call.tool as ToolFacts | undefined;
    try {
      const encoded = this.resultLines.encode(id, call, result, tool, facts, durationMs);
      if (encoded === undefined) return false;
      let emitted: boolean;
      try {
        emitted = this.recorder.emitLineBytes(encoded.buffer, encoded.length);
        if (!emitted) id ??= this.resultLines.idOf(encoded);
      } finally {
        this.resultLines.done(encoded);
      }
      if (!emitted) this.recorder.emit(buildRecord(id!, call, { kind: 'result', result }, tool, facts, durationMs));
    } catch (error) {
      this.recorder.report(error);
      this.emit(id ?? randomRecordId(), call, unwritable(error), tool, facts, durationMs);
    }
    return true;
  }

  emit(id: string, call: PendingCall, outcome: Outcome, tool: ToolFacts | undefined, facts: ConnectionFacts, durationMs: number, extraAttributes?: Record<string, unknown>): void {
    try {
      const record = buildRecord(id, call, outcome, tool, facts, durationMs, extraAttributes);
      this.recorder.emit(record, this.lines.line(record));
    } catch (error) {
      this.recorder.report(error);
      // A result JSON cannot write (a cycle, a BigInt) still gets its record, saying so: the call did happen.
      if (outcome.kind === 'result') this.emit(id, call, unwritable(error), tool, facts, durationMs, extraAttributes);
    }
  }
}
