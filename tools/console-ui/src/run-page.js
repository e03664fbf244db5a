// The run page: the process diagram with each element marked done, active, incident or not reached,
// the taken sequence flows, and the step log of the clicked element (followed while it runs).
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { every, getJson } from './dom.js';
import { startApprovalForms } from './approval-form.js';

const MARKS = ['ms-done', 'ms-active', 'ms-incident', 'ms-taken'];

function mark(viewer, diagram, marked) {
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  for (const id of marked) {
    if (registry.get(id)) {
      MARKS.forEach(m => canvas.removeMarker(id, m));
    }
  }
  marked.clear();
  for (const [id, state] of Object.entries(diagram.elements)) {
    if (registry.get(id)) {
      canvas.addMarker(id, `ms-${state}`);
      marked.add(id);
    }
  }
  for (const id of diagram.takenFlows) {
    if (registry.get(id)) {
      canvas.addMarker(id, 'ms-taken');
      marked.add(id);
    }
  }
  document.getElementById('diagram').dataset.marked = String(marked.size);
}

async function showLog(runId, step, stopFollowing) {
  const title = document.getElementById('step-log-title');
  const pre = document.getElementById('step-log');
  stopFollowing.current?.();
  title.textContent = `Step log: ${step}`;
  pre.textContent = 'loading…';
  const load = async () => {
    const response = await fetch(`/runs/${encodeURIComponent(runId)}/steps/${encodeURIComponent(step)}/log`,
      { credentials: 'same-origin' });
    if (response.status === 404) {
      pre.textContent = `No log for ${step} (it has not run, or it is not a step with a log).`;
      return false;
    }
    pre.textContent = await response.text();
    const shown = response.headers.get('X-Step') || step;
    title.textContent = `Step log: ${shown}`;
    const others = (response.headers.get('X-Steps') || '').split(',').filter(s => s && s !== shown);
    const choice = document.getElementById('step-log-others');
    choice.replaceChildren(...others.map(other => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = other;
      button.addEventListener('click', () => showLog(runId, other, stopFollowing));
      return button;
    }));
    return response.headers.get('X-Step-Running') === 'true';
  };
  if (await load()) {
    stopFollowing.current = every(2000, load);
  }
}

const LIVE = ['run-state', 'incidents-section', 'approvals-section', 'steps-section'];

function signature(diagram) {
  return JSON.stringify([diagram.elements, diagram.takenFlows, diagram.running]);
}

/**
 * The run moved on: fetch the page again and swap in its state, incidents, approvals and steps.
 * An approval being written (text in its fields) is left alone.
 */
async function refreshSections(runId, following) {
  const response = await fetch(window.location.pathname, { credentials: 'same-origin' });
  if (!response.ok) {
    return;
  }
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
  for (const id of LIVE) {
    const now = document.getElementById(id);
    const next = fresh.getElementById(id);
    if (!now || !next) {
      continue;
    }
    const typing = [...now.querySelectorAll('textarea, input[type=text]')].some(f => f.value);
    if (!typing) {
      now.replaceWith(document.adoptNode(next));
    }
  }
  for (const link of document.querySelectorAll('#steps-section a.step-link')) {
    link.addEventListener('click', () => showLog(runId, link.dataset.step, following));
  }
  startApprovalForms();
  document.body.dataset.refreshed = String(Date.now());
}

export async function startRunPage() {
  const container = document.getElementById('diagram');
  if (!container) {
    return;
  }
  const runId = container.dataset.runId;
  const following = {};
  for (const link of document.querySelectorAll('a.step-link')) {
    link.addEventListener('click', () => showLog(runId, link.dataset.step, following));
  }
  const source = `/runs/${encodeURIComponent(runId)}/diagram.json`;
  let diagram;
  try {
    diagram = await getJson(source);
  } catch (e) {
    container.textContent = `The diagram cannot be shown: ${e.message}`;
    return;
  }
  if (!diagram.xml) {
    container.textContent = diagram.reason || 'The engine has no diagram for this run.';
    return;
  }
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(diagram.xml);
  viewer.get('canvas').zoom('fit-viewport', 'auto');
  const marked = new Set();
  mark(viewer, diagram, marked);
  viewer.get('eventBus').on('element.click', event => {
    const element = event.element;
    if (element.type !== 'bpmn:Process' && element.type !== 'bpmn:SequenceFlow' && element.type !== 'label') {
      showLog(runId, element.id, following);
    }
  });
  if (diagram.running) {
    followMarks(runId, viewer, diagram, marked, following);
  }
}

// While the run is active the page asks for its marks (no XML) every second, so a step of a second
// or two is seen active; it stops once the run has ended. An engine that does not answer for a
// while (the marks name a reason) is asked again, up to a minute, before the page gives up.
const MARKS_EVERY_MS = 1000;
const UNANSWERED_LIMIT = 60;

function followMarks(runId, viewer, diagram, marked, following) {
  const source = `/runs/${encodeURIComponent(runId)}/marks.json`;
  let seen = signature(diagram);
  let unanswered = 0;
  every(MARKS_EVERY_MS, async () => {
    const marks = await getJson(source);
    if (marks.reason) {
      unanswered++;
      return unanswered < UNANSWERED_LIMIT;
    }
    unanswered = 0;
    mark(viewer, marks, marked);
    if (signature(marks) !== seen) {
      seen = signature(marks);
      await refreshSections(runId, following);
    }
    return marks.running;
  });
}
