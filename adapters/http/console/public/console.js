// Shared behaviour of console pages (no inline scripts: this file is the page's script).
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  // A second click while a change is being saved would post it twice.
  for (const form of document.querySelectorAll('form[method="post"]')) {
    form.addEventListener('submit', () => {
      for (const button of form.querySelectorAll('button[type="submit"]')) button.setAttribute('aria-disabled', 'true');
      setTimeout(() => {
        for (const button of form.querySelectorAll('button[type="submit"]')) button.disabled = true;
      }, 0);
    });
  }
  // After a failed save, take keyboard and screen-reader users straight to the message.
  const alert = document.querySelector('main [role="alert"]');
  if (alert) {
    alert.setAttribute('tabindex', '-1');
    alert.focus();
  }
});
