/** A configuration problem; the message starts with the field, e.g. `inputs[2].port: must be …`. */
export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(field ? `${field}: ${problem}` : problem);
  }
}

/** Renders a value for an error message without echoing long or secret-looking text. */
function shown(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}

/**
 * Reads the members of one JSON object of the configuration, checking each and naming the field
 * (`path.key`) in every error. `done()` rejects members that were never read (typos).
 */
export class Fields {
  readonly #read = new Set<string>();

  constructor(
    readonly path: string,
    readonly value: Record<string, unknown>,
  ) {}

  static of(path: string, value: unknown): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AgentConfigError(path, 'must be an object');
    return new Fields(path, value as Record<string, unknown>);
  }

  field(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, problem: string): never {
    throw new AgentConfigError(this.field(key), problem);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  raw(key: string): unknown {
    this.#read.add(key);
    return this.value[key];
  }

  string(key: string): string | undefined;
  string(key: string, fallback: string): string;
  string(key: string, fallback?: string): string | undefined {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || v === '') this.fail(key, `must be a non-empty string, not ${shown(v)}`);
    return v;
  }

  int(key: string, min: number, max: number): number | undefined;
  int(key: string, min: number, max: number, fallback: number): number;
  int(key: string, min: number, max: number, fallback?: number): number | undefined {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      this.fail(key, `must be an integer from ${min} to ${max}, not ${shown(v)}`);
    return v;
  }

  number(key: string, min: number, max: number, fallback: number): number {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      this.fail(key, `must be a number from ${min} to ${max}, not ${shown(v)}`);
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, not ${shown(v)}`);
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[], fallback: T): T {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !values.includes(v as T)) this.fail(key, `must be one of ${values.join(', ')}, not ${shown(v)}`);
    return v as T;
  }

  strings(key: string, fallback?: string[]): string[] {
    const v = this.raw(key);
    if (v === undefined && fallback) return fallback;
    if (!Array.isArray(v) || (fallback === undefined && v.length === 0)) this.fail(key, 'must be a non-empty array of strings');
    v.forEach((s, i) => {
      if (typeof s !== 'string' || s === '') throw new AgentConfigError(`${this.field(key)}[${i}]`, 'must be a non-empty string');
    });
    return v as string[];
  }

  stringMap(key: string): Record<string, string> | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    const f = Fields.of(this.field(key), v);
    for (const [k, s] of Object.entries(f.value)) if (typeof s !== 'string') f.fail(k, 'must be a string');
    return { ...(v as Record<string, string>) };
  }

  object(key: string): Fields | undefined {
    const v = this.raw(key);
    return v === undefined ? undefined : Fields.of(this.field(key), v);
  }

  /** Rejects members nobody read: almost always a misspelt option. */
  done(): void {
    for (const key of Object.keys(this.value)) if (!this.#read.has(key)) this.fail(key, 'unknown field');
  }
}
