/*
 * The canonical (RFC 8785) document of one `executions` row, written from the row as binary COPY
 * sends it: the same bytes executionCopy.ts's writeDocument writes, several times faster. Built to
 * WebAssembly by build.mjs; executionDocument.ts runs it.
 *
 * It never decides anything on its own: whatever it is not sure to write exactly as the JavaScript
 * path would (invalid JSON, keys that need UTF-16 ordering, dates outside 1970–9999, a row too big
 * for its buffers, …) makes document() answer -1, and the caller writes that row in JavaScript,
 * which stays the reference and raises the errors. Numbers that are not short integers are
 * printed by the host (JSON.stringify), so the shortest-round-trip rule has one implementation.
 */

typedef unsigned char u8;
typedef int i32;
typedef unsigned int u32;
typedef long long i64;
typedef unsigned long long u64;

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))

/* JSON.stringify(value) written at `out`; -1 when it is not finite. */
IMPORT("formatDouble") i32 format_double(double value, u8 *out);
/* JSON.stringify(Number(text)) written at `out`; -1 when it is not finite. */
IMPORT("canonicalNumber") i32 canonical_number(const u8 *text, i32 length, u8 *out);

#define INPUT_SIZE (1 << 20)
#define OUTPUT_SIZE (16 << 20)
/* Room kept free past the limit: a number (≤ 25 bytes) or a key is written before the next check. */
#define SLACK 4096
#define LIMIT (OUTPUT_SIZE - SLACK)
#define MAX_FIELDS 64
#define MAX_COLUMNS 64
#define MAX_MEMBERS 8192
#define MAX_DEPTH 256

static u8 input[INPUT_SIZE];
/* The document follows a zero byte, so that 0x00 ‖ document, what the leaf hash takes, is one run of memory. */
static u8 leaf_input[1 + OUTPUT_SIZE];
#define output (leaf_input + 1)
static u8 literals[8192];

EXPORT("inputBuffer") u8 *input_buffer(void) { return input; }
EXPORT("outputBuffer") u8 *output_buffer(void) { return output; }
EXPORT("literalBuffer") u8 *literal_buffer(void) { return literals; }
EXPORT("inputSize") i32 input_size(void) { return INPUT_SIZE; }
EXPORT("literalSize") i32 literal_size(void) { return sizeof literals; }

enum Kind { CONSTANT, ENVIRONMENT, RAW, TEXT, JSON, TIMESTAMP, BOOLEAN, FLOAT8, INT4 };

struct Field {
  i32 kind, column, required;
  /* `"key":` and `,"key":` */
  i32 key, key_length, comma_key, comma_key_length;
  /* CONSTANT: the JSON literal */
  i32 value, value_length;
};
static struct Field fields[MAX_FIELDS];
static i32 field_count;
static i32 column_count;

/* Offsets into `literals`, which the host fills before calling. */
EXPORT("defineField") i32 define_field(i32 kind, i32 column, i32 required, i32 key, i32 key_length, i32 comma_key, i32 comma_key_length, i32 value, i32 value_length) {
  if (field_count >= MAX_FIELDS || column >= MAX_COLUMNS) return -1;
  struct Field *f = &fields[field_count++];
  f->kind = kind; f->column = column; f->required = required;
  f->key = key; f->key_length = key_length; f->comma_key = comma_key; f->comma_key_length = comma_key_length;
  f->value = value; f->value_length = value_length;
  return field_count;
}

EXPORT("setColumnCount") void set_column_count(i32 count) { column_count = count; }

/* ---- writing ---- */

static i32 o;    /* next byte of output */
static i32 bad;  /* set once the row must go to the JavaScript path */

/* memory.copy is a call into the engine: a loop is quicker for the few bytes of most keys and values. */
static void copy(u8 *to, const u8 *from, i32 length) {
  if (length > 48) {
    __builtin_memcpy(to, from, length);
    return;
  }
  for (i32 i = 0; i < length; i++) to[i] = from[i];
}

