/**
 * The cipher suites the enumeration knows (IANA name, OpenSSL name, what they are
 * made of), and the classification `tls.weak-cipher` and the profiles judge by.
 * Pure data. The rows for TLS 1.0-1.2 are the suites this Node build's OpenSSL can
 * offer (checked by a unit test against `tls.createSecureContext`); PSK and SRP
 * suites are left out (they need a pre-shared key or password to be offered).
 * The suites it cannot offer at all (3DES, RC4, DES, export, IDEA, SEED: compiled
 * out of Node's OpenSSL 3) are RAW_SUITES, offered by raw-hello.ts.
 */

/** Lowest protocol version a suite can be used at. */
export type SuiteMinVersion = '1.0' | '1.2' | '1.3';

export interface SuiteInfo {
  /** IANA code point (two bytes as one number). */
  code: number;
  /** IANA name, e.g. `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`. */
  iana: string;
  /** OpenSSL's name, what node:tls takes and reports (`ECDHE-RSA-AES128-GCM-SHA256`). */
  openssl: string;
  minVersion: SuiteMinVersion;
  /** Key exchange: `ECDH` (ECDHE), `DH` (DHE), `RSA` (static RSA key transport), `any` (TLS 1.3). */
  kx: string;
  /** Authentication: `RSA`, `ECDSA`, `DSS`, `None` (anonymous), `any` (TLS 1.3). */
  au: string;
  /** Bulk cipher as OpenSSL names it: `AESGCM`, `AES` (CBC), `CHACHA20/POLY1305`, `Camellia`, `None`, ... */
  enc: string;
  /** Key bits of the bulk cipher (0 for NULL). */
  bits: number;
  /** MAC: `AEAD`, `SHA1`, `SHA256`, `SHA384`, `MD5`. */
  mac: string;
}

type Row = [number, string, string, SuiteMinVersion, string, string, string, number, string];

