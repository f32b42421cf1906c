import { h, on } from './dom';

/**
 * StartExecution from the page: an optional name and the input as JSON. The input is checked
 * here only for being JSON (the API checks the rest); a refusal is shown under the button.
 */
export function startForm(start: (name: string, input: string) => Promise<void>): HTMLElement {
  const name = h('input', { type: 'text', placeholder: 'name (optional)', 'data-testid': 'start-name' });
  const input = h('textarea', { rows: 4, spellcheck: 'false', 'data-testid': 'start-input' });
  input.value = '{}';
  const result = h('p', { class: 'error', 'data-testid': 'start-result' });
  const button = h('button', { type: 'submit' }, 'Start execution');
  const form = h(
    'form',
    { class: 'card start-form', 'data-testid': 'start-execution' },
    h('h3', {}, 'Start an execution'),
    h('label', {}, 'Name ', name),
    h('label', {}, 'Input ', input),
    button,
    result,
  );
  return on(form, 'submit', (event) => {
    event.preventDefault();
    try {
      JSON.parse(input.value);
    } catch (error) {
      result.textContent = `The input is not JSON: ${(error as Error).message}`;
      return;
    }
    button.disabled = true;
    result.textContent = '';
    start(name.value.trim(), input.value).catch((error: unknown) => {
      button.disabled = false;
      result.textContent = (error as Error).message;
    });
  });
}
