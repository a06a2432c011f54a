import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimate, MODELS } from '../../core/index.js';
import { png } from '../unit/images.js';
import { ensureBuilt, jsonOf, runCli, scratchDir } from './helpers.js';

beforeAll(ensureBuilt, 300_000);

describe('kling estimate (no network, no key)', () => {
  it('prices the live kling-3.0-turbo bill: 3 s at 720p is 2.4 units', async () => {
    const result = await runCli(['estimate', 'a paper boat', '--model', 'kling-3.0-turbo', '--duration', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Estimate: 2\.4 units \(≈ \$0\.34\) — kling-3\.0-turbo text-to-video, 720p, 3 s/);
  });

  it('--json gives the core estimate, field for field', async () => {
    const cases: [string[], Parameters<typeof estimate>[0]][] = [
      [
        ['--model', 'kling-3.0', '--duration', '10', '--resolution', '1080p', '--audio', 'native'],
        { model: 'kling-3.0', prompt: 'p', duration: 10, resolution: '1080p', audio: 'native' },
      ],
      [
        ['--model', 'kling-2.6', '--resolution', '1080p', '--audio', 'native'],
        { model: 'kling-2.6', prompt: 'p', resolution: '1080p', audio: 'native' },
      ],
      [['--model', 'kling-2.5-turbo', '--aspect', '9:16'], { model: 'kling-2.5-turbo', prompt: 'p', aspectRatio: '9:16' }],
    ];
    for (const [flags, request] of cases) {
      const result = await runCli(['estimate', 'p', ...flags, '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect(jsonOf(result)).toEqual({ ok: true, ...estimate(request) });
    }
  });

  it('defaults to the newest model that offers the product', async () => {
    const result = jsonOf(await runCli(['estimate', 'a boat', '--json']));
    expect(result.model).toBe(MODELS.find((model) => model.products['text-to-video'])?.id);
    expect(result.product).toBe('text-to-video');
  });

  it('reads a local image file as the first frame (image-to-video)', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'frame.png'), png(640, 360));
    const result = await runCli(['estimate', 'the boat drifts', '--image', 'frame.png', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result).product).toBe('image-to-video');
  });

  it('invalid values exit 2 naming the flag and the allowed values; --json reports them as an error document', async () => {
    const human = await runCli(['estimate', 'x', '--model', 'kling-3.0-turbo', '--resolution', '4k']);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/^error: --resolution: .*4k.*allowed: 720p, 1080p/m);
    const machine = await runCli(['estimate', 'x', '--model', 'kling-3.0-turbo', '--duration', '99', '--json']);
    expect(machine.code).toBe(2);
    const document = jsonOf(machine);
    expect(document.ok).toBe(false);
    expect(document.error).toMatchObject({ kind: 'invalid', field: '--duration', exitCode: 2 });
    expect(document.error.message).toMatch(/^--duration: 99 is not allowed/);
  });

  it('--config is accepted: its credentials choose the default model as kling generate would', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'ak.json'), JSON.stringify({ accessKey: 'ak-estimate', secretKey: 'sk-estimate-secret' }), { mode: 0o600 });
    const legacy = await runCli(['estimate', 'a boat', '--config', 'ak.json', '--json'], { cwd: dir });
    expect(legacy.code, legacy.stderr).toBe(0);
    const model = MODELS.find((entry) => entry.products['text-to-video']?.standards.includes('legacy'));
    expect(jsonOf(legacy).model).toBe(model?.id);
    expect(legacy.stdout + legacy.stderr).not.toContain('sk-estimate-secret');
    const missing = await runCli(['estimate', 'a boat', '--config', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(join(dir, 'nope.json'));
  });

  it('unknown options and models exit 2', async () => {
    expect((await runCli(['estimate', 'x', '--colour', 'blue'])).code).toBe(2);
    // With --json even a command line that does not parse is reported as one JSON document.
    const machine = await runCli(['estimate', 'x', '--colour', 'blue', '--json']);
    expect(machine.code).toBe(2);
    expect(jsonOf(machine)).toMatchObject({ ok: false, error: { kind: 'usage', exitCode: 2 } });
    expect(jsonOf(machine).error.message).toContain('--colour');
    const unknownModel = await runCli(['estimate', 'x', '--model', 'kling-9']);
    expect(unknownModel.code).toBe(2);
    expect(unknownModel.stderr).toContain('is not a known model');
  });

  it('--help lists the options and every catalog model', async () => {
    const result = await runCli(['estimate', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--model', '--image', '--end-image', '--resolution', '--duration', '--audio', '--aspect', '--json']) {
      expect(result.stdout).toContain(option);
    }
    for (const model of MODELS) expect(result.stdout).toContain(model.id);
  });
});
