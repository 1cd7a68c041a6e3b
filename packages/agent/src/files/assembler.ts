/** One record of a file: a line, or several joined with `\n`, and the offset just past it. */
export interface FileRecord {
  text: string;
  end: number;
  truncated: boolean;
}

export interface AssemblerOptions {
  /** A line matching this starts a record; other lines continue the one before (multiline). */
  start?: RegExp;
  /** True when a line is a partial record that the next line continues (Docker json-file). */
  continues?: (line: string) => boolean;
  /** Cap on a joined record's text (the rest of it is dropped and the record marked truncated). */
  maxBytes: number;
}

/**
 * Turns lines into records. Without multiline rules every line is a record. With them, a record
 * stays open until the next start line arrives, or until `flush()` (the file was idle for the
 * multiline timeout, or it is finished). Given the same bytes from the same record boundary it
 * always yields the same records, which is what lets a chunk be re-read after a crash.
 */
export class Assembler {
  #lines: string[] = [];
  #bytes = 0;
  #end = 0;
  #truncated = false;
  #open = false;
  /** Set by the last line: the next line continues this record whatever it looks like. */
  #continued = false;
  readonly #joins: boolean;

  constructor(
    private readonly options: AssemblerOptions,
    private readonly out: (record: FileRecord) => void,
  ) {
    this.#joins = options.start !== undefined || options.continues !== undefined;
  }

  /** True while a record is open (its end is not known yet). */
  get pending(): boolean {
    return this.#open;
  }

  line(text: string, truncated: boolean, end: number): void {
    if (!this.#joins) {
      this.out({ text, end, truncated });
      return;
    }
    const starts = this.#continued ? false : this.options.start ? this.options.start.test(text) : true;
    if (this.#open && starts) this.flush();
    if (!this.#open) {
      this.#open = true;
      this.#lines = [];
      this.#bytes = 0;
      this.#truncated = false;
    }
    if (this.#bytes + text.length <= this.options.maxBytes) {
      this.#lines.push(text);
      this.#bytes += text.length + 1;
    } else this.#truncated = true;
    this.#truncated ||= truncated;
    this.#end = end;
    this.#continued = this.options.continues?.(text) ?? false;
    // Without a start pattern, a record ends with the first line that does not continue.
    if (!this.options.start && !this.#continued) this.flush();
  }

  /** Closes the open record (its end becomes known). */
  flush(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#continued = false;
    this.out({ text: this.#lines.join('\n'), end: this.#end, truncated: this.#truncated });
    this.#lines = [];
  }
}
