/**
 * Turning the report's HTML into an A4 PDF. The app uses Electron's printToPDF
 * (electron/services/print-pdf.ts); the CLI and the tests launch the machine's Chromium
 * headless through Playwright. Both get the same HTML, header and footer, through this
 * one small port, so records code never imports Electron.
 */
import fs from 'node:fs';

/** Page header and footer templates (Chromium's: their own tiny documents). */
export interface PdfTemplates {
  footer: string;
  /** Absent: an empty header. */
  header?: string;
}

/** Renders one self-contained HTML page to PDF bytes. */
export interface PdfRenderer {
  render(html: string, opts: PdfTemplates): Promise<Buffer>;
}

/** Chromium prints its own date and title when the header template is empty; this prints nothing. */
export const EMPTY_HEADER = '<span></span>';

/** Why no PDF could be made (no Chromium, it crashed, it took too long); one line. */
export class PdfError extends Error {
  override readonly name = 'PdfError';
}

/** Where Chromium is looked for: COLLIMATOR_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const p = env.COLLIMATOR_CHROMIUM;
  return p !== undefined && p !== '' ? p : '/usr/bin/chromium';
}

/** Longest a PDF may take, ms: a stuck browser is killed, never waited on forever. */
export const PDF_DEADLINE_MS = 60_000;

/**
 * A renderer that launches Chromium headless for each call (no network: the page
 * loads nothing, JavaScript is off, and every request is aborted), prints A4 with the
 * page footer, and closes the browser whatever happens.
 */
export function chromiumPdfRenderer(opts: { executablePath?: string; deadlineMs?: number } = {}): PdfRenderer {
  const executablePath = opts.executablePath ?? chromiumPath();
  const deadlineMs = opts.deadlineMs ?? PDF_DEADLINE_MS;
  return {
    async render(html, { footer, header }) {
      if (!fs.existsSync(executablePath)) {
        throw new PdfError(`no Chromium at ${executablePath} to make the PDF (install chromium, or set COLLIMATOR_CHROMIUM to its path)`);
      }
      // Loaded only here: Playwright is large, and only PDF export needs it.
      const { chromium } = await import('playwright-core');
      let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const work = (async () => {
        const launched = await chromium.launch({
          executablePath,
          headless: true,
          timeout: deadlineMs,
          args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-extensions', '--no-first-run', '--disable-sync'],
        });
        browser = launched;
        // A launch that finishes after the deadline must not leave a browser behind.
        if (timedOut) throw new PdfError('too late');
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
        await context.route('**/*', (route) => route.abort());
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load', timeout: deadlineMs });
        await page.emulateMedia({ media: 'print' });
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: true,
          headerTemplate: header ?? EMPTY_HEADER,
          footerTemplate: footer,
          margin: { top: '14mm', bottom: '16mm', left: '14mm', right: '14mm' },
        });
      })();
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(new PdfError(`Chromium did not make the PDF within ${Math.round(deadlineMs / 1000)} s`));
        }, deadlineMs);
      });
      try {
        return await Promise.race([work, deadline]);
      } catch (e) {
        if (e instanceof PdfError) throw e;
        throw new PdfError(`Chromium could not make the PDF: ${(e instanceof Error ? e.message : String(e)).split('\n', 1)[0]}`);
      } finally {
        clearTimeout(timer);
        // Whether it finished, failed or is still launching: close the browser once there is one.
        void work.catch(() => undefined).finally(() => void (browser as { close(): Promise<void> } | undefined)?.close().catch(() => undefined));
        await (browser as { close(): Promise<void> } | undefined)?.close().catch(() => undefined);
      }
    },
  };
}
