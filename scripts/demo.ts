/**
 * `npm run demo`: the whole journey of an AI agent, without a Kling account. Starts the sandbox,
 * spawns the built MCP server over stdio, connects the official MCP client, prices a video, makes
 * it with a progress bar, saves the MP4 and prints what it cost.
 *
 *   npm run demo [-- out.mp4]
 */
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { downloadFile } from '../core/output/download.js';
import { newWebhookSecret } from '../core/server/webhook-secret.js';
import type { EstimateOutput } from '../mcp/tools/estimate-output.js';
import type { TaskOutput } from '../mcp/tools/task-output.js';
import { DEMO_API_KEY, startSandbox } from '../sandbox/index.js';
import { ensureBuilt, ROOT } from './ensure-build.js';

/** The sandbox clock: a 5 s Kling 3.0 Turbo video takes about 5 seconds instead of 35. */
const TIME_SCALE = 0.15;
const REQUEST = {
  model: 'kling-3.0-turbo',
  prompt: 'a paper boat drifting down a river at dawn, cinematic',
  duration: 5,
  resolution: '720p',
};

const say = (line: string): boolean => process.stdout.write(`${line}\n`);

function progressBar(): (update: { progress: number; total?: number; message?: string }) => void {
  let lastShown = -10;
  return ({ progress, total = 100, message = '' }) => {
    const fraction = Math.min(1, progress / total);
    if (process.stderr.isTTY) {
      const filled = Math.round(fraction * 30);
      process.stderr.write(
        `\r   [${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${message.padEnd(48)}`,
      );
      if (fraction >= 1) process.stderr.write('\n');
    } else if (fraction * 100 >= lastShown + 10 || fraction >= 1) {
      lastShown = Math.floor(fraction * 10) * 10;
      process.stderr.write(`   ${String(Math.round(fraction * 100)).padStart(3)}% ${message}\n`);
    }
  };
}

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'kling-demo.mp4');
  say('Kling MCP demo: the sandbox stands in for Kling (no account, no credits).');
  await ensureBuilt('dist/mcp/main.js', (line) => say(`   ${line}`));

  // The sandbox signs its callbacks with a secret the server shares: the server takes them on a
  // loopback port of its own (the sandbox is on this machine) and knows of the end at once.
  const webhookSecret = newWebhookSecret();
  const sandbox = await startSandbox({ timeScale: TIME_SCALE, webhookSecret });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(ROOT, 'dist/mcp/main.js')],
    // No poll setting: the server's client reads the sandbox's time scale from its replies.
    env: {
      PATH: process.env.PATH ?? '',
      KLING_BASE_URL: sandbox.url,
      KLING_API_KEY: DEMO_API_KEY,
      KLING_WEBHOOK_SECRET: webhookSecret,
      KLING_LOG_LEVEL: 'warn',
    },
    stderr: 'inherit',
  });
  const client = new Client({ name: 'kling-demo', version: '1.0.0' });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    say(`1. Connected to ${client.getServerVersion()?.name} over stdio; tools: ${tools.map((tool) => tool.name).join(', ')}`);

    const estimate = (await client.callTool({ name: 'estimate_credits', arguments: REQUEST })).structuredContent as EstimateOutput;
    say(
      `2. estimate_credits: ${estimate.units} units ≈ $${estimate.usd} (${REQUEST.model}, ${REQUEST.duration} s ${REQUEST.resolution}, ${estimate.price.variant})`,
    );

    say(`3. generate_video: "${REQUEST.prompt}"`);
    const onprogress = progressBar();
    let result = await client.callTool({ name: 'generate_video', arguments: { ...REQUEST, wait_seconds: 45 } }, { onprogress });
    let task = result.structuredContent as unknown as TaskOutput;
    while (!result.isError && !task.done) {
      say(`   not done yet; get_task ${task.handle} (the server suggested ${task.poll_after_seconds} s)`);
      result = await client.callTool({ name: 'get_task', arguments: { task: task.handle, wait_seconds: 45 } }, { onprogress });
      task = result.structuredContent as unknown as TaskOutput;
    }
    if (result.isError || task.status !== 'succeeded') {
      throw new Error(`the video was not made: ${JSON.stringify(result.structuredContent)}`);
    }

    const video = task.videos[0] as TaskOutput['videos'][number];
    const { bytes } = await downloadFile(video.url, out);
    say(
      `4. Saved ${path.relative(process.cwd(), out) || out} (${(bytes / 1024).toFixed(1)} kB; Kling reports ${video.duration_seconds ?? '?'} s of video)`,
    );
    say(`   Task ${task.handle}: cost ${task.cost_units} units ≈ $${task.cost_usd} (estimated ${task.estimate?.units ?? estimate.units}).`);
  } finally {
    await client.close().catch(() => undefined);
    await sandbox.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
