/**
 * The n8n nodes in one CommonJS bundle (`dist/nodes/kling-nodes.js`): both nodes share one copy
 * of the core, so one client per credential serves the action node's executions and the trigger.
 * The build writes `dist/nodes/<Node>/<Node>.node.js` files that n8n loads, each re-exporting
 * its class from the bundle (see tsup.config.ts).
 */
export { KlingAi } from './KlingAi/KlingAi.node.js';
export { KlingAiTrigger } from './KlingAiTrigger/KlingAiTrigger.node.js';
