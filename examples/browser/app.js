// The script-tag page's script: `LogFlux` is the global of logflux.global.js.
import { startExample } from './page.js';

const logflux = await startExample(LogFlux.createLogFlux);
const statsView = document.getElementById('stats');
setInterval(() => {
  statsView.textContent = JSON.stringify(logflux.stats(), null, 2);
}, 500);
