import { closeSync, existsSync, fstatSync, openSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileInputConfig } from '../config/types.js';
import type { FilePosition, InputDeps, RunningInput } from '../inputs/types.js';
import { dockerPartial, PARSERS } from '../mapping/fileParsers.js';
import { expandGlobs } from './glob.js';
import { fingerprintFd } from './identity.js';
import { findSibling } from './siblings.js';
import { type FileStateRecord, newRecord, StateStore } from './stateStore.js';
import { FileTracker, type TrackerDeps } from './tracker.js';

/** Records of files not seen for this long are forgotten. */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/** Whether the open file `fd` starts with the bytes `record` fingerprinted. */
function sameStart(fd: number, record: FileStateRecord): boolean {
  return fingerprintFd(fd, record.fpLen).hash === record.fp && fstatSync(fd).size >= record.fpLen;
}

/**
 * Files: paths and globs followed by name. Every file is one {@link FileTracker} keyed by
 * dev+inode; a scan every `pollIntervalMs` finds new files, growth, rotation by rename (the path
 * now leads elsewhere: the old file is read to its end, then let go) and copytruncate (the file
 * shrank or its first bytes changed: the rest is read from the copy beside it, found by its
 * first bytes, and the file starts over from 0). Positions persist in `<stateDir>/files/<input>/`.
 */
export class FileInput {
  readonly #trackers = new Map<string, FileTracker>();
  /** Trackers of truncated files without a copy, finishing what they had read. */
  readonly #finishing = new Set<FileTracker>();
  readonly #unattached = new Map<string, FileStateRecord>();
  readonly #store: StateStore;
  readonly #trackerDeps: TrackerDeps;
  #timer: NodeJS.Timeout | undefined;
  #scanning = false;
  #firstRun: boolean;
  #lastGc = 0;

