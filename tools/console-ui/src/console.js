// The console's browser code: each page names itself in <body data-page="...">.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import './console.css';
import { startRunsPage } from './runs-page.js';
import { startRunPage } from './run-page.js';
import { startApprovalForms } from './approval-form.js';

function start() {
  const page = document.body.dataset.page;
  if (page === 'runs') {
    startRunsPage();
  }
  if (page === 'run') {
    startRunPage();
  }
  startApprovalForms();
}

// Loaded with defer, the DOM is parsed by now; loaded later (a test adding it), start at once.
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
