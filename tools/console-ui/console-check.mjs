// Drives the web console in headless Chromium as a person would, for ConsoleBrowserIT.
//
//   node tools/console-ui/console-check.mjs PHASE
//
// PHASE is "log" (RUN_ID is a finished release of no app: its select-apps step has a log),
// "incident" (the run waits on an incident) or "approval" (the run waits for approval), all three
// on a stand-in release; or "retry": RUN_ID is a real commit-build whose fetch-model ran out of
// retries while the model store was down, and the store is back (TIMEOUT_SECONDS bounds the wait
// for the build to end after Retry, default 300).
// Environment: CONSOLE_URL, RUN_ID, ADMIN_USER/ADMIN_PASSWORD (roles read, trigger,
// release-managers), READER_USER/READER_PASSWORD (role read), SCREENSHOTS (a folder, optional).
// Prints "ok: ..." for every check that held; the first that does not ends the script with exit 1.
// The browser is Debian's /usr/bin/chromium (CHROMIUM overrides it); each launch gets a fresh,
// empty profile of its own.
import { check, launchChromium, need as needIn } from './check-support.mjs';

const phase = process.argv[2];
const base = need('CONSOLE_URL');
const runId = need('RUN_ID');
const admin = { user: need('ADMIN_USER'), password: need('ADMIN_PASSWORD') };
const reader = { user: need('READER_USER'), password: need('READER_PASSWORD') };
const shots = process.env.SCREENSHOTS;

function need(name) {
  return needIn('console-check', name);
}

async function signIn(browser, who) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${base}/runs/${runId}`);
  check(page.url().startsWith(`${base}/login`), `${who.user}: an anonymous visit to lead to /login`, `it went to ${page.url()}`);
  await page.fill('input[name=username]', who.user);
  await page.fill('input[name=password]', who.password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  const signedIn = await page.textContent('#signed-in-user').catch(() => null);
  check(signedIn === who.user, `${who.user}: to be signed in`, `the page says ${signedIn} at ${page.url()}`);
  return page;
}

/** A form POST from the signed-in page, with its session and CSRF token, as a tampered page would. */
async function postAs(page, path, fields) {
  return page.evaluate(async ({ path, fields }) => {
    const body = new URLSearchParams(fields);
    body.set('_csrf', document.querySelector('input[name=_csrf]').value);
    const response = await fetch(path, { method: 'POST', body, redirect: 'manual', credentials: 'same-origin' });
    return response.status;
  }, { path, fields });
}

async function screenshot(page, name) {
  if (shots) {
    await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  }
}

async function diagramMarks(page) {
  await page.waitForSelector('#diagram[data-marked]', { timeout: 20000 });
  return page.evaluate(() => ({
    done: [...document.querySelectorAll('.djs-element.ms-done')].map(e => e.dataset.elementId),
    active: [...document.querySelectorAll('.djs-element.ms-active')].map(e => e.dataset.elementId),
    incident: [...document.querySelectorAll('.djs-element.ms-incident')].map(e => e.dataset.elementId),
    taken: [...document.querySelectorAll('.djs-element.ms-taken')].map(e => e.dataset.elementId),
  }));
}

async function incidentPhase(browser) {
  const page = await signIn(browser, admin);
  await page.goto(`${base}/`);
  const row = await page.waitForSelector(`#runs tr[data-run-id="${runId}"]`, { timeout: 10000 }).catch(() => null);
  check(row !== null, `the runs page to list run ${runId}`, 'no row names it');
  const state = await row.$eval('.state', e => e.textContent);
  check(state === 'incident', 'the run\'s row to read "incident"', `it reads "${state}"`);
  await screenshot(page, 'console-runs');

  await page.goto(`${base}/runs/${runId}`);
  const marks = await diagramMarks(page);
  check(marks.done.includes('release-now'), 'the diagram to mark the start event done', `done: ${marks.done}`);
  check(marks.incident.includes('prepare'), 'the diagram to mark "prepare" as an incident', `incident: ${marks.incident}`);
  check(marks.taken.includes('flow-start-to-prepare'), 'the diagram to mark the taken flow', `taken: ${marks.taken}`);
  check(!marks.done.includes('approve-production') && !marks.active.includes('approve-production'),
    'the approval not to be marked (not reached)', `done: ${marks.done}, active: ${marks.active}`);
  await page.click('[data-element-id="prepare"]');
  await page.waitForFunction(() => document.getElementById('step-log-title').textContent.includes('prepare'));
  check(true, 'a click on a step to show its log panel');
  const retry = await page.$('button.retry');
  check(retry !== null, 'the trigger role to see Retry on the incident', 'there is no Retry button');
  await screenshot(page, 'console-run');

  const readerPage = await signIn(browser, reader);
  check((await readerPage.$('button.retry')) === null, 'a read-only user to see no Retry button', 'there is one');
  const incidentKey = await page.$eval('#incidents form', f => f.action.match(/incidents\/(\d+)\/retry/)[1]);
  const status = await postAs(readerPage, `/runs/${runId}/incidents/${incidentKey}/retry`, {});
  check(status === 403, 'a read-only user\'s retry POST to be refused with 403', `it answered ${status}`);
  await readerPage.goto(`${base}/runs/no-such-run-1`);
  const notFound = await readerPage.textContent('#status').catch(() => null);
  check(notFound === '404', 'an unknown run id to show the 404 page', `the page shows ${notFound}`);
  const bad = await readerPage.goto(`${base}/?page=minus-one`);
  check(bad.status() === 400, 'a malformed page number to show a 400 page', `it answered ${bad.status()}`);

  await readerPage.goto(`${base}/runs/${runId}`);
  await diagramMarks(readerPage);
  await Promise.all([page.waitForNavigation(), retry.click()]);
  const notice = await page.textContent('#notice').catch(() => null);
  check(notice !== null && notice.includes('Retried incident'), 'Retry to show what the retry did', `the page says ${notice}`);
  const live = await readerPage.waitForSelector('#no-incidents', { timeout: 15000 }).catch(() => null);
  check(live !== null, 'an open run page to drop the retried incident without a reload',
    `it still shows ${await readerPage.$$eval('#incidents tbody tr', rows => rows.length)} incident(s)`);
}

