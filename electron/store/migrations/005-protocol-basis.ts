/**
 * Migration 5: why each service got its protocol (ServiceResult.protocolBasis), one
 * line in words such as "answered the A-ASSOCIATE-RQ with an A-ASSOCIATE-AC" or
 * "silent for 5000 ms after an A-ASSOCIATE-RQ; no TLS or HTTP answer either".
 * Services stored before this migration keep NULL: the field is absent for them.
 *
 * APPEND-ONLY: once shipped, this text never changes.
 */
export const sql = `
-- One line, written by the engine (electron/engine/protocol-basis.ts); NULL for services saved before it existed.
ALTER TABLE services ADD COLUMN protocol_basis TEXT;
`;
