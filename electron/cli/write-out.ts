/**
 * The one way the CLI writes a file the user named (`records export`, `export`): through a
 * temporary file in the same folder, never over an existing file without `--force`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors';

/** Writes `data` to `out` through a temporary file in the same folder; without `force`, never over an existing file. */
export function writeOut(out: string, data: string | Buffer, force: boolean): void {
  const dir = path.dirname(path.resolve(out));
  if (!fs.existsSync(dir)) throw new UsageError(`cannot write ${out}: its folder does not exist`);
  if (!force && fs.existsSync(out)) throw new UsageError(`${out} already exists (add --force to replace it)`);
  const tmp = path.join(dir, `.${path.basename(out)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx', mode: 0o644 });
    if (force) fs.renameSync(tmp, out);
    else fs.linkSync(tmp, out); // fails if `out` appeared meanwhile: never clobber
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${out} already exists (add --force to replace it)`);
    throw new UsageError(`cannot write ${out}: ${code ?? (e as Error).message}`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
