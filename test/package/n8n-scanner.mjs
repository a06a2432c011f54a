// Runs n8n's community package scanner (@n8n/scan-community-package) the way n8n's verification
// does, in a plain Node process (run it without NODE_ENV=test: eslint-plugin-n8n-nodes-base then checks fixture names):
//   node test/package/n8n-scanner.mjs <dir> tarball   → the published tarball's leg (**/*.js, package.json)
//   node test/package/n8n-scanner.mjs <dir> source    → the source leg (package.json, nodes/, credentials/)
// Prints the result as one JSON line.
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const [dir, leg] = process.argv.slice(2);
const patterns = leg === 'source' ? SOURCE_FILE_PATTERNS : ['**/*.js', 'package.json'];
const result = await analyzePackage(dir, patterns);
process.stdout.write(`${JSON.stringify({ passed: result.passed, message: result.message, details: result.details })}\n`);
