// The open handoff's conversation, kept current while the page is shown (the forms work without it).
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const list = document.getElementById('transcript');
  if (!list) return;
  const id = list.dataset.handoff;
  let shown = list.children.length;
  const refresh = async () => {
    try {
      const response = await fetch(`/staff/api/handoffs/${encodeURIComponent(id)}`, { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const handoff = await response.json();
      for (const message of handoff.messages.slice(shown)) {
        const li = document.createElement('li');
        li.className = `from-${message.from}`;
        const who = document.createElement('span');
        who.className = 'who';
        who.textContent = list.dataset[`label${message.from[0].toUpperCase()}${message.from.slice(1)}`] ?? message.from;
        const text = document.createElement('span');
        text.className = 'text';
        text.textContent = ' ' + message.text;
        li.append(who, text);
        list.append(li);
      }
      shown = handoff.messages.length;
    } catch { /* offline: try again on the next tick */ }
  };
  setInterval(refresh, 3000);
});
