/**
 * The renderer's Content-Security-Policy, one string for both transports: main sets
 * it as a response header on everything the window loads, the web bridge on every
 * page it serves. The renderer's index.html carries the same policy in a meta tag
 * (a page loaded from file:// gets no response headers to hang it on). Both apply;
 * the stricter wins.
 *
 * No remote origin anywhere: the app talks to the network only through main.
 * `connect-src 'self'` is for the web bridge (fetch + EventSource to its own origin);
 * under file:// it grants nothing remote.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
