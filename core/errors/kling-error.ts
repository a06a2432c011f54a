import { codeInfo, type ErrorKind } from './codes.js';

export interface KlingErrorOptions {
  kind: ErrorKind;
  message: string;
  code?: number;
  httpStatus?: number;
  requestId?: string;
  retryable?: boolean;
  hint?: string;
  /** The request field at fault, for validation errors. */
  field?: string;
  /** Whether a paid task may exist despite the error, and how to find it. */
  taskMayExist?: boolean;
  externalTaskId?: string;
  /** False when the request never left this machine (the connection could not be opened). */
  sent?: boolean;
  cause?: unknown;
}

/** The one error type of this project. Messages never carry a secret. */
export class KlingError extends Error {
  override readonly name = 'KlingError';
  readonly kind: ErrorKind;
  readonly code: number | undefined;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly hint: string | undefined;
  readonly field: string | undefined;
  readonly taskMayExist: boolean;
  readonly externalTaskId: string | undefined;
  readonly sent: boolean;

  constructor(options: KlingErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = options.kind;
    this.code = options.code;
    this.httpStatus = options.httpStatus;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
    this.hint = options.hint;
    this.field = options.field;
    this.taskMayExist = options.taskMayExist ?? false;
    this.externalTaskId = options.externalTaskId;
    this.sent = options.sent ?? true;
  }

  /** An error built from a Kling reply's `code` and `message`. */
  static fromCode(code: number, message: string, extra: Partial<KlingErrorOptions> = {}): KlingError {
    const info = codeInfo(code);
    return new KlingError({
      kind: info?.kind ?? 'server',
      message: `Kling ${code}${info ? ` (${info.meaning})` : ''}: ${message}`,
      code,
      httpStatus: info?.httpStatus,
      retryable: info?.retryable ?? false,
      hint: info?.hint,
      ...extra,
    });
  }

  /** A validation error: the field, the value and what is allowed. Costs nothing. */
  static invalid(field: string, message: string): KlingError {
    return new KlingError({ kind: 'invalid', field, message: `${field}: ${message}` });
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      code: this.code,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      retryable: this.retryable,
      hint: this.hint,
      field: this.field,
      taskMayExist: this.taskMayExist,
      externalTaskId: this.externalTaskId,
    };
  }
}
