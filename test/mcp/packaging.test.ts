import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import repository from '../../package.json' with { type: 'json' };
import klingMcp from '../../kling-mcp.package.json' with { type: 'json' };
import { ENV_VARS } from '../../mcp/config.js';
import { ROOT } from '../../scripts/ensure-build.js';
import { packedTarball } from '../package/tarballs.js';
import { buildServer, SETUP_TIMEOUT_MS, structured, tempDir } from './helpers.js';

/**
 * The files MCP users install from: server.json (MCP registry) and manifest.json (MCP Bundle),
 * validated against the published schemas vendored in ./schemas (sources in ./schemas/README.md),
 * and the client configs in examples/mcp, run exactly as written against a packed tarball.
 */
/** The published kling-mcp manifest: its template, with the repository's version. */
const packageJson = { ...klingMcp, version: repository.version };
const read = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
const schema = (file: string) => read(path.join('test/mcp/schemas', file));
const TARBALL_PLACEHOLDER = '/ABSOLUTE/PATH/TO/kling-mcp-0.1.0.tgz';

function validator(schemaFile: string) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema(schemaFile));
}

describe('MCP registry and bundle files', () => {
  it('server.json validates against the published 2025-12-11 schema and matches package.json', () => {
    const server = read('server.json');
    const validate = validator('server.schema.2025-12-11.json');
    expect(validate(server), JSON.stringify(validate.errors)).toBe(true);
    expect(server.$schema).toBe('https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json');
    expect(server.name).toBe(packageJson.mcpName);
    expect(server.version).toBe(packageJson.version);
    expect(server.packages).toHaveLength(1);
    expect(server.packages[0]).toMatchObject({
      registryType: 'npm',
      identifier: 'kling-mcp',
      version: packageJson.version,
      transport: { type: 'stdio' },
    });
    for (const variable of server.packages[0].environmentVariables) expect(Object.keys(ENV_VARS), variable.name).toContain(variable.name);
    expect(
      server.packages[0].environmentVariables
        .filter((variable: { isSecret?: boolean }) => variable.isSecret)
        .map((variable: { name: string }) => variable.name),
    ).toEqual(['KLING_API_KEY', 'KLING_ACCESS_KEY', 'KLING_SECRET_KEY']);
  });

  it('rejects what the registry rejects (the vendored schema is live, not a stub)', () => {
    const validate = validator('server.schema.2025-12-11.json');
    const server = read('server.json');
    expect(validate({ ...server, name: 'kling-mcp' })).toBe(false);
    expect(validate({ ...server, description: 'x'.repeat(101) })).toBe(false);
    expect(validate({ ...server, packages: [{ ...server.packages[0], version: 'latest' }] })).toBe(false);
  });

  it('manifest.json validates against the MCPB v0.3 schema, runs the published package through npx and asks for the key as a sensitive setting', () => {
    const manifest = read('manifest.json');
    const validate = validator('mcpb-manifest-v0.3.schema.json');
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...manifest, surprise: true })).toBe(false);
    expect(manifest).toMatchObject({ manifest_version: '0.3', name: 'kling-mcp', version: packageJson.version });
    expect(manifest.server.mcp_config).toMatchObject({ command: 'npx', args: ['-y', `kling-mcp@${packageJson.version}`] });
    expect(manifest.server.mcp_config.env.KLING_API_KEY).toBe('${user_config.api_key}');
    expect(manifest.user_config.api_key).toMatchObject({ type: 'string', sensitive: true, required: true });
    for (const name of Object.keys(manifest.server.mcp_config.env)) expect(Object.keys(ENV_VARS), name).toContain(name);
    expect(manifest.tools.map((tool: { name: string }) => tool.name).sort()).toEqual(['estimate_credits', 'generate_video', 'get_task']);
  });
});

describe('client configs in examples/mcp, from a packed tarball', () => {
  const work = tempDir('kling-mcp-pack-');
  let tarball: string;

  beforeAll(async () => {
    await buildServer();
    // Packed once by the test run's global setup (npm run pack).
    tarball = packedTarball('kling-mcp');
  }, SETUP_TIMEOUT_MS);

  afterAll(() => work.remove());

  /** The servers each config starts: command, args and env, with the client's ${...} variables filled in. */
  function launchers(): { label: string; command: string; args: string[]; env: Record<string, string> }[] {
    const fill = (value: string) =>
      value
        .replace(TARBALL_PLACEHOLDER, tarball)
        .replace(/\$\{(env|input):[^}]+\}/g, '')
        .replace('${workspaceFolder}', work.path);
    const entries: (readonly [string, unknown])[] = [
      ...Object.entries(read('examples/mcp/claude_desktop_config.json').mcpServers).map(
        ([name, server]) => [`Claude Desktop ${name}`, server] as const,
      ),
      ...Object.entries(read('examples/mcp/cursor-mcp.json').mcpServers)
        .filter(([, server]) => (server as { command?: string }).command)
        .map(([name, server]) => [`Cursor ${name}`, server] as const),
      ...Object.entries(read('examples/mcp/vscode-mcp.json').servers).map(([name, server]) => [`VS Code ${name}`, server] as const),
    ];
    const claudeCode = readFileSync(path.join(ROOT, 'examples/mcp/claude-code.sh'), 'utf8');
    const sandboxLine = /claude mcp add kling-sandbox -- (npx .*)$/m.exec(claudeCode)?.[1] as string;
    const claudeArgs = sandboxLine.replace('"$KLING_MCP_TGZ"', TARBALL_PLACEHOLDER).split(' ');
    entries.push(['Claude Code kling-sandbox', { command: claudeArgs[0], args: claudeArgs.slice(1) }]);
    return entries.map(([label, server]) => {
      const config = server as { command: string; args: string[]; env?: Record<string, string> };
      const args = config.args.map(fill);
      return {
        label,
        command: config.command,
        // Every config runs for real here, against the embedded sandbox instead of an account.
        args: args.includes('--sandbox') ? args : [...args, '--sandbox'],
        env: Object.fromEntries(Object.entries(config.env ?? {}).map(([key, value]) => [key, fill(value)])),
      };
    });
  }

  it('start kling-mcp exactly as Claude Desktop, Claude Code, Cursor and VS Code would, and serve its tools', async () => {
    const all = launchers();
    expect(all.map((launcher) => launcher.label)).toEqual([
      'Claude Desktop kling',
      'Claude Desktop kling-sandbox',
      'Cursor kling',
      'VS Code kling',
      'Claude Code kling-sandbox',
    ]);
    for (const launcher of all) {
      expect(launcher.args.join(' '), launcher.label).toContain(`--package ${tarball} kling-mcp`);
      const transport = new StdioClientTransport({
        command: launcher.command,
        args: launcher.args,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? work.path, npm_config_yes: 'true', ...launcher.env },
        stderr: 'pipe',
      });
      const client = new Client({ name: 'config-check', version: '1.0.0' });
      try {
        await client.connect(transport);
        const { tools } = await client.listTools();
        expect(
          tools.map((tool) => tool.name),
          launcher.label,
        ).toEqual(['generate_video', 'get_task', 'estimate_credits']);
        const priced = await client.callTool({ name: 'estimate_credits', arguments: { model: 'kling-2.6', prompt: 'x', duration: 5 } });
        expect(structured(priced), launcher.label).toMatchObject({ units: 1.5 });
      } finally {
        await client.close();
      }
    }
  }, 600_000);
});
