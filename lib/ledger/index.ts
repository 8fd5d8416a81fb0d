export { GENESIS_CHAIN_HASH, canonicalBytes, chainHash, leafHash, sha256 } from './hashes';
export { executionDocument, quarantineDocument } from './documents';
export { documentFromExecutionRow, documentFromQuarantineRow, type ExecutionRow } from './rowDocuments';
