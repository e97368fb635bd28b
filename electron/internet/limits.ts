/** The bounds of one import (tests and the bench may lower or raise them). */
export interface ImportLimits {
  /** Longest line (JSON Lines), JSON array element or XML construct, bytes. A 50 MB line is refused. */
  maxRecordBytes: number;
  /** Most bytes a gzip file may inflate to. */
  maxInflatedBytes: number;
  /** Most inflated bytes per compressed byte, checked once `ratioFloorBytes` have come out. */
  maxInflateRatio: number;
  ratioFloorBytes: number;
  /** Deepest XML nesting (nmap needs about 6). */
  maxXmlDepth: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxRecordBytes: 8 * 1024 * 1024,
  maxInflatedBytes: 32 * 1024 ** 3,
  maxInflateRatio: 100,
  ratioFloorBytes: 64 * 1024 * 1024,
  maxXmlDepth: 64,
};

export const MiB = 1024 * 1024;
