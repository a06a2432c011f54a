/**
 * The MCP Apps view that plays a generate_video / get_task result: one self-contained HTML document
 * (inline style and script, nothing fetched but the video itself). It speaks the MCP Apps
 * postMessage protocol with its host (ext-apps specification 2026-01-26): `ui/initialize`, then
 * `ui/notifications/initialized`; it reads the prompt from `ui/notifications/tool-input` and the
 * task from `ui/notifications/tool-result` (the tool's structuredContent), and reports its size.
 * Text from the result is only ever set as textContent, and only an http(s) URL becomes the source.
 */
export const PLAYER_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kling video</title>
<style>
  :root { color-scheme: light dark; font-family: var(--font-sans, system-ui, sans-serif); }
  body { margin: 0; padding: 12px; background: var(--color-background-primary, Canvas); color: var(--color-text-primary, CanvasText); }
  main { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
  video { width: min(100%, 480px); aspect-ratio: 16 / 9; background: #000; border-radius: 8px; }
  dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; flex: 1 1 220px; }
  dt { font-weight: 600; color: var(--color-text-secondary, GrayText); }
  dd { margin: 0; overflow-wrap: anywhere; }
  #status { margin: 0 0 8px; font-size: 0.9em; color: var(--color-text-secondary, GrayText); }
</style>
</head>
<body data-state="waiting">
<p id="status">Waiting for the video…</p>
<main>
  <video id="video" controls playsinline preload="metadata" hidden></video>
  <dl>
    <dt>Prompt</dt><dd id="prompt">–</dd>
    <dt>Model</dt><dd id="model">–</dd>
    <dt>Duration</dt><dd id="duration">–</dd>
    <dt>Cost</dt><dd id="cost">–</dd>
  </dl>
</main>
<script>
(() => {
  const host = window.parent;
  let nextId = 1;
  const pending = new Map();
  const send = (message) => host.postMessage({ jsonrpc: '2.0', ...message }, '*');
  const request = (method, params) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    send({ id, method, params });
  });
  const $ = (id) => document.getElementById(id);
  const text = (id, value) => { $(id).textContent = value === undefined || value === null || value === '' ? '–' : String(value); };
  const state = (name, message) => { document.body.dataset.state = name; $('status').textContent = message; };

  function showInput(args) {
    if (!args || typeof args !== 'object') return;
    if (typeof args.prompt === 'string') text('prompt', args.prompt);
    if (typeof args.model === 'string') text('model', args.model);
  }

  function showResult(result) {
    const task = result && result.structuredContent;
    if (!task || typeof task !== 'object') return state('error', 'This result has no video.');
    if (task.error) return state('error', String(task.error.message || 'The call failed.'));
    if (typeof task.model === 'string') text('model', task.model);
    if (typeof task.cost_units === 'number') text('cost', task.cost_units + ' units' + (typeof task.cost_usd === 'number' ? ' (about $' + task.cost_usd + ')' : ''));
    if (task.status === 'failed') return state('failed', 'The video failed: ' + String(task.failure_reason || 'no reason given') + '. Failed tasks cost nothing.');
    const video = Array.isArray(task.videos) ? task.videos[0] : undefined;
    if (!task.done || !video) return state('waiting', 'Not finished yet (' + String(task.status) + '): ask for the task again in a moment.');
    if (typeof video.duration_seconds === 'number') text('duration', video.duration_seconds.toFixed(1) + ' s');
    let url;
    try { url = new URL(String(video.url)); } catch { url = undefined; }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return state('error', 'The video URL is not an http(s) URL.');
    const player = $('video');
    player.src = url.href;
    player.hidden = false;
    state('ready', 'Kling deletes generated videos 30 days after creation.');
  }

  window.addEventListener('message', (event) => {
    if (event.source !== host) return;
    const message = event.data;
    if (!message || message.jsonrpc !== '2.0') return;
    if (message.id !== undefined && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      return message.error ? reject(new Error(message.error.message)) : resolve(message.result);
    }
    if (message.method === 'ui/notifications/tool-input') showInput(message.params && message.params.arguments);
    else if (message.method === 'ui/notifications/tool-result') showResult(message.params);
    else if (message.method === 'ui/notifications/tool-cancelled') state('error', 'The call was cancelled.');
    else if (message.method === 'ui/resource-teardown' && message.id !== undefined) send({ id: message.id, result: {} });
  });

  const reportSize = () => send({ method: 'ui/notifications/size-changed', params: { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight } });

  request('ui/initialize', {
    appInfo: { name: 'kling-mcp video player', version: '1' },
    appCapabilities: { availableDisplayModes: ['inline'] },
    protocolVersion: '2026-01-26',
  }).then(() => {
    send({ method: 'ui/notifications/initialized', params: {} });
    new ResizeObserver(reportSize).observe(document.body);
  }).catch((error) => state('error', 'The host did not start the player: ' + error.message));
})();
</script>
</body>
</html>
`;
