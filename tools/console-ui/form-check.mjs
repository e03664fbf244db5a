// Checks the console's approval form with a linked Camunda Form in headless Chromium, for
// ApprovalFormBrowserTest: the built bundle (BUNDLE_DIR/console.js and console.css) renders the
// schema with form-js in place of the plain comment field, and Approve posts the form's values
// with the decision and the CSRF token. The page and the bundle are served by Playwright's router
// from files; nothing listens on a port.
//
//   node tools/console-ui/form-check.mjs BUNDLE_DIR
//
// Prints "ok: ..." per check that held; the first that does not ends the script with exit 1.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const bundle = process.argv[2];
const schema = {
  type: 'default',
  id: 'approve-production',
  components: [
    { type: 'textarea', key: 'approvalComment', label: 'Why' },
    { type: 'checkbox', key: 'smokeReviewed', label: 'I read the staging smoke tests' },
    // Tasklist's decision, as in bpmn/approve-production.form: the console's buttons decide instead.
    { type: 'radio', key: 'approved', label: 'Decision', validate: { required: true },
      values: [{ label: 'Approve', value: true }, { label: 'Reject', value: false }] },
  ],
};
// As the server writes it: the schema's "</" escaped, inside the approval card's form.
const page = `<!doctype html><html><head><link rel="stylesheet" href="/console/console.css"></head>
<body data-page="approvals">
<div class="card approval" data-approval-form="" data-run-id="run-1" data-app="demo-app">
  <script type="application/json" class="form-schema">${JSON.stringify(schema).replaceAll('</', '<\\/')}</script>
  <div class="form-js"></div>
  <form method="post" class="decision" action="/runs/run-1/approval">
    <input type="hidden" name="_csrf" value="token-1">
    <input type="hidden" name="app" value="demo-app">
    <input type="hidden" name="formValues" value="">
    <div class="plain-fields"><label>Comment <textarea name="comment"></textarea></label></div>
    <button class="primary approve" type="submit" name="decision" value="approve">Approve</button>
  </form>
</div>
<script src="/console/console.js"></script>
</body></html>`;

function check(condition, what, found) {
  if (!condition) {
    throw new Error(`Expected ${what}, but ${found}`);
  }
  console.log(`ok: ${what}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const tab = await browser.newPage();
  let posted = null;
  await tab.route('http://console.test/**', async route => {
    const url = new URL(route.request().url());
    if (url.pathname === '/approvals') {
      return route.fulfill({ contentType: 'text/html', body: page });
    }
    if (url.pathname.startsWith('/console/')) {
      const file = url.pathname.slice('/console/'.length);
      const type = file.endsWith('.css') ? 'text/css' : 'text/javascript';
      return route.fulfill({ contentType: type, body: await readFile(join(bundle, file)) });
    }
    if (url.pathname === '/runs/run-1/approval') {
      posted = new URLSearchParams(route.request().postData());
      return route.fulfill({ contentType: 'text/html', body: '<p id="done">posted</p>' });
    }
    return route.fulfill({ status: 404, body: '' });
  });
  const errors = [];
  tab.on('pageerror', e => errors.push(e.message));
  await tab.goto('http://console.test/approvals');
  await tab.waitForSelector('[data-form-js="shown"]', { timeout: 10000 }).catch(() => null);
  check(errors.length === 0, 'the bundle to run without errors', `it threw: ${errors.join('; ')}`);
  check((await tab.$('.form-js .fjs-container')) !== null, 'form-js to render the linked form', 'there is no form-js container');
  check((await tab.$('.plain-fields')) === null, 'the plain comment field to give way to the form', 'it is still there');
  check((await tab.$('.form-js input[type=radio]')) === null,
    'the form\'s own decision field to be left out (the buttons decide)', 'its radio is shown');
  await tab.fill('.form-js textarea', 'smoke tests read, metrics better');
  await tab.check('.form-js input[type=checkbox]');
  await Promise.all([tab.waitForSelector('#done'), tab.click('button.approve')]);
  check(posted !== null, 'Approve to post the decision', 'nothing was posted');
  check(posted.get('decision') === 'approve' && posted.get('_csrf') === 'token-1' && posted.get('app') === 'demo-app',
    'the post to carry the decision, the app and the CSRF token', `it carried ${posted}`);
  const values = JSON.parse(posted.get('formValues') || '{}');
  check(values.approvalComment === 'smoke tests read, metrics better' && values.smokeReviewed === true,
    'the post to carry the form\'s values', `formValues was ${posted.get('formValues')}`);
  check(!('approved' in values), 'the post to carry no decision of the form\'s beside the button\'s',
    `formValues was ${posted.get('formValues')}`);
} catch (e) {
  console.error(`form-check: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
