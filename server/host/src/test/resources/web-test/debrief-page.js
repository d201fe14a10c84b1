// Loads /debrief.json and /powers.json, as the web client receives them, and draws the debrief.
// The test waits for data-state on the body: "drawn", or "failed" with the error logged.
import { renderDebrief } from '/js/debrief.js';

async function load(path) {
  const response = await fetch(path);
  if (!response.ok) {
    throw new Error(`${path}: HTTP ${response.status}`);
  }
  return response.json();
}

try {
  const [debrief, powers] = await Promise.all([load('/debrief.json'), load('/powers.json')]);
  renderDebrief(document.getElementById('debrief'), debrief, powers, {
    hegemonyWarning: 0.4,
    hegemonyVictory: 0.5,
  });
  document.body.dataset.state = 'drawn';
} catch (e) {
  console.error(`the debrief page failed: ${e && e.stack ? e.stack : e}`);
  document.body.dataset.state = 'failed';
}