static void put(const u8 *bytes, i32 length) {
  copy(output + o, bytes, length);
  o += length;
}

static const u8 HEX[] = "0123456789abcdef";

/* Eight bytes at a time (SWAR): text is mostly long runs of bytes that are copied as they are. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static u64 load8(const u8 *p) { u64 v; __builtin_memcpy(&v, p, 8); return v; }
static void store8(u8 *p, u64 v) { __builtin_memcpy(p, &v, 8); }
/* Nonzero when some byte of v is zero. */
static u64 zero_byte(u64 v) { return (v - ONES) & ~v & HIGHS; }
/* Nonzero when some byte of v is below 0x20, '"' or '\\'. */
static u64 needs_escape(u64 v) { return ((v - 0x20 * ONES) & ~v & HIGHS) | zero_byte(v ^ ('"' * ONES)) | zero_byte(v ^ ('\\' * ONES)); }

/* Sixteen bytes at a time (WebAssembly SIMD), with the first byte that needs attention found by its lane's bit. */
typedef signed char i8x16 __attribute__((vector_size(16)));
typedef unsigned char u8x16 __attribute__((vector_size(16)));
static u8x16 load16(const u8 *p) { u8x16 v; __builtin_memcpy(&v, p, 16); return v; }
static void store16(u8 *p, u8x16 v) { __builtin_memcpy(p, &v, 16); }
/* Bit i set when byte i is below 0x20, '"' or '\\' (JSON.stringify escapes it). */
static u32 escape_lanes(u8x16 v) { return (u32)__builtin_wasm_bitmask_i8x16((i8x16)((v < 0x20) | (v == '"') | (v == '\\'))); }
/* Bit i set when byte i is not ASCII. */
static u32 high_lanes(u8x16 v) { return (u32)__builtin_wasm_bitmask_i8x16((i8x16)v); }

/* JSON.stringify of UTF-8 text: the bytes below 0x20, '"' and '\' escaped, all else as it is. */
static void json_string(const u8 *text, i32 length) {
  if (o + 6 * length + 2 > LIMIT) { bad = 1; return; }
  u8 *w = output + o;
  *w++ = '"';
  i32 i = 0;
  while (i < length) {
    if (i + 16 <= length) {
      u8x16 v = load16(text + i);
      u32 lanes = escape_lanes(v);
      /* All sixteen written even when fewer are plain: the room checked above covers them, and what follows overwrites. */
      store16(w, v);
      if (!lanes) { w += 16; i += 16; continue; }
      i32 plain = __builtin_ctz(lanes);
      w += plain;
      i += plain;
    } else if (i + 8 <= length && !needs_escape(load8(text + i))) {
      store8(w, load8(text + i));
      w += 8;
      i += 8;
      continue;
    }
    u8 c = text[i++];
    if (c >= 0x20 && c != '"' && c != '\\') { *w++ = c; continue; }
    *w++ = '\\';
    switch (c) {
      case '"': *w++ = '"'; break;
      case '\\': *w++ = '\\'; break;
      case '\b': *w++ = 'b'; break;
      case '\t': *w++ = 't'; break;
      case '\n': *w++ = 'n'; break;
      case '\f': *w++ = 'f'; break;
      case '\r': *w++ = 'r'; break;
      default: *w++ = 'u'; *w++ = '0'; *w++ = '0'; *w++ = HEX[c >> 4]; *w++ = HEX[c & 15];
    }
  }
  *w++ = '"';
  o = (i32)(w - output);
}

static void hex_string(const u8 *bytes, i32 length) {
  if (o + 2 * length + 2 > LIMIT) { bad = 1; return; }
  output[o++] = '"';
  for (i32 i = 0; i < length; i++) {
    output[o++] = HEX[bytes[i] >> 4];
    output[o++] = HEX[bytes[i] & 15];
  }
  output[o++] = '"';
}

