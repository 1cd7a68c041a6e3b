// publint: lints each packed tarball (the files and package.json a registry would get).
import { readFileSync } from 'node:fs';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

/** Errors and warnings fail (strict); suggestions are printed but pass. */
export async function checkPublint(packs, tally) {
  for (const pack of packs) {
    const data = readFileSync(pack.tarball);
    const tarball = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    const { messages, pkg } = await publint({ pack: { tarball }, level: 'suggestion', strict: true });
    const text = (m) => `${m.type}: ${formatMessage(m, pkg, { color: false }) ?? m.code} (${m.code})`;
    const failing = messages.filter((m) => m.type !== 'suggestion');
    if (failing.length > 0) tally.fail(`${pack.name} publint`, failing.map(text));
    else tally.ok(`${pack.name} publint`, messages.length === 0 ? 'no messages' : `${messages.length} suggestion(s)`);
    for (const m of messages.filter((x) => x.type === 'suggestion')) tally.note(text(m));
  }
}
