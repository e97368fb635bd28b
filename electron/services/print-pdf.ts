/**
 * The app's PDF maker: the records report's HTML printed by Electron's own Chromium
 * (webContents.printToPDF), the same HTML, header and footer the CLI prints with headless
 * Chromium (electron/records/pdf.ts). A hidden, sandboxed window without JavaScript
 * loads the page from a data: URL (the default session, hardened in window.ts, cancels
 * anything remote); it is destroyed afterwards, and a deadline always fires.
 */
import { BrowserWindow } from 'electron';
import { EMPTY_HEADER, PDF_DEADLINE_MS, PdfError, type PdfRenderer } from '../records/pdf';

/** 14 mm and 16 mm, in the inches printToPDF takes. */
const SIDE_IN = 14 / 25.4;
const BOTTOM_IN = 16 / 25.4;

export function electronPdfRenderer(deadlineMs = PDF_DEADLINE_MS): PdfRenderer {
  return {
    async render(html, { footer, header }) {
      const win = new BrowserWindow({
        show: false,
        // An inline literal on purpose: electronegativity reads the options only when written here.
        webPreferences: {
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          experimentalFeatures: false,
          webviewTag: false,
          javascript: false,
          navigateOnDragDrop: false,
          safeDialogs: true,
          spellcheck: false,
          disableBlinkFeatures: 'Auxclick',
        },
      });
      let timer: NodeJS.Timeout | undefined;
      try {
        const work = (async () => {
          await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
          return win.webContents.printToPDF({
            pageSize: 'A4',
            printBackground: true,
            preferCSSPageSize: true,
            displayHeaderFooter: true,
            headerTemplate: header ?? EMPTY_HEADER,
            footerTemplate: footer,
            margins: { top: SIDE_IN, bottom: BOTTOM_IN, left: SIDE_IN, right: SIDE_IN },
          });
        })();
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new PdfError(`the PDF was not made within ${Math.round(deadlineMs / 1000)} s`)), deadlineMs);
        });
        return await Promise.race([work, deadline]);
      } catch (e) {
        if (e instanceof PdfError) throw e;
        throw new PdfError(`the PDF could not be made: ${(e instanceof Error ? e.message : String(e)).split('\n', 1)[0]}`);
      } finally {
        clearTimeout(timer);
        if (!win.isDestroyed()) win.destroy();
      }
    },
  };
}
