/** The request body cannot be decoded at all; the HTTP handler answers 400 with `message`. */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}
