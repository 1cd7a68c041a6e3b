'use strict';
// @logflux/cli: the library verifies the test vectors (found from the working directory, where
// the scratch project links them), and the installed `logflux` bin prints its help.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async (load, h) => {
  const { HELP, runCli } = await load('@logflux/cli');
  h.assert(typeof HELP === 'string' && HELP.includes('logflux'), 'HELP text');
  const { io, out, err } = h.captureIo();
  const code = await runCli(['vectors', 'verify'], io);
  h.equal(code, 0, `logflux vectors verify exit code (${err().trim().split('\n').at(-1)})`);
  h.assert(/ passed, 0 failed/.test(out()), 'vectors verify summary');

  const bin = spawnSync(join(process.cwd(), 'node_modules/.bin/logflux'), ['--help'], { encoding: 'utf8' });
  h.equal(bin.status, 0, `logflux --help exit code (${bin.stderr.trim()})`);
  h.assert(bin.stdout.includes('Commands:'), 'logflux --help prints the commands');
};
