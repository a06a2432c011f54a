import { describe, expect, it } from 'vitest';
import type { AccountSummary, ResourcePack } from '../../core/client/account.js';
import {
  configuredConcurrency,
  daysUntil,
  isPrivateHost,
  measureSkew,
  secretProblem,
  skewConsequences,
  videoPackOutlook,
} from '../../core/doctor/index.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

function pack(overrides: Partial<ResourcePack>): ResourcePack {
  return {
    name: 'Video Generation - 10,000 entries',
    id: 'p1',
    type: 'decreasing_total',
    totalUnits: 100,
    remainingUnits: 50,
    purchasedAt: NOW - 10 * DAY,
    effectiveAt: NOW - 10 * DAY,
    expiresAt: NOW + 20 * DAY,
    status: 'online',
    ...overrides,
  };
}

function summary(packs: ResourcePack[]): AccountSummary {
  return { packs, remainingVideoUnits: 0, nextExpiry: undefined, serverDate: undefined };
}

describe('clock skew from a Date header', () => {
  const header = (ms: number): string => new Date(ms).toUTCString();

  it('a good clock on a fast network measures as no skew, whatever the sub-second phase', () => {
    for (const phase of [0, 1, 499, 999]) {
      const server = NOW + phase;
      const measured = measureSkew({ sentAt: server - 20, receivedAt: server + 20, date: header(server) });
      expect(measured?.atLeastMs).toBe(0);
    }
  });

  it('measures a clock that is behind (positive) or ahead (negative), to within the header resolution', () => {
    const behind = measureSkew({ sentAt: NOW - 600_000, receivedAt: NOW - 600_000 + 40, date: header(NOW + 20) })!;
    expect(behind.skewMs).toBeGreaterThan(599_000);
    expect(behind.skewMs).toBeLessThan(601_000);
    expect(behind.atLeastMs).toBeGreaterThan(598_900);
    const ahead = measureSkew({ sentAt: NOW + 90_000, receivedAt: NOW + 90_040, date: header(NOW) })!;
    expect(ahead.skewMs).toBeLessThan(-89_000);
  });

  it('no or unparsable header: no measurement', () => {
    expect(measureSkew({ sentAt: NOW, receivedAt: NOW, date: undefined })).toBeUndefined();
    expect(measureSkew({ sentAt: NOW, receivedAt: NOW, date: 'yesterday-ish' })).toBeUndefined();
  });

  it('what a skew breaks depends on its direction and the credentials', () => {
    expect(skewConsequences({ skewMs: -120_000, atLeastMs: 119_000 }, true, false)).toEqual([
      'access-key tokens are refused as not yet valid (1003)',
    ]);
    expect(skewConsequences({ skewMs: -120_000, atLeastMs: 119_000 }, false, true)).toEqual([]);
    expect(skewConsequences({ skewMs: 120_000, atLeastMs: 119_000 }, true, true)).toEqual([]);
    expect(skewConsequences({ skewMs: 1_600_000, atLeastMs: 1_599_000 }, true, true)).toEqual([
      'access-key tokens are refused as expired (1004)',
      'signed callbacks are refused as stale (5-minute tolerance)',
    ]);
    expect(skewConsequences({ skewMs: 400_000, atLeastMs: 399_000 }, false, false)).toEqual([
      'signed callbacks would be refused as stale (5-minute tolerance)',
    ]);
  });
});

describe('pack expiry and units', () => {
  it('counts whole days to expiry', () => {
    expect(daysUntil(NOW + 20 * DAY, NOW)).toBe(20);
    expect(daysUntil(NOW + 20 * DAY - 1, NOW)).toBe(19);
    expect(daysUntil(NOW - 1, NOW)).toBe(-1);
    expect(daysUntil(undefined, NOW)).toBeUndefined();
  });

  it('only online, unexpired video packs with units left can pay; image packs never count', () => {
    const outlook = videoPackOutlook(
      summary([
        pack({ id: 'a', remainingUnits: 30.25, expiresAt: NOW + 3 * DAY }),
        pack({ id: 'b', remainingUnits: 10.5, expiresAt: NOW + 40 * DAY }),
        pack({ id: 'c', status: 'runOut', remainingUnits: 0 }),
        pack({ id: 'd', status: 'expired', remainingUnits: 99 }),
        pack({ id: 'e', expiresAt: NOW - DAY }),
        pack({ id: 'f', name: 'Image Generation - 500 entries', remainingUnits: 500 }),
        pack({ id: 'g', status: 'toBeOnline' }),
      ]),
      NOW,
    );
    expect(outlook.usable.map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(outlook.remainingUnits).toBe(40.75);
    expect(outlook.daysToNextExpiry).toBe(3);
    expect(outlook.daysToLastExpiry).toBe(40);
  });

  it('nothing usable: no units, no expiry', () => {
    const outlook = videoPackOutlook(summary([pack({ status: 'runOut', remainingUnits: 0 })]), NOW);
    expect(outlook).toEqual({ usable: [], remainingUnits: 0, daysToNextExpiry: undefined, daysToLastExpiry: undefined });
  });
});

describe('configuration checks', () => {
  it('configured concurrency: the largest for any model, 5 by default', () => {
    expect(configuredConcurrency(undefined)).toBe(5);
    expect(configuredConcurrency(3)).toBe(3);
    expect(configuredConcurrency({ 'kling-3.0': 2, 'kling-2.6': 9 })).toBe(9);
    // Models left out of a per-model map keep the default of 5.
    expect(configuredConcurrency({ 'kling-3.0': 2 })).toBe(5);
  });

  it('webhook secret format: whsec_ and 24 to 64 bytes of Base64; the secret is never repeated', () => {
    expect(secretProblem('whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=')).toBeUndefined();
    const wrongPrefix = secretProblem('dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=');
    expect(wrongPrefix).toContain('whsec_<base64>');
    expect(wrongPrefix).not.toContain('dGVzdHNl');
    expect(secretProblem('whsec_c2hvcnQ=')).toBe('decodes to 5 bytes (a webhook secret has 24 to 64)');
    expect(secretProblem('whsec_not base64!')).toContain('does not look like');
  });

  it('private addresses Kling cannot reach', () => {
    for (const host of [
      'localhost',
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.10',
      '169.254.1.1',
      '[::1]',
      'n8n.local',
      'fd00::1',
    ]) {
      expect(isPrivateHost(host), host).toBe(true);
    }
    for (const host of ['hooks.example.com', '8.8.8.8', '172.32.0.1', '2001:db8::1']) {
      expect(isPrivateHost(host), host).toBe(false);
    }
  });
});
