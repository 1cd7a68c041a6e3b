/** Assembles one Wycheproof-style vector file with stable, sequential tcIds. */
export const GENERATOR_VERSION = '1.0.0';

export interface Test {
  comment: string;
  flags?: string[];
  result: 'valid' | 'invalid';
  errorClass?: string;
  [field: string]: unknown;
}

export interface Group {
  type: string;
  tests: Test[];
  [field: string]: unknown;
}

export class VectorFile {
  private readonly groups: Group[] = [];
  private nextId = 1;

  constructor(
    readonly fileName: string,
    readonly algorithm: string,
    readonly schema: string,
    readonly header: string[],
    readonly notes: Record<string, string>,
  ) {}

  group(type: string, params: Record<string, unknown> = {}): (test: Test) => void {
    const group: Group = { type, ...params, tests: [] };
    this.groups.push(group);
    return (test) => {
      for (const flag of test.flags ?? []) {
        if (!(flag in this.notes)) throw new Error(`${this.fileName}: flag ${flag} has no note`);
      }
      if ((test.result === 'invalid') !== (test.errorClass !== undefined)) {
        throw new Error(`${this.fileName}: "${test.comment}" must give errorClass exactly when invalid`);
      }
      const { comment, flags, result, errorClass, ...fields } = test;
      group.tests.push({
        tcId: this.nextId++,
        comment,
        flags: flags ?? [],
        ...fields,
        result,
        ...(errorClass ? { errorClass } : {}),
      } as Test);
    };
  }

  toJSON(): unknown {
    return {
      algorithm: this.algorithm,
      schema: this.schema,
      generatorVersion: GENERATOR_VERSION,
      numberOfTests: this.nextId - 1,
      header: this.header,
      notes: this.notes,
      testGroups: this.groups,
    };
  }
}
