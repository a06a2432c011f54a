// n8n's own lint rules for community nodes (`@n8n/node-cli`) on the nodes, the credential and
// package.json: `npm run lint:n8n`. The rule set without n8n Cloud support, because the package
// has runtime dependencies (n8n Cloud allows none).
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
  ...configWithoutCloudSupport,
  {
    // Package-level policies that conflict with this package being also an MCP server and a CLI.
    // Reported as warnings, so they stay visible:
    // - dependencies: needed by the MCP server and the CLI; the n8n build bundles everything it
    //   uses (dist/nodes/kling-nodes.js requires only n8n-workflow, which n8n provides);
    // - overrides: settles n8n-workflow's zod peer for development installs only;
    // - prepare: builds git checkouts; registry tarballs ship dist/ and n8n installs with --ignore-scripts;
    // - author, homepage: to be filled in when the package is published.
    files: ['package.json'],
    rules: {
      '@n8n/community-nodes/no-runtime-dependencies': 'warn',
      '@n8n/community-nodes/no-overrides-field': 'warn',
      '@n8n/community-nodes/no-forbidden-lifecycle-scripts': 'warn',
      '@n8n/community-nodes/valid-author': 'warn',
      'n8n-nodes-base/community-package-json-author-missing': 'warn',
    },
  },
];