static void digits(u8 *at, i64 value, i32 width) {
  for (i32 i = width - 1; i >= 0; i--, value /= 10) at[i] = (u8)('0' + value % 10);
}

static i64 floor_div(i64 a, i64 b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

/* `"<Date#toISOString()>"` of Unix milliseconds, for years 1970–9999 only (as fixedWidthFields.ts). */
static void iso_timestamp(i64 millis) {
  if (!(millis >= 0 && millis < 253402300800000LL)) { bad = 1; return; }
  i64 days = millis / 86400000LL;
  i64 time = millis - days * 86400000LL;
  i64 shifted = days + 719468;
  i64 era = floor_div(shifted, 146097);
  i64 day_of_era = shifted - era * 146097;
  i64 year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  i64 day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  i64 month_from_march = (5 * day_of_year + 2) / 153;
  i64 month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
  u8 *t = output + o;
  put((const u8 *)"\"0000-00-00T00:00:00.000Z\"", 26);
  digits(t + 1, year_of_era + era * 400 + (month <= 2 ? 1 : 0), 4);
  digits(t + 6, month, 2);
  digits(t + 9, day_of_year - (153 * month_from_march + 2) / 5 + 1, 2);
  digits(t + 12, time / 3600000, 2);
  digits(t + 15, (time / 60000) % 60, 2);
  digits(t + 18, (time / 1000) % 60, 2);
  digits(t + 21, time % 1000, 3);
}

static void int32_text(i32 value) {
  i64 v = value;
  if (v < 0) { output[o++] = '-'; v = -v; }
  i32 count = 1;
  for (i64 rest = v; rest >= 10; rest /= 10) count++;
  digits(output + o, v, count);
  o += count;
}

static i32 read_i32(const u8 *p) { return (i32)((u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | (u32)p[3]); }
static i64 read_i64(const u8 *p) { return (i64)((u64)(u32)read_i32(p) << 32 | (u32)read_i32(p + 4)); }

/* ---- stored JSON text → canonical JSON (jsonBytes.ts's writeJsonText) ---- */

static const u8 *src;
static i32 pos, end;
static i32 depth;

struct Member { i32 start, key_end, end; };
static struct Member members[MAX_MEMBERS];
static i32 member_top;

static void skip_whitespace(void) {
  while (pos < end) {
    u8 c = src[pos];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
    pos++;
  }
}

/* Whether the escape at text[p] (a backslash) is written as JSON.stringify writes it: \" \\ \b \f \n \r \t,
 * or \u00xx in lower case for the other control characters; its length, else 0. */
static i32 stringify_escape(const u8 *text, i32 p, i32 stop) {
  if (p + 1 >= stop) return 0;
  switch (text[p + 1]) {
    case '"': case '\\': case 'b': case 'f': case 'n': case 'r': case 't': return 2;
    case 'u': break;
    default: return 0;
  }
  if (p + 5 >= stop || text[p + 2] != '0' || text[p + 3] != '0' || (text[p + 4] != '0' && text[p + 4] != '1')) return 0;
  u8 last = text[p + 5];
  i32 low = last >= '0' && last <= '9' ? last - '0' : last >= 'a' && last <= 'f' ? last - 'a' + 10 : -1;
  if (low < 0) return 0;
  i32 code = (text[p + 4] - '0') * 16 + low;
  return code == '\b' || code == '\t' || code == '\n' || code == '\f' || code == '\r' ? 0 : 6;
}

/*
 * A string literal of stored JSON text, copied as it is when its escapes are already JSON.stringify's
 * (as in the canonical text ingest stores, and in jsonb_out's); any other escape (\/, \u0041, a
 * surrogate pair, …) or a raw control character leaves the row to the JavaScript path, which decodes it.
 */
static void verbatim_string(void) {
  i32 p = pos + 1;
  for (;;) {
    if (p + 16 <= end) {
      u32 lanes = escape_lanes(load16(src + p));
      if (!lanes) { p += 16; continue; }
      p += __builtin_ctz(lanes);
    } else {
      while (p + 8 <= end && !needs_escape(load8(src + p))) p += 8;
      while (p < end && src[p] >= 0x20 && src[p] != '"' && src[p] != '\\') p++;
      if (p >= end) { bad = 1; return; }
    }
    if (src[p] == '"') break;
    i32 escape = src[p] == '\\' ? stringify_escape(src, p, end) : 0;
    if (!escape) { bad = 1; return; }
    p += escape;
  }
  i32 length = p + 1 - pos;
  if (o + length > LIMIT) { bad = 1; return; }
  put(src + pos, length);
  pos = p + 1;
}


/*
 * Number::toString without the host, where the answer is plain: a decimal of at most 15 significant
 * digits is the only such decimal that rounds to its double (DBL_DIG is 15), so it is also that
 * double's shortest round-trip form, and JavaScript writes it in fixed notation from 1e-6 up to 1e21.
 * Anything else (more digits, exponents, tiny values) goes to the host's JSON.stringify.
 */

/* `value` in decimal at `out`; its length. */
static i32 write_u64(u64 value, u8 *out) {
  u8 reversed[20];
  i32 n = 0;
  do { reversed[n++] = (u8)('0' + value % 10); value /= 10; } while (value);
  for (i32 i = 0; i < n; i++) out[i] = reversed[n - 1 - i];
  return n;
}

/* A float8 that is exactly the double nearest k / 1000 for |k| < 10^15 (durations in milliseconds, to the microsecond); else -1. */
static i32 short_double(double value, u8 *out) {
  double scaled = value * 1000.0;
  if (!(scaled > -1e15 && scaled < 1e15)) return -1;
  long long k = (long long)__builtin_nearbyint(scaled);
  /* Both exact below 2^53, so the quotient is the double nearest k / 1000 (IEEE division rounds correctly). */
  if ((double)k / 1000.0 != value) return -1;
  i32 n = 0;
  if (k == 0) { out[0] = '0'; return 1; } /* -0 too, as JSON.stringify writes it */
  if (k < 0) { out[n++] = '-'; k = -k; }
  n += write_u64((u64)k / 1000, out + n);
  i32 fraction = (i32)((u64)k % 1000);
  if (fraction) {
    out[n++] = '.';
    out[n++] = (u8)('0' + fraction / 100);
    if (fraction % 100) {
      out[n++] = (u8)('0' + fraction / 10 % 10);
      if (fraction % 10) out[n++] = (u8)('0' + fraction % 10);
    }
  }
  return n;
}

/*
 * The text of a number with a fraction and no exponent (jsonb prints numerics so; canonical text has its shortest form already), at src[start, read) with its integer
 * part ending at integer_end, in JavaScript's form: trailing zeros dropped, -0 as 0. -1 when it has
 * more than 15 significant digits or is below 1e-6 (JavaScript writes an exponent there).
 */
static i32 plain_decimal(const u8 *text, i32 start, i32 integer_end, i32 read, u8 *out) {
  i32 negative = text[start] == '-';
  i32 integer_start = start + negative;
  i32 fraction_start = integer_end + 1;
  i32 fraction_end = read;
  while (fraction_end > fraction_start && text[fraction_end - 1] == '0') fraction_end--;
  i32 integer_zero = integer_end - integer_start == 1 && text[integer_start] == '0';
  i32 significant;
  if (integer_zero) {
    i32 first = fraction_start;
    while (first < fraction_end && text[first] == '0') first++;
    if (first == fraction_end) { out[0] = '0'; return 1; } /* zero, or -0 */
    if (first - fraction_start > 5) return -1;
    significant = fraction_end - first;
  } else {
    significant = integer_end - integer_start + fraction_end - fraction_start;
  }
  if (significant > 15) return -1;
  i32 n = 0;
  for (i32 i = start; i < integer_end; i++) out[n++] = text[i];
  if (fraction_end > fraction_start) {
    out[n++] = '.';
    for (i32 i = fraction_start; i < fraction_end; i++) out[n++] = text[i];
  }
  return n;
}

static i32 is_digit_at(i32 i) { return i < end && src[i] >= '0' && src[i] <= '9'; }

static void number(void) {
  i32 start = pos, read = pos;
  if (read < end && src[read] == '-') read++;
  if (read < end && src[read] == '0') read++;
  else if (is_digit_at(read)) while (is_digit_at(read)) read++;
  else { bad = 1; return; }
  i32 integer_end = read;
  if (read < end && src[read] == '.') {
    if (!is_digit_at(++read)) { bad = 1; return; }
    while (is_digit_at(read)) read++;
  }
  i32 has_exponent = read < end && (src[read] == 'e' || src[read] == 'E');
  if (has_exponent) {
    read++;
    if (read < end && (src[read] == '+' || src[read] == '-')) read++;
    if (!is_digit_at(read)) { bad = 1; return; }
    while (is_digit_at(read)) read++;
  }
  pos = read;
  i32 negative = src[start] == '-';
  i32 count = integer_end - start - negative;
  /* Up to 15 digits an integer is its own shortest form; only -0 prints differently. */
  if (read == integer_end && count <= 15 && !(count == 1 && src[integer_end - 1] == '0' && negative)) {
    if (o + (read - start) > LIMIT) { bad = 1; return; }
    put(src + start, read - start);
    return;
  }
  if (o > LIMIT) { bad = 1; return; }
  i32 written = -1;
  if (read > integer_end && !has_exponent) written = plain_decimal(src, start, integer_end, read, output + o);
  if (written < 0) written = canonical_number(src + start, read - start, output + o);
  if (written < 0) { bad = 1; return; }
  o += written;
}

static void literal(const char *word, i32 length) {
  if (pos + length > end) { bad = 1; return; }
  for (i32 i = 0; i < length; i++) if (src[pos + i] != (u8)word[i]) { bad = 1; return; }
  if (o + length > LIMIT) { bad = 1; return; }
  put(src + pos, length);
  pos += length;
}

static void value(void);

/* After a member or element: 1 at a comma, 0 at the closing bracket (both consumed). */
static i32 more(u8 close) {
  skip_whitespace();
  if (pos >= end) { bad = 1; return 0; }
  u8 c = src[pos++];
  if (c == ',') return 1;
  if (c != close) bad = 1;
  return 0;
}

static void array(void) {
  pos++;
  if (o > LIMIT) { bad = 1; return; }
  output[o++] = '[';
  skip_whitespace();
  if (pos < end && src[pos] == ']') pos++;
  else {
    do {
      value();
      if (bad) return;
      output[o++] = ',';
    } while (more(']') && !bad);
    if (bad) return;
    o--;
  }
  output[o++] = ']';
}

/* Keys compare by their bytes: for UTF-8 without 4-byte sequences that is UTF-16 order (RFC 8785). */
static i32 compare_keys(const struct Member *a, const struct Member *b) {
  i32 la = a->key_end - a->start, lb = b->key_end - b->start;
  i32 n = (la < lb ? la : lb) - 2;
  for (i32 i = 1; i <= n; i++) {
    i32 d = (i32)output[a->start + i] - (i32)output[b->start + i];
    if (d != 0) return d;
  }
  return la - lb;
}

/* Rewrites the members written from `first` in key order, through scratch space after them. */
static void reorder(i32 first, struct Member *list, i32 count) {
  for (i32 i = 1; i < count; i++) {
    struct Member m = list[i];
    i32 j = i - 1;
    for (; j >= 0; j--) {
      i32 c = compare_keys(&list[j], &m);
      if (c == 0) { bad = 1; return; } /* duplicate keys: ingest writes none; the reference path keeps the last, as JSON.parse does */
      if (c < 0) break;
      list[j + 1] = list[j];
    }
    list[j + 1] = m;
  }
  i32 length = o - first;
  if (o + length > LIMIT) { bad = 1; return; }
  __builtin_memcpy(output + o, output + first, length);
  i32 w = first;
  for (i32 i = 0; i < count; i++) {
    if (i > 0) output[w++] = ',';
    i32 size = list[i].end - list[i].start;
    copy(output + w, output + list[i].start + length, size);
    w += size;
  }
  o = w;
}

static void object(void) {
  pos++;
  if (o > LIMIT) { bad = 1; return; }
  output[o++] = '{';
  skip_whitespace();
  if (pos < end && src[pos] == '}') {
    pos++;
    output[o++] = '}';
    return;
  }
  i32 first = o;
  i32 base = member_top;
  i32 sorted = 1;
  do {
    skip_whitespace();
    if (pos >= end || src[pos] != '"') { bad = 1; return; }
    i32 start = o;
    verbatim_string();
    if (bad) return;
    for (i32 i = start + 1; i < o - 1; i++) {
      /* An escape, or a character outside the BMP (UTF-16 orders it differently): the reference path sorts it. */
      if (output[i] == '\\' || output[i] >= 0xf0) { bad = 1; return; }
    }
    i32 key_end = o;
    skip_whitespace();
    if (pos >= end || src[pos++] != ':') { bad = 1; return; }
    output[o++] = ':';
    value();
    if (bad) return;
    if (member_top >= MAX_MEMBERS) { bad = 1; return; }
    struct Member *m = &members[member_top++];
    m->start = start; m->key_end = key_end; m->end = o;
    if (member_top - base > 1) {
      i32 c = compare_keys(m - 1, m);
      if (c == 0) { bad = 1; return; }
      if (c > 0) sorted = 0;
    }
    output[o++] = ',';
  } while (more('}') && !bad);
  if (bad) return;
  o--;
  if (!sorted) reorder(first, members + base, member_top - base);
  member_top = base;
  if (bad) return;
  output[o++] = '}';
}

static void value(void) {
  if (++depth > MAX_DEPTH) { bad = 1; return; }
  skip_whitespace();
  if (pos >= end) { bad = 1; return; }
  switch (src[pos]) {
    case '{': object(); break;
    case '[': array(); break;
    case '"': verbatim_string(); break;
    case 't': literal("true", 4); break;
    case 'f': literal("false", 5); break;
    case 'n': literal("null", 4); break;
    default: number();
  }
  depth--;
}

static void json_text(const u8 *text, i32 from, i32 to) {
  src = text; pos = from; end = to; depth = 0; member_top = 0;
  value();
  if (bad) return;
  skip_whitespace();
  if (pos != end) bad = 1;
}

/* Whether bytes are UTF-8 as RFC 3629 has it (no overlong forms, surrogates or code points past U+10FFFF). */
static i32 valid_utf8(const u8 *s, i32 n) {
  i32 i = 0;
  while (i < n) {
    if (i + 16 <= n && !high_lanes(load16(s + i))) { i += 16; continue; }
    if (i + 8 <= n && (load8(s + i) & HIGHS) == 0) { i += 8; continue; }
    u8 c = s[i];
    if (c < 0x80) { i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) {
      if (i + 1 >= n || (s[i + 1] & 0xc0) != 0x80) return 0;
      i += 2;
      continue;
    }
    if (c >= 0xe0 && c <= 0xef) {
      if (i + 2 >= n) return 0;
      u8 c1 = s[i + 1], c2 = s[i + 2];
      if ((c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80) return 0;
      if (c == 0xe0 && c1 < 0xa0) return 0;
      if (c == 0xed && c1 > 0x9f) return 0;
      i += 3;
      continue;
    }
    if (c >= 0xf0 && c <= 0xf4) {
      if (i + 3 >= n) return 0;
      u8 c1 = s[i + 1], c2 = s[i + 2], c3 = s[i + 3];
      if ((c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80 || (c3 & 0xc0) != 0x80) return 0;
      if (c == 0xf0 && c1 < 0x90) return 0;
      if (c == 0xf4 && c1 > 0x8f) return 0;
      i += 4;
      continue;
    }
    return 0;
  }
  return 1;
}

/* ---- the row ---- */

static i32 starts[MAX_COLUMNS];
static i32 lengths[MAX_COLUMNS];

/*
 * Writes the document of the binary COPY row in input[0, length) (its field count first) into
 * output[0, n), after a zero byte, and answers n; -1 when the JavaScript path must write this row
 * (-2 when `whole` asks that the input be one row and it is not).
 * `environment` is the offset in `literals` of the environment's JSON string.
 */
EXPORT("document") i32 document(i32 length, i32 environment, i32 environment_length, i32 whole) {
  o = 0;
  bad = 0;
  if (length < 2 || length > INPUT_SIZE) return -1;
  i32 count = (i32)(short)(input[0] << 8 | input[1]);
  if (count != column_count || count > MAX_COLUMNS) return -1;
  i32 at = 2;
  for (i32 c = 0; c < count; c++) {
    if (at + 4 > length) return -1;
    i32 size = read_i32(input + at);
    at += 4;
    starts[c] = at;
    lengths[c] = size;
    if (size < 0) continue;
    if (size > length - at) return -1;
    at += size;
  }
  /* `whole`: the input must be exactly one row (a COPY message), else -2 and the caller splits it into rows. */
  if (whole && at != length) return -2;
  output[o++] = '{';
  i32 first = 1;
  for (i32 i = 0; i < field_count && !bad; i++) {
    const struct Field *f = &fields[i];
    i32 from = f->column >= 0 ? starts[f->column] : 0;
    i32 size = f->column >= 0 ? lengths[f->column] : 0;
    /* A stored JSON null reads as null, i.e. absent, exactly like SQL NULL. */
    i32 is_null = f->column >= 0 && (size < 0 || (f->kind == JSON && size == 4 &&
      input[from] == 'n' && input[from + 1] == 'u' && input[from + 2] == 'l' && input[from + 3] == 'l'));
    if (is_null && !f->required) continue;
    if (first) put(literals + f->key, f->key_length);
    else put(literals + f->comma_key, f->comma_key_length);
    first = 0;
    if (is_null) { put((const u8 *)"null", 4); continue; }
    if (o > LIMIT) return -1;
    switch (f->kind) {
      case CONSTANT: put(literals + f->value, f->value_length); break;
      case ENVIRONMENT: put(literals + environment, environment_length); break;
      case RAW: hex_string(input + from, size); break;
      case TEXT: json_string(input + from, size); break;
      case JSON: json_text(input, from, from + size); break;
      case TIMESTAMP: {
        if (size != 8) return -1;
        i64 micros = read_i64(input + from);
        iso_timestamp(micros / 1000 + 946684800000LL);
        break;
      }
      case BOOLEAN:
        if (size != 1) return -1;
        if (input[from] == 1) put((const u8 *)"true", 4);
        else put((const u8 *)"false", 5);
        break;
      case FLOAT8: {
        if (size != 8) return -1;
        u64 bits = (u64)read_i64(input + from);
        double value;
        __builtin_memcpy(&value, &bits, 8);
        i32 written = short_double(value, output + o);
        if (written < 0) written = format_double(value, output + o);
        if (written < 0) return -1;
        o += written;
        break;
      }
      case INT4:
        if (size != 4) return -1;
        int32_text(read_i32(input + from));
        break;
      default: return -1;
    }
  }
  if (bad || o > LIMIT) return -1;
  output[o++] = '}';
  /* Rows that are not UTF-8 are decoded field by field (U+FFFD) by the JavaScript path. */
  if (!valid_utf8(output, o)) return -1;
  return o;
}
