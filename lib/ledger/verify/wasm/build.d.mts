/** The module clang builds from executionDocument.c (the same bytes for the same clang). */
export function buildExecutionDocumentWasm(clang?: string): Buffer;
/** The TypeScript module that carries the compiled bytes. */
export function wasmModuleSource(bytes: Buffer): string;
