// n8n's own lint rules for community nodes (`@n8n/node-cli`, what `n8n-node lint` runs), with n8n
// Cloud support, on what n8n's verification lints: the repository's package.json (the manifest
// of n8n-nodes-kling), the nodes and the credential. `npm run lint:n8n`.
import { config } from '@n8n/node-cli/eslint';

export default config;
