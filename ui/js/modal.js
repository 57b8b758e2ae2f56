// Modal dialogs for keyboard users: opened with showModal (Escape closes, the page behind
// is inert), Tab and Shift+Tab cycle inside the dialog instead of escaping to the browser,
// and focus goes back to the control that opened it.
const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), ' +
  'textarea:not([disabled]), iframe, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

function focusables(dialog) {
  return [...dialog.querySelectorAll(FOCUSABLE)].filter((e) => e.checkVisibility ? e.checkVisibility() : e.offsetParent);
}

function trapTab(e) {
  if (e.key !== "Tab") return;
  const items = focusables(e.currentTarget);
  if (!items.length) return;
  const first = items[0];
  const last = items[items.length - 1];
  const at = document.activeElement;
  if (e.shiftKey && (at === first || !e.currentTarget.contains(at))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (at === last || !e.currentTarget.contains(at))) {
    e.preventDefault();
    first.focus();
  }
}

/** showModal ``dialog``; on close, focus returns to the opener when it can take it. */
export function openModal(dialog) {
  const opener = document.activeElement;
  if (!dialog.dataset.trap) {
    dialog.addEventListener("keydown", trapTab);
    dialog.dataset.trap = "on";
  }
  dialog.addEventListener("close", () => {
    if (opener && opener.isConnected && !opener.disabled && opener !== document.body) opener.focus();
  }, { once: true });
  dialog.showModal();
}
