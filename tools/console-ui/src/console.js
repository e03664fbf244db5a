// The console's browser code: each page names itself in <body data-page="...">.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import './console.css';
import { startRunsPage } from './runs-page.js';
import { startRunPage } from './run-page.js';
import { startApprovalForms } from './approval-form.js';

document.addEventListener('DOMContentLoaded', () => {
  const page = document.body.dataset.page;
  if (page === 'runs') {
    startRunsPage();
  }
  if (page === 'run') {
    startRunPage();
  }
  startApprovalForms();
});
