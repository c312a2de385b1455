// Log in and register forms. Registering logs the new user in.
import { api } from '../api';
import { busy, h, showError } from '../dom';
import { errorText } from '../errors';

type Mode = 'login' | 'register';

function field(id: string, label: string, attrs: Record<string, string | number | boolean>):
    { wrapper: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { id, name: id, ...attrs });
  return { wrapper: h('div', { class: 'field' }, h('label', { for: id }, label), input), input };
}

/** Checks the browser's constraints and says what is wrong in words, focusing the field. */
function invalidReason(form: HTMLFormElement): string | null {
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement) || element.validity.valid) continue;
    const label = form.querySelector(`label[for="${element.id}"]`)?.textContent ?? element.name;
    element.focus();
    if (element.validity.valueMissing) return `${label} is required.`;
    if (element.validity.tooShort) return `${label} needs at least ${element.minLength} characters.`;
    if (element.validity.patternMismatch) return `${label}: ${element.title}`;
    return `${label}: ${element.validationMessage}`;
  }
  return null;
}

export function authView(notice: string, onLoggedIn: () => void): HTMLElement {
  let mode: Mode = 'login';

  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const info = h('p', { class: 'notice', role: 'status', hidden: notice === '' }, notice);

  const userName = field('username', 'User name', {
    type: 'text', required: true, autocomplete: 'username', autocapitalize: 'none', spellcheck: false,
    minlength: 3, maxlength: 64, pattern: '[A-Za-z0-9._@+\\-]+',
    title: 'use letters, digits and . _ @ + - only.',
  });
  const password = field('password', 'Password', {
    type: 'password', required: true, autocomplete: 'current-password', maxlength: 128,
  });
  const hintText = '3–64 characters: letters, digits and . _ @ + -';
  const userHint = h('small', { id: 'username-hint', class: 'hint', hidden: true }, hintText);
  userName.wrapper.append(userHint);
  const passwordHint = h('small', { id: 'password-hint', class: 'hint', hidden: true }, 'At least 8 characters.');
  password.wrapper.append(passwordHint);

  const firstName = field('first-name', 'First name', { type: 'text', autocomplete: 'given-name', maxlength: 100 });
  const lastName = field('last-name', 'Last name', { type: 'text', autocomplete: 'family-name', maxlength: 100 });
  const email = field('email', 'Email', { type: 'email', autocomplete: 'email', maxlength: 254 });
  const extra = h('details', { class: 'extra', hidden: true },
    h('summary', {}, 'About you (optional)'), firstName.wrapper, lastName.wrapper, email.wrapper);

  const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Log in');
  const title = h('h1', { id: 'auth-title' }, 'Log in');
  const form = h('form', { class: 'auth-form', novalidate: true, 'aria-labelledby': 'auth-title' },
    userName.wrapper, password.wrapper, extra, error, submit);

  const switchText = h('span', {});
  const switchButton = h('button', { type: 'button', class: 'link' });
  const switcher = h('p', { class: 'switch' }, switchText, ' ', switchButton);

  function setMode(next: Mode): void {
    mode = next;
    const registering = mode === 'register';
    title.textContent = registering ? 'Create an account' : 'Log in';
    submit.textContent = registering ? 'Create account' : 'Log in';
    switchText.textContent = registering ? 'Already have an account?' : 'New here?';
    switchButton.textContent = registering ? 'Log in' : 'Create an account';
    extra.hidden = !registering;
    userHint.hidden = !registering;
    passwordHint.hidden = !registering;
    password.input.autocomplete = registering ? 'new-password' : 'current-password';
    password.input.minLength = registering ? 8 : 0;
    if (registering) {
      userName.input.setAttribute('aria-describedby', 'username-hint');
      password.input.setAttribute('aria-describedby', 'password-hint');
    } else {
      userName.input.removeAttribute('aria-describedby');
      password.input.removeAttribute('aria-describedby');
    }
    showError(error, '');
  }

  switchButton.addEventListener('click', () => {
    setMode(mode === 'login' ? 'register' : 'login');
    userName.input.focus();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    info.hidden = true;
    const reason = invalidReason(form);
    if (reason !== null) {
      showError(error, reason);
      return;
    }
    showError(error, '');
    const name = userName.input.value.trim();
    try {
      await busy(form, async () => {
        if (mode === 'register') {
          const optional = {
            firstName: firstName.input.value.trim(), lastName: lastName.input.value.trim(),
            email: email.input.value.trim(),
          };
          await api.register({
            userName: name, password: password.input.value,
            ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== '')),
          });
        }
        await api.login(name, password.input.value);
      });
      onLoggedIn();
    } catch (e) {
      showError(error, errorText(e));
      password.input.focus();
    }
  });

  setMode('login');
  return h('main', { class: 'auth' },
    h('div', { class: 'card' },
      h('p', { class: 'brand' }, 'ChatServer'), title, info, form, switcher));
}
