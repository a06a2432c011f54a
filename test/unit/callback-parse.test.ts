import { describe, expect, it } from 'vitest';
import { parseCallbackBody } from '../../core/callbacks/parse.js';
import { KlingError } from '../../core/errors/kling-error.js';
import { LEGACY_RECORD, NEW_ID, NEW_RECORD } from './callback-records.js';

const envelope = (data: unknown, code: unknown = 0) => ({
  code,
  message: 'SUCCEED',
  request_id: 'c2e7a3d4-0000-4000-8000-000000000000',
  data,
});

function refusal(body: string): KlingError {
  try {
    parseCallbackBody(body);
  } catch (error) {
    if (error instanceof KlingError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseCallbackBody', () => {
  it('reads a bare new-standard record, keeping a 19-digit id as written', () => {
    const body = JSON.stringify(NEW_RECORD);
    expect(parseCallbackBody(body)).toEqual({ standard: 'new', record: NEW_RECORD });
    expect((parseCallbackBody(body).record as { id: string }).id).toBe(NEW_ID);
  });

  it('reads a bare legacy record', () => {
    expect(parseCallbackBody(JSON.stringify(LEGACY_RECORD))).toEqual({ standard: 'legacy', record: LEGACY_RECORD });
  });

  it('unwraps either record from the {code, message, request_id, data} envelope', () => {
    expect(parseCallbackBody(JSON.stringify(envelope(NEW_RECORD)))).toEqual({ standard: 'new', record: NEW_RECORD });
    expect(parseCallbackBody(JSON.stringify(envelope(LEGACY_RECORD)))).toEqual({ standard: 'legacy', record: LEGACY_RECORD });
  });

  it("reads the console's test callback", () => {
    const test = {
      id: '1234567890',
      status: 'submitted',
      outputs: [],
      message: '',
      create_time: 1781080778802,
      update_time: 1781080778802,
    };
    expect(parseCallbackBody(JSON.stringify(test))).toEqual({ standard: 'new', record: test });
  });

  it('refuses invalid JSON and unknown shapes as invalid callbacks', () => {
    const cases: [string, string][] = [
      ['not json', 'the body is not JSON'],
      ['', 'the body is not JSON'],
      ['[]', 'neither a Kling task record'],
      ['"text"', 'neither a Kling task record'],
      ['{"hello":"world"}', 'neither a Kling task record'],
      [JSON.stringify(envelope(null)), 'neither a Kling task record'],
      [JSON.stringify(envelope({ foo: 1 })), 'neither a Kling task record'],
      [JSON.stringify(envelope(undefined, 1201)), 'the envelope carries error code 1201'],
    ];
    for (const [body, why] of cases) {
      const error = refusal(body);
      expect(error.kind).toBe('invalid');
      expect(error.field).toBe('callback');
      expect(error.message).toContain(why);
    }
  });
});