async function logPhase(browser) {
  const page = await signIn(browser, reader);
  const marks = await diagramMarks(page);
  check(marks.done.includes('select-apps') && marks.active.length === 0,
    'a finished run\'s diagram to mark its steps done and none active', `done: ${marks.done}, active: ${marks.active}`);
  await page.click('[data-element-id="select-apps"]');
  await page.waitForFunction(() => {
    const text = document.getElementById('step-log').textContent;
    return text !== 'loading…' && !text.startsWith('Click a step');
  }, null, { timeout: 10000 });
  const log = await page.textContent('#step-log');
  check(log.trim().length > 0 && !log.startsWith('No log'), 'a click on select-apps to show its step log', `the panel says "${log}"`);
}

async function approvalPhase(browser) {
  const readerPage = await signIn(browser, reader);
  await readerPage.goto(`${base}/approvals`);
  const card = await readerPage.$(`.approval[data-run-id="${runId}"]`);
  check(card !== null, 'the approvals page to show the waiting approval', 'no card names the run');
  check((await readerPage.$('button.approve')) === null, 'a read-only user to see no Approve button', 'there is one');
  const status = await postAs(readerPage, `/runs/${runId}/approval`, { decision: 'approve', app: 'demo-app' });
  check(status === 403, 'a read-only user\'s approval POST to be refused with 403', `it answered ${status}`);

  const page = await signIn(browser, admin);
  const marks = await diagramMarks(page);
  check(marks.active.includes('approve-production'), 'the diagram to mark the approval active', `active: ${marks.active}`);
  check(marks.done.includes('prepare'), 'the retried step to be marked done', `done: ${marks.done}`);
  const approve = await page.$('button.approve');
  check(approve !== null, 'a release manager to see Approve on the run page', 'there is no Approve button');
  await screenshot(page, 'console-approval');
  const comment = await page.$('textarea[name=comment]');
  if (comment) {
    await comment.fill('checked in the console test');
  }
  await Promise.all([page.waitForNavigation(), approve.click()]);
  const notice = await page.textContent('#notice').catch(() => null);
  check(notice !== null && notice.includes(`Approved production for demo-app as ${admin.user}`),
    'Approve to show that it approved, and as whom', `the page says ${notice}`);
}

/** What the open run page shows now: its state, the marks, and the fetch-model row of its steps. */
async function runPageNow(page) {
  return page.evaluate(() => {
    const ids = cls => [...document.querySelectorAll(`.djs-element.${cls}`)].map(e => e.dataset.elementId);
    const link = document.querySelector('#steps a.step-link[data-step="fetch-model"]');
    const cells = link ? [...link.closest('tr').querySelectorAll('td')].map(td => td.textContent.trim()) : [];
    return {
      state: document.getElementById('run-state')?.textContent,
      done: ids('ms-done'), active: ids('ms-active'), incident: ids('ms-incident'),
      fetchModel: { state: cells[1], attempts: cells[2] },
      noIncidents: document.getElementById('no-incidents') !== null,
    };
  });
}

