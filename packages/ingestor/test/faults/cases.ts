import { clientSigkill } from './cases/clientSigkill.js';
import { doorLimits } from './cases/doorLimits.js';
import { forgedServerFields } from './cases/forgedServerFields.js';
import { hostileRequests } from './cases/hostileRequests.js';
import { storageSeam } from './cases/storageSeam.js';
import { tmpfsFull } from './cases/tmpfsFull.js';
import type { FaultCase } from './report.js';

/**
 * The fault suite (`pnpm test -- --only=faults`, or `node scripts/faults.mjs`): each case runs a
 * failure of issue 14 end to end and reports rows for the summary table (case, sent,
 * acknowledged, stored, lost, duplicated). To add a case, write a `FaultCase` in cases/ and list
 * it here; faults.test.ts runs every entry of this array in order.
 */
export const FAULT_CASES: FaultCase[] = [hostileRequests, storageSeam, tmpfsFull, forgedServerFields, doorLimits, clientSigkill];
