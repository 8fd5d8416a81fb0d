/**
 * Warden's MCP recorder: one execution record (v1) per tools/call, prompts/get and resources/read of
 * any TypeScript MCP server, sent to a JSON-lines file for a log shipper or straight to Warden.
 * Standalone: no Next.js, Prisma or database code behind this face.
 *
 *     import { recordMcpServer, jsonlFileSink, httpSink } from './lib/mcp';
 *     recordMcpServer(server, { sinks: [httpSink({ url, token, spillPath })] });
 */
export { recordMcpServer, type ConnectableServer } from './recordMcpServer';
export { createRecorder, Recorder, type RecorderOptions, type RecorderStats } from './recorder';
export type { ConnectionOptions } from './recorderContext';
export { reportSideEffect, SIDE_EFFECT_NOTIFICATION } from './sideEffects';
export { flushOnShutdown, type ShutdownOptions } from './flushOnShutdown';
export { META_CHECKSUM, META_SIDE_EFFECTS, META_VERSION } from './callRecord';
export { RECORDED_METHODS, recordEnvironment, type McpExecutionRecord, type RecordEnvironment, type SideEffect } from './executionRecord';
export { jsonlFileSink, JsonlFileSink, type JsonlFileSinkOptions } from './sinks/jsonlFileSink';
export { httpSink, HttpSink, type HttpSinkOptions, type HttpSinkStats } from './sinks/httpSink';
export { memorySink, stderrReporter, type ErrorReporter, type RecordSink } from './sinks/recordSink';