async function retryPhase(browser) {
  const page = await signIn(browser, admin);
  const before = await diagramMarks(page);
  check(before.incident.includes('fetch-model'), 'the diagram to mark fetch-model as an incident', `incident: ${before.incident}`);
  check(before.done.includes('fetch-source'), 'the diagram to mark fetch-source done', `done: ${before.done}`);
  const message = await page.textContent('#incidents tbody').catch(() => '');
  check(message.includes('fetch-model') && message.includes('s3://'), 'the incident to name the step and the model it could not fetch', `it says "${message}"`);
  const retry = await page.$('button.retry');
  check(retry !== null, 'a release manager to see Retry on the incident', 'there is no Retry button');
  const incidentKey = await page.$eval('#incidents form', f => f.action.match(/incidents\/(\d+)\/retry/)[1]);

  const readerPage = await signIn(browser, reader);
  await diagramMarks(readerPage);
  check((await readerPage.$('button.retry')) === null, 'a read-only user to see no Retry button', 'there is one');
  const status = await postAs(readerPage, `/runs/${runId}/incidents/${incidentKey}/retry`, {});
  check(status === 403, 'a read-only user\'s retry POST to be refused with 403', `it answered ${status}`);
  await readerPage.reload();
  check((await readerPage.$('#incidents')) !== null, 'the incident to stay open after the refused POST', 'it is gone');

  const polls = [];
  page.on('request', request => {
    if (request.url().endsWith(`/runs/${runId}/marks.json`)) {
      polls.push(Date.now());
    }
  });
  await Promise.all([page.waitForNavigation(), retry.click()]);
  const notice = await page.textContent('#notice').catch(() => null);
  check(notice !== null && notice.includes(`Retried incident ${incidentKey}`), 'Retry to say which incident it retried', `the page says ${notice}`);
  const seconds = Number(process.env.TIMEOUT_SECONDS || 300);
  const until = Date.now() + seconds * 1000;
  let now = await runPageNow(page);
  let sawFetched = false;
  let sawTests = false;
  let followed = -1; // the length of run-tests' log in the panel, once it shows the tests' lines
  let grew = null;
  while (Date.now() < until && !(now.state === 'completed' && now.done.includes('image-published'))) {
    sawFetched ||= now.done.includes('fetch-model') && now.state !== 'completed';
    sawTests ||= now.active.includes('run-tests');
    if (now.active.includes('run-tests') && grew === null) {
      // As a person would: click the running step and watch its log come in.
      if (followed < 0 && !(await page.textContent('#step-log-title')).includes('run-tests')) {
        await page.click('[data-element-id="run-tests"]').catch(() => {});
      }
      const log = await page.textContent('#step-log');
      if (log.includes('[stdout] test ')) {
        if (followed >= 0 && log.length > followed) {
          grew = `${followed} -> ${log.length} characters`;
        }
        followed = log.length;
      }
    }
    await page.waitForTimeout(250);
    now = await runPageNow(page);
  }
  check(now.state === 'completed' && now.done.includes('image-published'),
    `the open run page to show the build ending at image-published within ${seconds} s, without a reload`,
    `it shows state ${now.state}, done: ${now.done}, active: ${now.active}, incident: ${now.incident}`);
  check(sawFetched, 'the page to mark fetch-model done while the build still ran', 'it only saw the end');
  check(sawTests, 'the page to mark run-tests active while it ran', 'it never showed run-tests active (the app\'s tests take 8 s here)');
  check(grew !== null, 'the log of run-tests, opened by a click while it ran, to grow in the log panel without a reload',
    followed < 0 ? 'the panel never showed the tests\' lines' : `it stayed at ${followed} characters`);
  console.log(`seen: the log of run-tests grow ${grew}`);
  check(now.incident.length === 0 && now.noIncidents, 'the page to show no incident at the end',
    `incident marks: ${now.incident}, incidents table: ${!now.noIncidents}`);
  check(now.fetchModel.state === 'succeeded' && now.fetchModel.attempts === '4',
    'the steps table to show fetch-model succeeded on its 4th attempt (3 failed while the store was down)',
    `it shows ${JSON.stringify(now.fetchModel)}`);
  // While the build ran the page asked for the marks about every second, and it stops once ended.
  const gaps = polls.slice(1).map((t, i) => t - polls[i]).sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)];
  check(gaps.length >= 5 && median < 2000, 'the page to ask for the marks about every second while the build ran',
    `${polls.length} requests, median gap ${median} ms`);
  const asked = polls.length;
  await page.waitForTimeout(4000);
  check(polls.length <= asked + 1, 'the page to stop asking for the marks once the run ended',
    `${polls.length - asked} more requests in 4 s`);
  await screenshot(page, 'console-retried');
}

const browser = await launchChromium();
try {
  if (phase === 'log') {
    await logPhase(browser);
  } else if (phase === 'incident') {
    await incidentPhase(browser);
  } else if (phase === 'approval') {
    await approvalPhase(browser);
  } else if (phase === 'retry') {
    await retryPhase(browser);
  } else {
    throw new Error(`Expected the phase "log", "incident", "approval" or "retry", but got "${phase}"`);
  }
} catch (e) {
  console.error(`console-check: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
