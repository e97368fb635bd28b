#!/usr/bin/env node
/**
 * Draws the app icon, build/icon.png (1024×1024 RGBA), with no image tools: a navy
 * rounded square with a white sight (ring and cross hairs, a collimator's reticle)
 * and a teal centre. electron-builder derives the .ico and .icns from it.
 *
 *   node scripts/make-icon.mjs [OUT.png]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? path.join(root, 'build', 'icon.png');

const NAVY = [29, 53, 87];
const WHITE = [245, 248, 250];
const TEAL = [42, 157, 143];

/** Coverage (0..1) of each shape at a point, in a 0..1 square. */
function shapes(x, y) {
  const cx = x - 0.5;
  const cy = y - 0.5;
  const r = Math.hypot(cx, cy);
  // Rounded square, corner radius 0.18, inset 0.04.
  const m = 0.04;
  const k = 0.18;
  const qx = Math.max(Math.abs(cx) - (0.5 - m - k), 0);
  const qy = Math.max(Math.abs(cy) - (0.5 - m - k), 0);
  const bg = Math.hypot(qx, qy) <= k;
  const ring = r >= 0.27 && r <= 0.33;
  const gap = r < 0.12;
  const hair = !gap && r <= 0.4 && (Math.abs(cx) <= 0.022 || Math.abs(cy) <= 0.022);
  const dot = r <= 0.07;
  return { bg, white: ring || hair, dot };
}

const SS = 4; // supersampling per axis
const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let a = 0;
    const c = [0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const s = shapes((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE);
        if (!s.bg) continue;
        const col = s.dot ? TEAL : s.white ? WHITE : NAVY;
        a += 1;
        for (let i = 0; i < 3; i++) c[i] += col[i];
      }
    }
    const o = py * (SIZE * 4 + 1) + 1 + px * 4;
    if (a > 0) for (let i = 0; i < 3; i++) raw[o + i] = Math.round(c[i] / a);
    raw[o + 3] = Math.round((a / (SS * SS)) * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(out, png);
console.log(`wrote ${path.relative(process.cwd(), out)} (${SIZE}x${SIZE}, ${png.length} bytes)`);
