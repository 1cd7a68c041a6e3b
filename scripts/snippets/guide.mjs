// docs/getting-started.md must name every step a new user takes before a snippet runs: the snippet
// suite runs the snippets after exactly these steps, with exactly these variables set.

/** Each step: what it is, and a pattern the guide's text must match. */
export const GUIDE_STEPS = [
  ['install the Node SDK', /npm install[^\n]*@logflux\/node/],
  ['install the CLI', /npm install[^\n]*@logflux\/cli/],
  ['generate the key pair', /npx logflux keygen/],
  ['start the local ingestor', /npx logflux serve --public-key logflux\.pub\.pem/],
  ['set LOGFLUX_API_KEY', /export LOGFLUX_API_KEY=/],
  ['set LOGFLUX_ENDPOINT', /export LOGFLUX_ENDPOINT=/],
  ['set LOGFLUX_PUBLIC_KEY_FILE', /export LOGFLUX_PUBLIC_KEY_FILE=/],
  ['run the application', /node app\.mjs/],
  ['read the entries back', /npx logflux query/],
];

/** The steps the guide's text does not name. */
export function checkGuide(text) {
  return GUIDE_STEPS.filter(([, pattern]) => !pattern.test(text)).map(([step, pattern]) => `does not ${step} (${pattern.source})`);
}
