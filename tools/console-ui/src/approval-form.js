// An approval that comes with a Camunda Form: the server embeds the form's schema in
// <script type="application/json" class="form-schema">; form-js renders it, and its values go with
// the decision. Without a schema the plain HTML form stays as it is.
import { Form } from '@bpmn-io/form-js-viewer';

// In Tasklist the form's own field (key "approved") is the decision; here the Approve and Reject
// buttons are, so the field is left out: a radio that says one thing and a button that says the
// other cannot both be sent.
const DECISION_KEY = 'approved';

export function withoutDecision(schema) {
  const strip = component => ({
    ...component,
    ...(Array.isArray(component.components)
      ? { components: component.components.filter(c => c.key !== DECISION_KEY).map(strip) }
      : {}),
  });
  return strip(schema);
}

export function startApprovalForms() {
  for (const holder of document.querySelectorAll('[data-approval-form]')) {
    const schemaNode = holder.querySelector('script.form-schema');
    if (!schemaNode || holder.dataset.formJs) {
      continue;
    }
    holder.dataset.formJs = 'starting';
    const form = new Form({ container: holder.querySelector('.form-js') });
    const plain = holder.querySelector('form');
    const dataNode = holder.querySelector('script.form-data');
    const data = dataNode ? JSON.parse(dataNode.textContent) : {};
    form.importSchema(withoutDecision(JSON.parse(schemaNode.textContent)), data).then(() => {
      holder.querySelector('.plain-fields')?.remove();
      holder.dataset.formJs = 'shown';
    }).catch(e => {
      holder.querySelector('.form-js').textContent = `The approval form cannot be shown: ${e.message}`;
    });
    plain.addEventListener('submit', event => {
      if (holder.dataset.formJs !== 'shown') {
        return;
      }
      const { data, errors } = form.submit();
      if (Object.keys(errors).length > 0) {
        event.preventDefault();
        return;
      }
      plain.querySelector('input[name=formValues]').value = JSON.stringify(data);
    });
  }
}
