import protobuf from 'protobufjs';

/*
 * Vendored from open-telemetry/opentelemetry-proto (Apache License 2.0, Copyright The OpenTelemetry Authors):
 * common/v1/common.proto, resource/v1/resource.proto, logs/v1/logs.proto, collector/logs/v1/logs_service.proto.
 * Embedded as text because files read through fs at runtime do not survive the Next.js bundle. Comments and
 * language options are stripped; field names, numbers and types are upstream's. Resource.entity_refs
 * (field 3, still in development upstream) is left out: protobuf skips it as an unknown field.
 */
const COMMON_PROTO = `
syntax = "proto3";
package opentelemetry.proto.common.v1;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue {
  string key = 1;
  AnyValue value = 2;
}
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
`;

const RESOURCE_PROTO = `
syntax = "proto3";
package opentelemetry.proto.resource.v1;

message Resource {
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 1;
  uint32 dropped_attributes_count = 2;
}
`;

const LOGS_PROTO = `
syntax = "proto3";
package opentelemetry.proto.logs.v1;

message LogsData { repeated ResourceLogs resource_logs = 1; }
message ResourceLogs {
  reserved 1000;
  opentelemetry.proto.resource.v1.Resource resource = 1;
  repeated ScopeLogs scope_logs = 2;
  string schema_url = 3;
}
message ScopeLogs {
  opentelemetry.proto.common.v1.InstrumentationScope scope = 1;
  repeated LogRecord log_records = 2;
  string schema_url = 3;
}
enum SeverityNumber {
  SEVERITY_NUMBER_UNSPECIFIED = 0;
  SEVERITY_NUMBER_TRACE = 1;
  SEVERITY_NUMBER_TRACE2 = 2;
  SEVERITY_NUMBER_TRACE3 = 3;
  SEVERITY_NUMBER_TRACE4 = 4;
  SEVERITY_NUMBER_DEBUG = 5;
  SEVERITY_NUMBER_DEBUG2 = 6;
  SEVERITY_NUMBER_DEBUG3 = 7;
  SEVERITY_NUMBER_DEBUG4 = 8;
  SEVERITY_NUMBER_INFO = 9;
  SEVERITY_NUMBER_INFO2 = 10;
  SEVERITY_NUMBER_INFO3 = 11;
  SEVERITY_NUMBER_INFO4 = 12;
  SEVERITY_NUMBER_WARN = 13;
  SEVERITY_NUMBER_WARN2 = 14;
  SEVERITY_NUMBER_WARN3 = 15;
  SEVERITY_NUMBER_WARN4 = 16;
  SEVERITY_NUMBER_ERROR = 17;
  SEVERITY_NUMBER_ERROR2 = 18;
  SEVERITY_NUMBER_ERROR3 = 19;
  SEVERITY_NUMBER_ERROR4 = 20;
  SEVERITY_NUMBER_FATAL = 21;
  SEVERITY_NUMBER_FATAL2 = 22;
  SEVERITY_NUMBER_FATAL3 = 23;
  SEVERITY_NUMBER_FATAL4 = 24;
}
enum LogRecordFlags {
  LOG_RECORD_FLAGS_DO_NOT_USE = 0;
  LOG_RECORD_FLAGS_TRACE_FLAGS_MASK = 0x000000FF;
}
message LogRecord {
  reserved 4;
  fixed64 time_unix_nano = 1;
  fixed64 observed_time_unix_nano = 11;
  SeverityNumber severity_number = 2;
  string severity_text = 3;
  opentelemetry.proto.common.v1.AnyValue body = 5;
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 6;
  uint32 dropped_attributes_count = 7;
  fixed32 flags = 8;
  bytes trace_id = 9;
  bytes span_id = 10;
  string event_name = 12;
}
`;

const LOGS_SERVICE_PROTO = `
syntax = "proto3";
package opentelemetry.proto.collector.logs.v1;

service LogsService {
  rpc Export(ExportLogsServiceRequest) returns (ExportLogsServiceResponse) {}
}
message ExportLogsServiceRequest {
  repeated opentelemetry.proto.logs.v1.ResourceLogs resource_logs = 1;
}
message ExportLogsServiceResponse {
  ExportLogsPartialSuccess partial_success = 1;
}
message ExportLogsPartialSuccess {
  int64 rejected_log_records = 1;
  string error_message = 2;
}
`;

let root: protobuf.Root | undefined;

/** The parsed schema, built on first use so importing this module costs nothing. */
export function otlpLogsRoot(): protobuf.Root {
  if (root) return root;
  // Without long.js, protobufjs silently decodes 64-bit fields to imprecise numbers; nanosecond
  // timestamps and int64 attributes would be corrupted, so refuse rather than ingest wrong values.
  if (!protobuf.util.Long) throw new Error('protobufjs was loaded without long.js; 64-bit OTLP fields would lose precision');
  const parsed = new protobuf.Root();
  for (const text of [COMMON_PROTO, RESOURCE_PROTO, LOGS_PROTO, LOGS_SERVICE_PROTO]) protobuf.parse(text, parsed);
  parsed.resolveAll();
  root = parsed;
  return root;
}

export function exportLogsServiceRequestType(): protobuf.Type {
  return otlpLogsRoot().lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
}
