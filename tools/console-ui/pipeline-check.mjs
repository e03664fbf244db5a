// Follows a REAL pipeline run in the web console in headless Chromium, as a person would, for DemoIT
// (the demo with modelship.demo.auto-approve=false, so a person has to approve in the console).
//
//   node tools/console-ui/pipeline-check.mjs PHASE
//
// PHASE is "build" (RUN_ID is a commit-build that has just started: watch its diagram turn done
// element by element, and a step's log grow while the step runs) or "release" (RUN_ID is a
// nightly-release that has just started: wait for the approval, approve through the form-js form,
// and see the run reach Released).
// Environment: CONSOLE_URL, RUN_ID, CONSOLE_USER/CONSOLE_PASSWORD (a release manager), SCREENSHOTS
// (a folder, optional), TIMEOUT_SECONDS (default 600).
// Prints "ok: ..." for every check that held and "seen: ..." for what it watched; the first check
// that does not hold ends the script with exit 1.
import { check, launchChromium, need as needIn } from './check-support.mjs';

const phase = process.argv[2];
const base = need('CONSOLE_URL');
const runId = need('RUN_ID');
const who = { user: need('CONSOLE_USER'), password: need('CONSOLE_PASSWORD') };
const shots = process.env.SCREENSHOTS;
const deadline = Date.now() + 1000 * Number(process.env.TIMEOUT_SECONDS || 600);

function need(name) {
  return needIn('pipeline-check', name);
}

/** A check that runs in a loop: says nothing while it holds. */
function holds(condition, what, found) {
  if (!condition) {
    throw new Error(`Expected ${what}, but ${found}`);
  }
}

function beforeDeadline(what) {
  if (Date.now() > deadline) {
    throw new Error(`Expected ${what} within ${process.env.TIMEOUT_SECONDS || 600} s, but it did not happen`);
  }
}

const pause = ms => new Promise(resolve => setTimeout(resolve, ms));

