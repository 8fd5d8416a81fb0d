export { decodeOtlpLogs, type OtlpEncoding, type OtlpItem } from './decodeOtlpLogs';
export { OtlpDecodeError } from './errors';
