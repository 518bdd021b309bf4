// The browser side of shop: it calls the backend on the same origin (CloudFront routes
// /api/* to it), so no CORS and no API URL to configure.
'use strict';

const COLLECTION = "/api/items";
const list = document.getElementById('items');
const status = document.getElementById('status');

async function load() {
  status.textContent = '';
  try {
    const response = await fetch(COLLECTION, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`GET ${COLLECTION} answered ${response.status}`);
    const body = await response.json();
    const items = Array.isArray(body) ? body : body.items || [body];
    list.replaceChildren(...items.map((item) => {
      const li = document.createElement('li');
      li.textContent = typeof item === 'object' ? JSON.stringify(item) : String(item);
      return li;
    }));
  } catch (error) {
    status.textContent = error.message;
  }
}

document.getElementById('create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('name');
  const response = await fetch(COLLECTION, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: input.value }),
  });
  if (!response.ok) {
    status.textContent = `POST ${COLLECTION} answered ${response.status}`;
    return;
  }
  input.value = '';
  await load();
});

load();
