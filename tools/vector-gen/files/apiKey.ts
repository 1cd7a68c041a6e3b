import { VectorFile } from '../vectorFile.js';

const BODY = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

export function apiKeyVectors(): VectorFile {
  const f = new VectorFile(
    'api_key_test.json',
    'LogFlux-ApiKey',
    'logflux_api_key_test_schema_v1.json',
    ['API key parsing: [<region>-]lf_<32 ASCII letters or digits>, regions eu us ca au ap (docs/protocol.md §2).'],
    {
      Prefixed: 'A key with a region prefix.',
      Unprefixed: 'A key without a region prefix; it needs an explicit endpoint.',
      Case: 'Case matters: prefixes and lf_ are lowercase.',
      Whitespace: 'Keys are not trimmed.',
      Length: 'Exactly 32 characters follow lf_.',
      Charset: 'Only ASCII letters and digits follow lf_.',
      Region: 'The region prefix is not a known region.',
    },
  );
  const t = f.group('ApiKeyTest');
  for (const region of ['eu', 'us', 'ca', 'au', 'ap']) {
    t({ comment: `${region} key`, flags: ['Prefixed'], apiKey: `${region}-lf_${BODY}`, result: 'valid', region });
  }
  t({ comment: 'unprefixed key', flags: ['Unprefixed'], apiKey: `lf_${BODY}`, result: 'valid', region: null });
  t({ comment: 'all digits', flags: ['Unprefixed'], apiKey: `lf_${'0123456789'.repeat(3)}01`, result: 'valid', region: null });
  const bad = (comment: string, apiKey: string, flag: string, errorClass = 'api_key_format') =>
    t({ comment, flags: [flag], apiKey, result: 'invalid', errorClass });
  bad('uppercase region', `EU-lf_${BODY}`, 'Case');
  bad('uppercase LF_', `eu-LF_${BODY}`, 'Case');
  bad('leading space', ` eu-lf_${BODY}`, 'Whitespace');
  bad('trailing newline', `eu-lf_${BODY}\n`, 'Whitespace');
  bad('space inside', `eu-lf_${BODY.slice(0, 16)} ${BODY.slice(17)}`, 'Whitespace');
  bad('31 characters', `eu-lf_${BODY.slice(0, 31)}`, 'Length');
  bad('33 characters', `eu-lf_${BODY}x`, 'Length');
  bad('empty body', 'eu-lf_', 'Length');
  bad('empty string', '', 'Length');
  bad('underscore in body', `eu-lf_${BODY.slice(0, 31)}_`, 'Charset');
  bad('hyphen in body', `eu-lf_${BODY.slice(0, 31)}-`, 'Charset');
  bad('non-ASCII letter in body', `eu-lf_${BODY.slice(0, 31)}é`, 'Charset');
  bad('missing lf_', `eu-${BODY}`, 'Charset');
  bad('underscore after region', `eu_lf_${BODY}`, 'Charset');
  bad('unknown region xx', `xx-lf_${BODY}`, 'Region', 'unknown_region');
  bad('unknown region de', `de-lf_${BODY}`, 'Region', 'unknown_region');
  bad('three-letter region', `eur-lf_${BODY}`, 'Region');
  return f;
}
