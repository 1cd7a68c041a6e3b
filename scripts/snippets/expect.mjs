// What a snippet's marker says it logs (`expect="…"`), and the check of the entries read back.
//
//   expect="invoice created{invoice=INV-2001}; queue.depth{value=17}; card declined{error_type=Error}"
//
// One item per entry, separated by `;`. The label is the entry's message (log), name (metric,
// span), event (event) or action (audit); `{k=v,…}` are fields the entry must have, each looked
// up in its attributes first, then among its own fields, compared as text. `expect=""`: the
// snippet logs nothing. The entries read back must match the items one to one, in any order.

/** Parses an expect="…" text into `[{ label, fields }]`. */
export function parseExpect(text) {
  const items = [];
  for (const raw of text.split(';')) {
    const item = raw.trim();
    if (item === '') continue;
    const m = /^([^{]+?)\s*(?:\{([^}]*)\})?$/.exec(item);
    if (!m) throw new Error(`bad expect item "${item}"`);
    const fields = {};
    for (const pair of (m[2] ?? '').split(',')) {
      if (pair.trim() === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 1) throw new Error(`bad field "${pair}" in expect item "${item}" (key=value)`);
      fields[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
    items.push({ label: m[1].trim(), fields });
  }
  return items;
}

/** An entry's label: what the expect items name it by. */
export function labelOf(entry) {
  return entry.message ?? entry.name ?? entry.event ?? entry.action ?? `(${entry.type})`;
}

function fieldText(entry, key) {
  const v = entry.attributes?.[key] ?? entry[key];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function matches(item, entry) {
  if (labelOf(entry) !== item.label) return false;
  return Object.entries(item.fields).every(([k, v]) => fieldText(entry, k) === v);
}

const show = (entry) =>
  `${labelOf(entry)} ${JSON.stringify({ type: entry.type, source: entry.source, level: entry.level, attributes: entry.attributes ?? {} })}`;

/**
 * Checks decrypted entries against the expect items; returns the problems (empty when every item
 * matched exactly one entry and no entry is left over).
 */
export function checkEntries(items, entries) {
  const left = [...entries];
  const problems = [];
  for (const item of items) {
    const i = left.findIndex((e) => matches(item, e));
    if (i >= 0) left.splice(i, 1);
    else {
      const fields = Object.entries(item.fields).map(([k, v]) => `${k}=${v}`);
      problems.push(`no entry "${item.label}"${fields.length ? ` with ${fields.join(', ')}` : ''}`);
    }
  }
  for (const e of left) problems.push(`an entry the marker does not expect: ${show(e)}`);
  if (problems.length > 0 && entries.length > 0) problems.push(`read back: ${entries.map(show).join(' | ')}`);
  return problems;
}
