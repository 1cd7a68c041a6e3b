import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * What an editor shows for each option: the TypeScript language service's documentation of every
 * property of the options type, read from the sources as a user's editor reads the .d.ts files.
 */
function optionDocs(file: string, typeName: string): Map<string, { doc: string; defaultValue: string | undefined }> {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${ROOT}tsconfig.json`,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  const program = ts.createProgram([`${ROOT}${file}`], { ...config?.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(`${ROOT}${file}`) as ts.SourceFile;
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source) as ts.Symbol).find((s) => s.name === typeName);
  const type = checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(symbol as ts.Symbol));
  const out = new Map<string, { doc: string; defaultValue: string | undefined }>();
  for (const p of checker.getPropertiesOfType(type)) {
    const tag = p.getJsDocTags(checker).find((t) => t.name === 'defaultValue');
    out.set(p.name, {
      doc: ts.displayPartsToString(p.getDocumentationComment(checker)),
      defaultValue: tag ? ts.displayPartsToString(tag.text) : undefined,
    });
  }
  return out;
}

describe('every option is documented where the editor shows it', () => {
  it('NodeClientOptions: a description and a @defaultValue on each option', () => {
    const docs = optionDocs('packages/node/src/index.ts', 'NodeClientOptions');
    expect(docs.size).toBeGreaterThanOrEqual(38);
    const missing = [...docs].filter(([, d]) => d.doc.trim() === '' || !d.defaultValue?.trim()).map(([name]) => name);
    expect(missing).toEqual([]);
    for (const name of ['apiKey', 'maxQueueEntries', 'payloadType', 'closeTimeoutMs', 'sealThreads', 'durability', 'strict', 'logLevel'])
      expect(docs.has(name), name).toBe(true);
  });

  it("core's ClientOptions (the browser's options extend them) too", () => {
    const docs = optionDocs('packages/core/src/index.ts', 'ClientOptions');
    const missing = [...docs].filter(([, d]) => d.doc.trim() === '' || !d.defaultValue?.trim()).map(([n]) => n);
    expect(missing).toEqual([]);
  });
});
