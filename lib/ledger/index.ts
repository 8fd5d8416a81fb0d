export { GENESIS_CHAIN_HASH, canonicalBytes, chainHash, leafHash, sha256 } from './hashes';
export { executionDocument, quarantineDocument } from './documents';
export { documentFromExecutionRow, documentFromQuarantineRow, type ExecutionRow } from './rowDocuments';
export { createCheckpoint, findCheckpoint, checkpointGrownLogs, extendAllMerkleTiles, type StoredCheckpoint } from './checkpoints';
export { ledgerSigner, logOrigin, ledgerKeyName } from './ledgerIdentity';
export { consistencyProofFor, inclusionProofFor, listLedgerKeys, readEntries, ProofRequestError, MAX_ENTRIES_PER_REQUEST } from './proofs';
export { getLedgerOverview, type LedgerOverview } from './getLedgerOverview';
export { latestVerification, startVerification, type VerificationRunView } from './verify/verificationRuns';