const ROWS: readonly Row[] = [
  [0x1302, 'TLS_AES_256_GCM_SHA384', 'TLS_AES_256_GCM_SHA384', '1.3', 'any', 'any', 'AESGCM', 256, 'AEAD'],
  [0x1303, 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_CHACHA20_POLY1305_SHA256', '1.3', 'any', 'any', 'CHACHA20/POLY1305', 256, 'AEAD'],
  [0x1301, 'TLS_AES_128_GCM_SHA256', 'TLS_AES_128_GCM_SHA256', '1.3', 'any', 'any', 'AESGCM', 128, 'AEAD'],
  [0x1304, 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_SHA256', '1.3', 'any', 'any', 'AESCCM', 128, 'AEAD'],
  [0x1305, 'TLS_AES_128_CCM_8_SHA256', 'TLS_AES_128_CCM_8_SHA256', '1.3', 'any', 'any', 'AESCCM8', 128, 'AEAD'],
  [0xc02c, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ECDHE-ECDSA-AES256-GCM-SHA384', '1.2', 'ECDH', 'ECDSA', 'AESGCM', 256, 'AEAD'],
  [0xc030, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', '1.2', 'ECDH', 'RSA', 'AESGCM', 256, 'AEAD'],
  [0x00a3, 'TLS_DHE_DSS_WITH_AES_256_GCM_SHA384', 'DHE-DSS-AES256-GCM-SHA384', '1.2', 'DH', 'DSS', 'AESGCM', 256, 'AEAD'],
  [0x009f, 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'DHE-RSA-AES256-GCM-SHA384', '1.2', 'DH', 'RSA', 'AESGCM', 256, 'AEAD'],
  [0xcca9, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-ECDSA-CHACHA20-POLY1305', '1.2', 'ECDH', 'ECDSA', 'CHACHA20/POLY1305', 256, 'AEAD'],
  [0xcca8, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-RSA-CHACHA20-POLY1305', '1.2', 'ECDH', 'RSA', 'CHACHA20/POLY1305', 256, 'AEAD'],
  [0xccaa, 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'DHE-RSA-CHACHA20-POLY1305', '1.2', 'DH', 'RSA', 'CHACHA20/POLY1305', 256, 'AEAD'],
  [0xc0af, 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8', 'ECDHE-ECDSA-AES256-CCM8', '1.2', 'ECDH', 'ECDSA', 'AESCCM8', 256, 'AEAD'],
  [0xc0ad, 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM', 'ECDHE-ECDSA-AES256-CCM', '1.2', 'ECDH', 'ECDSA', 'AESCCM', 256, 'AEAD'],
  [0xc0a3, 'TLS_DHE_RSA_WITH_AES_256_CCM_8', 'DHE-RSA-AES256-CCM8', '1.2', 'DH', 'RSA', 'AESCCM8', 256, 'AEAD'],
  [0xc09f, 'TLS_DHE_RSA_WITH_AES_256_CCM', 'DHE-RSA-AES256-CCM', '1.2', 'DH', 'RSA', 'AESCCM', 256, 'AEAD'],
  [0xc05d, 'TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384', 'ECDHE-ECDSA-ARIA256-GCM-SHA384', '1.2', 'ECDH', 'ECDSA', 'ARIAGCM', 256, 'AEAD'],
  [0xc061, 'TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384', 'ECDHE-ARIA256-GCM-SHA384', '1.2', 'ECDH', 'RSA', 'ARIAGCM', 256, 'AEAD'],
  [0xc057, 'TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384', 'DHE-DSS-ARIA256-GCM-SHA384', '1.2', 'DH', 'DSS', 'ARIAGCM', 256, 'AEAD'],
  [0xc053, 'TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384', 'DHE-RSA-ARIA256-GCM-SHA384', '1.2', 'DH', 'RSA', 'ARIAGCM', 256, 'AEAD'],
  [0x00a7, 'TLS_DH_anon_WITH_AES_256_GCM_SHA384', 'ADH-AES256-GCM-SHA384', '1.2', 'DH', 'None', 'AESGCM', 256, 'AEAD'],
  [0xc02b, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256', '1.2', 'ECDH', 'ECDSA', 'AESGCM', 128, 'AEAD'],
  [0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', '1.2', 'ECDH', 'RSA', 'AESGCM', 128, 'AEAD'],
  [0x00a2, 'TLS_DHE_DSS_WITH_AES_128_GCM_SHA256', 'DHE-DSS-AES128-GCM-SHA256', '1.2', 'DH', 'DSS', 'AESGCM', 128, 'AEAD'],
  [0x009e, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 'DHE-RSA-AES128-GCM-SHA256', '1.2', 'DH', 'RSA', 'AESGCM', 128, 'AEAD'],
  [0xc0ae, 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8', 'ECDHE-ECDSA-AES128-CCM8', '1.2', 'ECDH', 'ECDSA', 'AESCCM8', 128, 'AEAD'],
  [0xc0ac, 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM', 'ECDHE-ECDSA-AES128-CCM', '1.2', 'ECDH', 'ECDSA', 'AESCCM', 128, 'AEAD'],
  [0xc0a2, 'TLS_DHE_RSA_WITH_AES_128_CCM_8', 'DHE-RSA-AES128-CCM8', '1.2', 'DH', 'RSA', 'AESCCM8', 128, 'AEAD'],
  [0xc09e, 'TLS_DHE_RSA_WITH_AES_128_CCM', 'DHE-RSA-AES128-CCM', '1.2', 'DH', 'RSA', 'AESCCM', 128, 'AEAD'],
  [0xc05c, 'TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256', 'ECDHE-ECDSA-ARIA128-GCM-SHA256', '1.2', 'ECDH', 'ECDSA', 'ARIAGCM', 128, 'AEAD'],
  [0xc060, 'TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256', 'ECDHE-ARIA128-GCM-SHA256', '1.2', 'ECDH', 'RSA', 'ARIAGCM', 128, 'AEAD'],
  [0xc056, 'TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256', 'DHE-DSS-ARIA128-GCM-SHA256', '1.2', 'DH', 'DSS', 'ARIAGCM', 128, 'AEAD'],
  [0xc052, 'TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256', 'DHE-RSA-ARIA128-GCM-SHA256', '1.2', 'DH', 'RSA', 'ARIAGCM', 128, 'AEAD'],
  [0x00a6, 'TLS_DH_anon_WITH_AES_128_GCM_SHA256', 'ADH-AES128-GCM-SHA256', '1.2', 'DH', 'None', 'AESGCM', 128, 'AEAD'],
  [0xc024, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'ECDHE-ECDSA-AES256-SHA384', '1.2', 'ECDH', 'ECDSA', 'AES', 256, 'SHA384'],
  [0xc028, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 'ECDHE-RSA-AES256-SHA384', '1.2', 'ECDH', 'RSA', 'AES', 256, 'SHA384'],
  [0x006b, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', 'DHE-RSA-AES256-SHA256', '1.2', 'DH', 'RSA', 'AES', 256, 'SHA256'],
  [0x006a, 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA256', 'DHE-DSS-AES256-SHA256', '1.2', 'DH', 'DSS', 'AES', 256, 'SHA256'],
  [0xc073, 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384', 'ECDHE-ECDSA-CAMELLIA256-SHA384', '1.2', 'ECDH', 'ECDSA', 'Camellia', 256, 'SHA384'],
  [0xc077, 'TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384', 'ECDHE-RSA-CAMELLIA256-SHA384', '1.2', 'ECDH', 'RSA', 'Camellia', 256, 'SHA384'],
  [0x00c4, 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256', 'DHE-RSA-CAMELLIA256-SHA256', '1.2', 'DH', 'RSA', 'Camellia', 256, 'SHA256'],
  [0x00c3, 'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256', 'DHE-DSS-CAMELLIA256-SHA256', '1.2', 'DH', 'DSS', 'Camellia', 256, 'SHA256'],
  [0x006d, 'TLS_DH_anon_WITH_AES_256_CBC_SHA256', 'ADH-AES256-SHA256', '1.2', 'DH', 'None', 'AES', 256, 'SHA256'],
  [0x00c5, 'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256', 'ADH-CAMELLIA256-SHA256', '1.2', 'DH', 'None', 'Camellia', 256, 'SHA256'],
  [0xc023, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 'ECDHE-ECDSA-AES128-SHA256', '1.2', 'ECDH', 'ECDSA', 'AES', 128, 'SHA256'],
  [0xc027, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'ECDHE-RSA-AES128-SHA256', '1.2', 'ECDH', 'RSA', 'AES', 128, 'SHA256'],
  [0x0067, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 'DHE-RSA-AES128-SHA256', '1.2', 'DH', 'RSA', 'AES', 128, 'SHA256'],
  [0x0040, 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA256', 'DHE-DSS-AES128-SHA256', '1.2', 'DH', 'DSS', 'AES', 128, 'SHA256'],
  [0xc072, 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256', 'ECDHE-ECDSA-CAMELLIA128-SHA256', '1.2', 'ECDH', 'ECDSA', 'Camellia', 128, 'SHA256'],
  [0xc076, 'TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'ECDHE-RSA-CAMELLIA128-SHA256', '1.2', 'ECDH', 'RSA', 'Camellia', 128, 'SHA256'],
  [0x00be, 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'DHE-RSA-CAMELLIA128-SHA256', '1.2', 'DH', 'RSA', 'Camellia', 128, 'SHA256'],
  [0x00bd, 'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256', 'DHE-DSS-CAMELLIA128-SHA256', '1.2', 'DH', 'DSS', 'Camellia', 128, 'SHA256'],
  [0x006c, 'TLS_DH_anon_WITH_AES_128_CBC_SHA256', 'ADH-AES128-SHA256', '1.2', 'DH', 'None', 'AES', 128, 'SHA256'],
  [0x00bf, 'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256', 'ADH-CAMELLIA128-SHA256', '1.2', 'DH', 'None', 'Camellia', 128, 'SHA256'],
  [0xc00a, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'ECDHE-ECDSA-AES256-SHA', '1.0', 'ECDH', 'ECDSA', 'AES', 256, 'SHA1'],
  [0xc014, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'ECDHE-RSA-AES256-SHA', '1.0', 'ECDH', 'RSA', 'AES', 256, 'SHA1'],
  [0x0039, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA', 'DHE-RSA-AES256-SHA', '1.0', 'DH', 'RSA', 'AES', 256, 'SHA1'],
  [0x0038, 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA', 'DHE-DSS-AES256-SHA', '1.0', 'DH', 'DSS', 'AES', 256, 'SHA1'],
  [0x0088, 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA', 'DHE-RSA-CAMELLIA256-SHA', '1.0', 'DH', 'RSA', 'Camellia', 256, 'SHA1'],
  [0x0087, 'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA', 'DHE-DSS-CAMELLIA256-SHA', '1.0', 'DH', 'DSS', 'Camellia', 256, 'SHA1'],
  [0xc019, 'TLS_ECDH_anon_WITH_AES_256_CBC_SHA', 'AECDH-AES256-SHA', '1.0', 'ECDH', 'None', 'AES', 256, 'SHA1'],
  [0x003a, 'TLS_DH_anon_WITH_AES_256_CBC_SHA', 'ADH-AES256-SHA', '1.0', 'DH', 'None', 'AES', 256, 'SHA1'],
  [0x0089, 'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA', 'ADH-CAMELLIA256-SHA', '1.0', 'DH', 'None', 'Camellia', 256, 'SHA1'],
  [0xc009, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'ECDHE-ECDSA-AES128-SHA', '1.0', 'ECDH', 'ECDSA', 'AES', 128, 'SHA1'],
  [0xc013, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'ECDHE-RSA-AES128-SHA', '1.0', 'ECDH', 'RSA', 'AES', 128, 'SHA1'],
  [0x0033, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA', 'DHE-RSA-AES128-SHA', '1.0', 'DH', 'RSA', 'AES', 128, 'SHA1'],
  [0x0032, 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA', 'DHE-DSS-AES128-SHA', '1.0', 'DH', 'DSS', 'AES', 128, 'SHA1'],
  [0x0045, 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA', 'DHE-RSA-CAMELLIA128-SHA', '1.0', 'DH', 'RSA', 'Camellia', 128, 'SHA1'],
  [0x0044, 'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA', 'DHE-DSS-CAMELLIA128-SHA', '1.0', 'DH', 'DSS', 'Camellia', 128, 'SHA1'],
  [0xc018, 'TLS_ECDH_anon_WITH_AES_128_CBC_SHA', 'AECDH-AES128-SHA', '1.0', 'ECDH', 'None', 'AES', 128, 'SHA1'],
  [0x0034, 'TLS_DH_anon_WITH_AES_128_CBC_SHA', 'ADH-AES128-SHA', '1.0', 'DH', 'None', 'AES', 128, 'SHA1'],
  [0x0046, 'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA', 'ADH-CAMELLIA128-SHA', '1.0', 'DH', 'None', 'Camellia', 128, 'SHA1'],
  [0x009d, 'TLS_RSA_WITH_AES_256_GCM_SHA384', 'AES256-GCM-SHA384', '1.2', 'RSA', 'RSA', 'AESGCM', 256, 'AEAD'],
  [0xc0a1, 'TLS_RSA_WITH_AES_256_CCM_8', 'AES256-CCM8', '1.2', 'RSA', 'RSA', 'AESCCM8', 256, 'AEAD'],
  [0xc09d, 'TLS_RSA_WITH_AES_256_CCM', 'AES256-CCM', '1.2', 'RSA', 'RSA', 'AESCCM', 256, 'AEAD'],
  [0xc051, 'TLS_RSA_WITH_ARIA_256_GCM_SHA384', 'ARIA256-GCM-SHA384', '1.2', 'RSA', 'RSA', 'ARIAGCM', 256, 'AEAD'],
  [0x009c, 'TLS_RSA_WITH_AES_128_GCM_SHA256', 'AES128-GCM-SHA256', '1.2', 'RSA', 'RSA', 'AESGCM', 128, 'AEAD'],
  [0xc0a0, 'TLS_RSA_WITH_AES_128_CCM_8', 'AES128-CCM8', '1.2', 'RSA', 'RSA', 'AESCCM8', 128, 'AEAD'],
  [0xc09c, 'TLS_RSA_WITH_AES_128_CCM', 'AES128-CCM', '1.2', 'RSA', 'RSA', 'AESCCM', 128, 'AEAD'],
  [0xc050, 'TLS_RSA_WITH_ARIA_128_GCM_SHA256', 'ARIA128-GCM-SHA256', '1.2', 'RSA', 'RSA', 'ARIAGCM', 128, 'AEAD'],
  [0x003d, 'TLS_RSA_WITH_AES_256_CBC_SHA256', 'AES256-SHA256', '1.2', 'RSA', 'RSA', 'AES', 256, 'SHA256'],
  [0x00c0, 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256', 'CAMELLIA256-SHA256', '1.2', 'RSA', 'RSA', 'Camellia', 256, 'SHA256'],
  [0x003c, 'TLS_RSA_WITH_AES_128_CBC_SHA256', 'AES128-SHA256', '1.2', 'RSA', 'RSA', 'AES', 128, 'SHA256'],
  [0x00ba, 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'CAMELLIA128-SHA256', '1.2', 'RSA', 'RSA', 'Camellia', 128, 'SHA256'],
  [0x0035, 'TLS_RSA_WITH_AES_256_CBC_SHA', 'AES256-SHA', '1.0', 'RSA', 'RSA', 'AES', 256, 'SHA1'],
  [0x0084, 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA', 'CAMELLIA256-SHA', '1.0', 'RSA', 'RSA', 'Camellia', 256, 'SHA1'],
  [0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA', 'AES128-SHA', '1.0', 'RSA', 'RSA', 'AES', 128, 'SHA1'],
  [0x0041, 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA', 'CAMELLIA128-SHA', '1.0', 'RSA', 'RSA', 'Camellia', 128, 'SHA1'],
  [0xc006, 'TLS_ECDHE_ECDSA_WITH_NULL_SHA', 'ECDHE-ECDSA-NULL-SHA', '1.0', 'ECDH', 'ECDSA', 'None', 0, 'SHA1'],
  [0xc010, 'TLS_ECDHE_RSA_WITH_NULL_SHA', 'ECDHE-RSA-NULL-SHA', '1.0', 'ECDH', 'RSA', 'None', 0, 'SHA1'],
  [0xc015, 'TLS_ECDH_anon_WITH_NULL_SHA', 'AECDH-NULL-SHA', '1.0', 'ECDH', 'None', 'None', 0, 'SHA1'],
  [0x003b, 'TLS_RSA_WITH_NULL_SHA256', 'NULL-SHA256', '1.2', 'RSA', 'RSA', 'None', 0, 'SHA256'],
  [0x0002, 'TLS_RSA_WITH_NULL_SHA', 'NULL-SHA', '1.0', 'RSA', 'RSA', 'None', 0, 'SHA1'],
  [0x0001, 'TLS_RSA_WITH_NULL_MD5', 'NULL-MD5', '1.0', 'RSA', 'RSA', 'None', 0, 'MD5'],
];

/** Every suite node:tls can offer, TLS 1.3 first, then TLS 1.0-1.2 (OpenSSL's order: strongest first). */
export const SUITES: readonly SuiteInfo[] = ROWS.map(([code, iana, openssl, minVersion, kx, au, enc, bits, mac]) => ({ code, iana, openssl, minVersion, kx, au, enc, bits, mac }));

const BY_OPENSSL = new Map(SUITES.map((s) => [s.openssl, s]));
const BY_IANA = new Map(SUITES.map((s) => [s.iana, s]));

/** A suite by OpenSSL name (what node:tls reports), or by IANA name. */
export function suiteByName(name: string): SuiteInfo | undefined {
  return BY_OPENSSL.get(name) ?? BY_IANA.get(name);
}

/** TLS 1.3 suites (offered with TLS 1.3 only). */
export const TLS13_SUITES: readonly SuiteInfo[] = SUITES.filter((s) => s.minVersion === '1.3');
/** Suites for TLS 1.0-1.2. */
export const LEGACY_SUITES: readonly SuiteInfo[] = SUITES.filter((s) => s.minVersion !== '1.3');

/**
 * Suites node:tls cannot offer (not compiled into Node's OpenSSL 3): offered with a
 * hand-built ClientHello instead (raw-hello.ts), judged from the ServerHello alone.
 * `openssl` is OpenSSL's old name, for evidence only.
 */
const RAW_ROWS: readonly Row[] = [
  [0x000a, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'DES-CBC3-SHA', '1.0', 'RSA', 'RSA', '3DES', 112, 'SHA1'],
  [0x0016, 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', 'EDH-RSA-DES-CBC3-SHA', '1.0', 'DH', 'RSA', '3DES', 112, 'SHA1'],
  [0xc012, 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', 'ECDHE-RSA-DES-CBC3-SHA', '1.0', 'ECDH', 'RSA', '3DES', 112, 'SHA1'],
  [0xc008, 'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA', 'ECDHE-ECDSA-DES-CBC3-SHA', '1.0', 'ECDH', 'ECDSA', '3DES', 112, 'SHA1'],
  [0x001b, 'TLS_DH_anon_WITH_3DES_EDE_CBC_SHA', 'ADH-DES-CBC3-SHA', '1.0', 'DH', 'None', '3DES', 112, 'SHA1'],
  [0x0005, 'TLS_RSA_WITH_RC4_128_SHA', 'RC4-SHA', '1.0', 'RSA', 'RSA', 'RC4', 128, 'SHA1'],
  [0x0004, 'TLS_RSA_WITH_RC4_128_MD5', 'RC4-MD5', '1.0', 'RSA', 'RSA', 'RC4', 128, 'MD5'],
  [0xc011, 'TLS_ECDHE_RSA_WITH_RC4_128_SHA', 'ECDHE-RSA-RC4-SHA', '1.0', 'ECDH', 'RSA', 'RC4', 128, 'SHA1'],
  [0xc007, 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA', 'ECDHE-ECDSA-RC4-SHA', '1.0', 'ECDH', 'ECDSA', 'RC4', 128, 'SHA1'],
  [0x0009, 'TLS_RSA_WITH_DES_CBC_SHA', 'DES-CBC-SHA', '1.0', 'RSA', 'RSA', 'DES', 56, 'SHA1'],
  [0x0015, 'TLS_DHE_RSA_WITH_DES_CBC_SHA', 'EDH-RSA-DES-CBC-SHA', '1.0', 'DH', 'RSA', 'DES', 56, 'SHA1'],
  [0x0003, 'TLS_RSA_EXPORT_WITH_RC4_40_MD5', 'EXP-RC4-MD5', '1.0', 'RSA', 'RSA', 'RC4', 40, 'MD5'],
  [0x0006, 'TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5', 'EXP-RC2-CBC-MD5', '1.0', 'RSA', 'RSA', 'RC2', 40, 'MD5'],
  [0x0008, 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA', 'EXP-DES-CBC-SHA', '1.0', 'RSA', 'RSA', 'DES', 40, 'SHA1'],
  [0x0014, 'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA', 'EXP-EDH-RSA-DES-CBC-SHA', '1.0', 'DH', 'RSA', 'DES', 40, 'SHA1'],
  [0x0007, 'TLS_RSA_WITH_IDEA_CBC_SHA', 'IDEA-CBC-SHA', '1.0', 'RSA', 'RSA', 'IDEA', 128, 'SHA1'],
  [0x0096, 'TLS_RSA_WITH_SEED_CBC_SHA', 'SEED-SHA', '1.0', 'RSA', 'RSA', 'SEED', 128, 'SHA1'],
];

/** Suites offered by a hand-built ClientHello (TLS 1.0-1.2), since node:tls cannot offer them. */
export const RAW_SUITES: readonly SuiteInfo[] = RAW_ROWS.map(([code, iana, openssl, minVersion, kx, au, enc, bits, mac]) => ({ code, iana, openssl, minVersion, kx, au, enc, bits, mac }));
for (const s of RAW_SUITES) {
  BY_IANA.set(s.iana, s);
  BY_OPENSSL.set(s.openssl, s);
}
const BY_CODE = new Map([...SUITES, ...RAW_SUITES].map((s) => [s.code, s]));

/** A suite by its IANA code point. */
export function suiteByCode(code: number): SuiteInfo | undefined {
  return BY_CODE.get(code);
}

/** Why a suite is outside BCP 195 (RFC 9325), or undefined when it is not weak. */
export function weakness(s: SuiteInfo): string | undefined {
  if (s.enc === 'None') return 'NULL encryption';
  if (s.au === 'None') return 'anonymous (no authentication)';
  if (/EXPORT/i.test(s.iana)) return 'export grade';
  if (/RC4/i.test(s.enc)) return 'RC4';
  if (s.enc === '3DES') return '3DES';
  if (s.enc === 'DES') return 'DES';
  if (s.bits > 0 && s.bits < 128) return `${s.bits}-bit cipher`;
  if (s.mac === 'MD5') return 'MD5 MAC';
  if (s.mac === 'SHA1' && s.kx === 'RSA') return 'CBC with SHA-1 and RSA key exchange';
  return undefined;
}
