// Prints the executions of one workflow as JSON, their data decoded. Runs under Node 24 (node:sqlite)
// with n8n's own copy of `flatted` (execution_data.data is stored in that format).
// Usage: node read-executions.cjs <database.sqlite> <n8n node_modules> <workflow id>
'use strict';
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script run by Node 24 outside the project */
const { DatabaseSync } = require('node:sqlite');
const [database, nodeModules, workflowId] = process.argv.slice(2);
const flatted = require(require.resolve('flatted', { paths: [nodeModules] }));
const db = new DatabaseSync(database, { readOnly: true });
const rows = db.prepare('SELECT id, mode, status, finished FROM execution_entity WHERE workflowId = ? ORDER BY id').all(workflowId);
const out = rows.map((row) => {
  const stored = db.prepare('SELECT data FROM execution_data WHERE executionId = ?').get(row.id);
  return { ...row, data: stored ? flatted.parse(stored.data) : undefined };
});
process.stdout.write(JSON.stringify(out));
