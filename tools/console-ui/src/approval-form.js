// An approval that comes with a Camunda Form: the server embeds the form's schema in
// <script type="application/json" class="form-schema">; form-js renders it, and its values go with
// the decision. Without a schema the plain HTML form stays as it is.
import { Form } from '@bpmn-io/form-js-viewer';

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
    form.importSchema(JSON.parse(schemaNode.textContent), data).then(() => {
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