  constructor(
    readonly config: FileInputConfig,
    private readonly deps: InputDeps,
  ) {
    const dir = join(deps.stateDir, 'files', config.name);
    this.#firstRun = !existsSync(join(dir, '.started'));
    this.#store = new StateStore(dir);
    if (this.#firstRun) writeFileSync(join(dir, '.started'), `${new Date().toISOString()}\n`, { mode: 0o600 });
    for (const r of this.#store.loadAll()) this.#unattached.set(r.id, r);
    const multiline = config.multiline ? new RegExp(config.multiline.start) : undefined;
    this.#trackerDeps = {
      config,
      destination: deps.destination,
      counters: deps.counters,
      store: this.#store,
      agentId: deps.agentId,
      log: deps.log,
      parse: PARSERS[config.parser],
      assembler: {
        maxBytes: config.maxLineBytes,
        ...(multiline ? { start: multiline } : {}),
        ...(config.parser === 'docker' ? { continues: dockerPartial } : {}),
      },
      onFinished: (t) => this.#finished(t),
    };
  }

  async start(): Promise<void> {
    await this.scan();
    // Files left mid-way by the last run that no path leads to any more: find them beside their old path.
    for (const record of [...this.#unattached.values()]) {
      if (record.done) continue;
      const sibling = findSibling(record, record.offset, this.#taken());
      if (!sibling) continue;
      this.#unattached.delete(record.id);
      const tracker = new FileTracker(record, sibling.path, sibling.fd, this.#trackerDeps);
      tracker.rotated = true;
      this.#trackers.set(tracker.key, tracker);
      this.deps.log.info(`resuming ${sibling.path} (rotated while the agent was down) at offset ${record.offset}`);
      tracker.kick();
    }
    this.#firstRun = false;
    this.#timer = setInterval(() => void this.scan(), this.config.pollIntervalMs);
  }

  #taken(): Set<string> {
    return new Set(this.#trackers.keys());
  }

  /** One pass over the configured paths. */
  async scan(): Promise<void> {
    if (this.#scanning) return;
    this.#scanning = true;
    try {
      const seen = new Set<string>();
      for (const path of expandGlobs(this.config.paths, this.config.exclude)) {
        let st: ReturnType<typeof statSync>;
        try {
          st = statSync(path);
        } catch {
          continue;
        }
        const key = `${st.dev}:${st.ino}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const tracker = this.#trackers.get(key);
        if (tracker) {
          tracker.path = path;
          tracker.rotated = false;
          if (!tracker.rewritten()) {
            tracker.extendFingerprint(this.config.fingerprintBytes);
            tracker.grew(st.size);
            continue;
          }
          this.#truncated(tracker, path);
        }
        this.#attach(path);
      }
      for (const [key, tracker] of [...this.#trackers]) {
        if (seen.has(key)) continue;
        if (!tracker.rotated) this.deps.log.debug(`${tracker.path} was rotated away; reading it to its end`);
        tracker.rotated = true;
        // Renamed and then truncated (or the other way round): its new content is followed too.
        if (tracker.rewritten()) this.#truncated(tracker, undefined);
        else tracker.grew(tracker.size);
      }
      this.#gc();
    } catch (error) {
      this.deps.log.warn(`scanning failed (${(error as Error).message})`);
    } finally {
      this.#scanning = false;
    }
  }

  /**
   * Copytruncate: `tracker`'s file (at `path`, or renamed away when undefined) now holds other
   * content. The tracker continues in the copy beside it, found by its first bytes, or forwards
   * what it read and lets the rest go; the truncated file itself is followed from 0 — by the scan
   * when a configured path leads to it, here otherwise.
   */
  #truncated(tracker: FileTracker, path: string | undefined): void {
    const where = path ?? tracker.path;
    this.#trackers.delete(tracker.key);
    const fd = tracker.detach();
    const copy = findSibling(tracker.record, tracker.readPosition, this.#taken(), true);
    if (copy) {
      tracker.switchTo(copy.path, copy.fd);
      this.#trackers.set(tracker.key, tracker);
      this.deps.log.info(`${where} was truncated; continuing in its copy ${copy.path}`);
    } else {
      const lost = tracker.abandon();
      this.#finishing.add(tracker);
      this.deps.log.warn(`${where} was truncated and no copy was found; ${lost} bytes were never read`);
    }
    if (fd === undefined) return;
    if (path !== undefined) closeSync(fd);
    else {
      const fresh = this.#track(where, fd, 0);
      fresh.rotated = true;
    }
  }

  /** A file this input does not follow yet: resume its record, or start a new one. */
  #attach(path: string): void {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return;
    }
    const st = fstatSync(fd);
    const key = `${st.dev}:${st.ino}`;
    if (this.#trackers.has(key)) {
      closeSync(fd);
      return;
    }
    const record = [...this.#unattached.values()].find((r) => r.dev === st.dev && r.ino === st.ino && !r.done && sameStart(fd, r));
    if (record) {
      this.#unattached.delete(record.id);
      const tracker = new FileTracker(record, path, fd, this.#trackerDeps);
      this.#trackers.set(key, tracker);
      tracker.kick();
      return;
    }
    this.#track(path, fd, this.#firstRun && this.config.startAt === 'end' ? st.size : 0);
  }

  /** Starts following the open file `fd` under a new record, from `offset`. */
  #track(path: string, fd: number, offset: number): FileTracker {
    const record = newRecord(path, fd, offset, this.config.fingerprintBytes);
    this.deps.log.debug(`following ${path} from offset ${offset}`);
    const tracker = new FileTracker(record, path, fd, this.#trackerDeps);
    this.#trackers.set(tracker.key, tracker);
    tracker.kick();
    return tracker;
  }

  #finished(tracker: FileTracker): void {
    if (this.#trackers.get(tracker.key) === tracker) this.#trackers.delete(tracker.key);
    this.#finishing.delete(tracker);
    this.#store.remove(tracker.record.id);
    this.deps.log.debug(`${tracker.path} is read to its end and forwarded`);
  }

  /** Forgets records of files not seen for a day. */
  #gc(): void {
    const now = Date.now();
    if (now - this.#lastGc < 60_000) return;
    this.#lastGc = now;
    for (const r of this.#unattached.values()) {
      if (now - r.seenAt < FORGET_AFTER_MS) continue;
      this.#unattached.delete(r.id);
      this.#store.remove(r.id);
    }
  }

  positions(): FilePosition[] {
    return [...this.#trackers.values(), ...this.#finishing].map((t) => ({
      path: t.path,
      offset: t.record.offset,
      size: t.size,
      inFlight: t.inFlight,
      rotated: t.rotated,
    }));
  }

  async stop(drain: boolean): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await Promise.all([...this.#trackers.values(), ...this.#finishing].map((t) => t.stop(drain)));
  }
}

export async function startFileInput(config: FileInputConfig, deps: InputDeps): Promise<RunningInput> {
  const input = new FileInput(config, deps);
  await input.start();
  deps.log.info(`following ${config.paths.join(', ')} (${config.parser})`);
  return {
    config,
    address: config.paths.join(', '),
    stop: ({ drain }) => input.stop(drain),
    files: () => input.positions(),
  };
}
