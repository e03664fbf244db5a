// The runs page: the table the server rendered, kept current by polling /runs.json with the same
// filters and page.
import { el, every, getJson } from './dom.js';

function row(run) {
  return el('tr', { 'data-run-id': run.runId },
    el('td', {}, el('a', { href: `/runs/${encodeURIComponent(run.runId)}` }, run.runId)),
    el('td', {}, run.kind ?? ''),
    el('td', {}, run.app ?? 'all apps'),
    el('td', { class: 'mono' }, run.commit ?? ''),
    el('td', { class: 'mono' }, run.modelSha ?? ''),
    el('td', {}, el('span', { class: `state state-${run.state}` }, run.state)),
    el('td', {}, run.duration ?? ''),
    el('td', {}, run.startedBy ?? ''),
    el('td', {}, run.createdAt ?? ''));
}

export function startRunsPage() {
  const body = document.querySelector('#runs tbody');
  if (!body) {
    return;
  }
  every(3000, async () => {
    const page = await getJson('/runs.json' + window.location.search);
    body.replaceChildren(...page.runs.map(row));
    document.body.dataset.refreshed = String(Date.now());
  });
}
