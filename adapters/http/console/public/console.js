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
  // On a phone the filters start folded unless some are in use, so the tickets come first.
  const filters = document.querySelector('details.filter-box');
  if (filters && !filters.dataset.active && window.matchMedia('(max-width: 39.99em)').matches) filters.open = false;
  // After a failed save, take keyboard and screen-reader users straight to the message.
  const alert = document.querySelector('main [role="alert"]');
  if (alert) {
    alert.setAttribute('tabindex', '-1');
    alert.focus();
  }
});
