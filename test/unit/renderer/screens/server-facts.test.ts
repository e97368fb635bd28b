/** The Server screen's "why this protocol" row. */
import { describe, expect, it } from 'vitest';
import { protocolBasisFact } from '../../../../renderer/screens/server/facts';

describe('protocolBasisFact', () => {
  it('labels a recognised service "Identified by"', () => {
    expect(protocolBasisFact({ protocol: 'dicom', protocolBasis: 'answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC' })).toEqual([
      'Identified by',
      'answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC',
    ]);
    expect(protocolBasisFact({ protocol: 'https', protocolBasis: 'TLS (TLSv1.3), then, inside it, answered an HTTP GET / with 200' })?.[0]).toBe('Identified by');
  });

  it('labels an unknown service "Why unknown"', () => {
    expect(protocolBasisFact({ protocol: 'unknown', protocolBasis: 'silent for 5000 ms after an A-ASSOCIATE-RQ; no TLS or HTTP answer either' })).toEqual([
      'Why unknown',
      'silent for 5000 ms after an A-ASSOCIATE-RQ; no TLS or HTTP answer either',
    ]);
    expect(protocolBasisFact({ protocolBasis: 'closed the connection without a word' })?.[0]).toBe('Why unknown');
  });

  it('adds no row when the scan kept no basis', () => {
    expect(protocolBasisFact({ protocol: 'dicom' })).toBeUndefined();
    expect(protocolBasisFact({ protocol: 'unknown', protocolBasis: '   ' })).toBeUndefined();
    expect(protocolBasisFact({})).toBeUndefined();
  });
});
