/**
 * A sandbox in its own process, so that its event loop is never the measured client's. The
 * benchmarks start it with its options as JSON in argv[2]; it prints `{"url": …}` once it listens
 * and stops when its standard input closes (the parent is done or gone) or on SIGTERM.
 */
import { startSandbox, type SandboxOptions } from '../sandbox/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
const sandbox = await startSandbox({ ...options, port: 0, quiet: true });
process.stdout.write(`${JSON.stringify({ url: sandbox.url })}\n`);

const stop = (): void => {
  void sandbox.stop().then(() => process.exit(0));
};
process.stdin.on('end', stop).on('error', stop).resume();
process.on('SIGTERM', stop);
