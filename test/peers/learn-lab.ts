/**
 * Helpers of the learn-* lab tests: real DCMTK clients (echoscu, findscu, storescu) calling
 * a real server with a chosen calling AE title from a chosen loopback address.
 *
 * echoscu/findscu/storescu have no option to bind a source address, so a call "from"
 * 127.0.0.x goes through a small TCP relay in this process: the client connects to the
 * relay on 127.0.0.1, and the relay dials the server with `localAddress: 127.0.0.x`
 * (every 127.0.0.0/8 address is on lo). The server sees 127.0.0.x as the peer; the bytes
 * are the real client's, unchanged.
 */
import { execFile, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Relay {
  port: number;
  close(): Promise<void>;
}

/** A relay on 127.0.0.1:<random> to 127.0.0.1:`target`, dialling from `from`. */
export async function startRelay(target: number, from: string): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    const u = net.connect({ host: '127.0.0.1', port: target, localAddress: from });
    sockets.add(c).add(u);
    c.pipe(u);
    u.pipe(c);
    const end = (): void => {
      c.destroy();
      u.destroy();
    };
    u.on('error', end);
    c.on('error', end);
    u.on('close', () => c.end());
    c.on('close', () => u.end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type Call = 'echo' | 'find' | 'store';

/** Runs a real DCMTK client; resolves true when it succeeded (association accepted and request answered). */
export function dcmtkCall(kind: Call, port: number, calling: string, called: string, dir: string): Promise<boolean> {
  const common = ['-to', '5', '-ta', '5', '-td', '5', '-aet', calling, '-aec', called];
  let bin: string;
  let args: string[];
  if (kind === 'echo') {
    bin = 'echoscu';
    args = [...common, '127.0.0.1', String(port)];
  } else if (kind === 'find') {
    bin = 'findscu';
    // A query key that looks like patient data: it must never reach the learned result.
    args = [...common, '-P', '-k', 'QueryRetrieveLevel=PATIENT', '-k', 'PatientName=SECRET^PATIENT', '127.0.0.1', String(port)];
  } else {
    bin = 'storescu';
    args = [...common, '127.0.0.1', String(port), syntheticObject(dir)];
  }
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 20_000 }, (err) => resolve(err === null));
  });
}

let objectPath: string | undefined;
/** A tiny synthetic Secondary Capture object (no real patient), made once with dump2dcm. */
function syntheticObject(dir: string): string {
  if (objectPath) return objectPath;
  const dump = join(dir, 'sc.dump');
  const out = join(dir, 'sc.dcm');
  writeFileSync(
    dump,
    [
      '(0008,0016) UI =SecondaryCaptureImageStorage',
      '(0008,0018) UI [1.2.826.0.1.3680043.2.1143.14.1]',
      '(0008,0060) CS [OT]',
      '(0010,0010) PN [SECRET^PATIENT]',
      '(0010,0020) LO [LAB-0001]',
      '(0020,000d) UI [1.2.826.0.1.3680043.2.1143.14.2]',
      '(0020,000e) UI [1.2.826.0.1.3680043.2.1143.14.3]',
      '',
    ].join('\n'),
  );
  execFileSync('dump2dcm', ['+te', '-g', dump, out]);
  objectPath = out;
  return out;
}
