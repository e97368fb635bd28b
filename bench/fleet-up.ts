/**
 * Starts the bench's `fleet` set (bench/sets-loopback.ts: dcmjs-dimse SCPs on 40
 * loopback addresses, banners, closed ports) and keeps it up, for profiling a scan by
 * hand. Prints the `collimator scan` words and the ports, then waits for Ctrl-C or
 * SIGTERM (it stops the servers on the way out).
 *
 *   npx tsx bench/fleet-up.ts
 *   node --cpu-prof bin/collimator.mjs scan 127.0.0.10-127.0.0.49 --ports 10104,11112,4242,2762 --json --all --db /tmp/x.db
 */
import { cleanupAll } from './children';
import { scpFleetSet } from './sets-loopback';

const set = await scpFleetSet();
process.stdout.write(`targets: ${set.collimatorTargets.join(' ')}\nports: ${set.ports.join(',')}\n`);
process.stdout.write(`collimator: node bin/collimator.mjs scan ${set.collimatorTargets.join(' ')} --ports ${set.ports.join(',')} --json --all --db /tmp/fleet.db\n`);
const done = (): void => {
  void set.stop().finally(() => cleanupAll().finally(() => process.exit(0)));
};
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.once('SIGINT', done);
process.once('SIGTERM', done);
setInterval(() => undefined, 1 << 30);