async function signIn(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${base}/runs/${runId}`);
  check(page.url().startsWith(`${base}/login`), 'an anonymous visit to lead to /login', `it went to ${page.url()}`);
  await page.fill('input[name=username]', who.user);
  await page.fill('input[name=password]', who.password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  const signedIn = await page.textContent('#signed-in-user').catch(() => null);
  check(signedIn === who.user, `${who.user} to be signed in on the run page`, `the page says ${signedIn} at ${page.url()}`);
  return page;
}

async function marks(page) {
  await page.waitForSelector('#diagram[data-marked]', { timeout: 30000 });
  return page.evaluate(() => {
    const ids = cls => [...document.querySelectorAll(`.djs-element.${cls}`)]
      .map(e => e.dataset.elementId).filter(id => !id.includes('_di')).sort();
    return { done: ids('ms-done'), active: ids('ms-active'), incident: ids('ms-incident') };
  });
}

async function screenshot(page, name) {
  if (shots) {
    await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  }
}

async function buildPhase(browser) {
  const page = await signIn(browser);
  const states = [];
  const pictures = [];
  let followed = null; // { step, length } of the active step whose log is shown
  let grew = null;
  let shot = false;
  while (true) {
    beforeDeadline('the commit-build to end with its image published');
    const m = await marks(page);
    holds(m.incident.length === 0, 'no incident on the real commit-build', `incident on ${m.incident}`);
    const state = `done [${m.done}] active [${m.active}]`;
    if (states[states.length - 1] !== state) {
      states.push(state);
      pictures.push({ ...m, at: Date.now() });
      console.log(`seen: ${state}`);
    }
    if (m.done.includes('image-published')) {
      break;
    }
    const active = m.active.find(id => !id.endsWith('-done') && id !== 'build-started');
    if (!grew && active) {
      if (!followed || followed.step !== active) {
        await page.click(`[data-element-id="${active}"]`).catch(() => {});
        followed = { step: active, length: -1 };
      }
      const log = await page.textContent('#step-log');
      if (log !== 'loading…' && !log.startsWith('Click a step') && !log.startsWith('No log')) {
        if (followed.length >= 0 && log.length > followed.length) {
          grew = `${active}: ${followed.length} -> ${log.length} characters while it ran`;
        }
        followed.length = log.length;
      }
    }
    if (!shot && m.done.length >= 3 && m.active.length > 0) {
      await screenshot(page, 'console-pipeline-run');
      shot = true;
    }
    await pause(400);
  }
  // The page asks for its marks every second while the run is active; the pictures seen must go
  // green step by step: each with more done than the one before.
  const intermediate = pictures.filter(p => !p.done.includes('image-published') && p.active.length > 0);
  check(intermediate.length >= 2, 'at least two distinct intermediate pictures of the running build, each with a step active',
    `only ${intermediate.length} were seen: ${states.join(' | ')}`);
  for (let i = 1; i < pictures.length; i++) {
    const before = pictures[i - 1].done;
    holds(before.every(id => pictures[i].done.includes(id)),
      'each picture to keep what the one before marked done', `${states[i - 1]} was followed by ${states[i]}`);
  }
  check(pictures[pictures.length - 1].done.length > pictures[0].done.length,
    'the steps done to grow from the first picture to the last', states.join(' | '));
  console.log('ok: no incident on the real commit-build');
  const final = await marks(page);
  for (const step of ['fetch-source', 'fetch-model', 'run-tests', 'build-image', 'push-image', 'record-build']) {
    check(final.done.includes(step), `${step} to be marked done at the end`, `done: ${final.done}`);
  }
  check(final.active.length === 0, 'nothing active once the image is published', `active: ${final.active}`);
  // Whether a step's log grows while the page follows it depends on how long this machine takes for
  // the real steps (under a second each when it is quiet); ConsoleRetryIT checks it on a step that
  // prints for 8 s.
  console.log(grew !== null ? `seen: the log of ${grew}`
    : 'note: no followed step\'s log grew while the page watched (the steps were quick); ConsoleRetryIT checks that');
  // Every step that ran for 3 s or more while the page was watched (its record's start and end, in
  // the steps table of the page loaded again so every row has its end, against the first and last
  // picture) must have been seen active; a step that ended before the page opened cannot be.
  const watched = { from: pictures[0].at, to: pictures[pictures.length - 1].at };
  await page.reload();
  await page.waitForSelector('#steps');
  const steps = await page.$$eval('#steps tbody tr', rows => rows.map(row => {
    const cells = [...row.querySelectorAll('td')].map(td => td.textContent.trim());
    return { step: cells[0], start: Date.parse(cells[3]), end: Date.parse(cells[4]) };
  }));
  const ranLong = steps
    .map(s => ({ ...s, watchedMs: Math.min(s.end, watched.to) - Math.max(s.start, watched.from) }))
    .filter(s => s.watchedMs >= 3000);
  const seenActive = new Set(pictures.flatMap(p => p.active));
  check(ranLong.length > 0, 'at least one step running 3 s or more while the page was watched (to see it active)',
    `none did: ${JSON.stringify(steps)}, watched ${JSON.stringify(watched)}`);
  for (const { step, watchedMs } of ranLong) {
    check(seenActive.has(step), `${step} (${watchedMs} ms of it watched) to be seen active`, `it never was: ${states.join(' | ')}`);
  }
}

async function releasePhase(browser) {
  const page = await signIn(browser);
  while (true) {
    beforeDeadline('the release to ask for approval');
    const m = await marks(page);
    holds(m.incident.length === 0, 'no incident on the real release', `incident on ${m.incident}`);
    if (m.active.includes('approve-production')) {
      console.log(`seen: done [${m.done}] active [${m.active}]`);
      break;
    }
    await pause(500);
  }
  // The element turns active as the task is made; the page lists the task once the engine's
  // user-task search has it, so look again for a while: on the run page, then on /approvals.
  let where = null;
  for (let tries = 0; where === null; tries++) {
    await page.goto(`${base}/runs/${runId}`);
    if (await page.$('[data-approval-form]')) {
      where = 'the run page';
      break;
    }
    const runPage = `${(await page.content()).length} characters, title ${await page.title()}`;
    await page.goto(`${base}/approvals`);
    if (await page.$(`[data-approval-form][data-run-id="${runId}"]`)) {
      where = '/approvals';
      console.log(`seen: no approval card on the run page (${runPage}), but one on /approvals`);
      break;
    }
    if (tries >= 30) {
      throw new Error(`Expected the approval card on the run page or /approvals within 60 s, but neither has one; the run page: ${runPage}; /approvals: ${(await page.innerText('body')).slice(0, 1500)}`);
    }
    await pause(2000);
  }
  console.log(`seen: the approval card on ${where}`);
  try {
    await page.waitForSelector(`[data-approval-form][data-run-id="${runId}"][data-form-js=shown]`, { timeout: 30000 });
  } catch (e) {
    const card = await page.$eval(`[data-approval-form][data-run-id="${runId}"]`, c => `${c.dataset.formJs}: ${c.innerText}`);
    throw new Error(`Expected the approval's Camunda Form rendered by form-js within 30 s, but it is not: ${card}`);
  }
  const form = await page.textContent(`[data-approval-form][data-run-id="${runId}"] .form-js`);
  check(form.includes('Image digest') && form.includes('Model SHA-256'),
    'the approval to be shown in the Camunda Form (form-js) with the image digest and model SHA-256', `the form says ${form}`);
  const digest = await page.$eval(`[data-approval-form][data-run-id="${runId}"] .form-js`, holder =>
    [...holder.querySelectorAll('input')].map(i => i.value).find(v => v.startsWith('sha256:')) || '');
  check(/^sha256:[0-9a-f]{64}$/.test(digest), 'the form to carry the candidate\'s image digest', `its fields hold ${digest}`);
  // As a person would: the buttons decide (the form's own decision field, which Tasklist needs, is
  // left out in the console) and the form takes a comment.
  const card = `[data-approval-form][data-run-id="${runId}"]`;
  check((await page.$(`${card} .form-js input[type=radio]`)) === null,
    'the form\'s own decision field to be left out (the Approve and Reject buttons decide)', 'its radio is shown');
  await page.fill(`${card} .form-js textarea:not([readonly]):not([disabled])`, 'checked in the console on the real pipeline');
  await screenshot(page, 'console-pipeline-approval');
  await Promise.all([page.waitForNavigation(), page.click(`[data-approval-form][data-run-id="${runId}"] button.approve`)]);
  const notice = await page.textContent('#notice').catch(() => null);
  check(notice !== null && notice.includes(`Approved production for model-api as ${who.user}`),
    'Approve to say that it approved, and as whom', `the page says ${notice}`);
  // The runs page while the release goes on (the demo stops Modelship once it has ended).
  await page.goto(`${base}/`);
  await page.waitForSelector(`text=${runId}`, { timeout: 10000 });
  await screenshot(page, 'console-pipeline-runs');
  // Until the run page shows the end. The demo stops Modelship as soon as the release has ended, so
  // the page may be gone before it shows it: then DemoIT checks the end in the demo's summary.
  while (true) {
    beforeDeadline('the release to end released');
    try {
      await page.goto(`${base}/runs/${runId}`);
    } catch (e) {
      console.log(`seen: Modelship stopped before the page showed the end (${e.message.split('\n')[0]})`);
      return;
    }
    let m;
    try {
      m = await marks(page);
    } catch (e) {
      const gone = await page.goto(`${base}/login`).then(() => false, () => true);
      if (gone) {
        console.log('seen: Modelship stopped while the run page loaded its diagram');
        return;
      }
      throw e;
    }
    holds(m.incident.length === 0, 'no incident after the approval', `incident on ${m.incident}`);
    if (m.done.includes('ended-released')) {
      console.log('ok: no incident on the real release');
      check(/released/i.test(await page.textContent('body')), 'the run page to show the release as released', 'it does not say released');
      console.log(`ok: the diagram marks ended-released; run state ${await page.textContent('#run-state')}`);
      return;
    }
    await pause(700);
  }
}

const browser = await launchChromium();
try {
  if (phase === 'build') {
    await buildPhase(browser);
  } else if (phase === 'release') {
    await releasePhase(browser);
  } else {
    throw new Error(`Expected the phase "build" or "release", but got "${phase}"`);
  }
} catch (e) {
  console.error(`pipeline-check: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
