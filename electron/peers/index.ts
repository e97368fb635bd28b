/**
 * Peers learned passively from server logs and captures (issue 14, "Learn"). Nothing is
 * sent to any device: files are read, association facts kept, nothing else.
 */
export { learnPeers, mergeResults, formatOfLine, ReadCancelled, MAX_PROBLEMS, type LearnSource, type LearnOptions } from './learn';
export { mergeWithInventory } from './merge';
export { PeerCollector, MAX_PEERS } from './collector';
export { lineTime } from './timestamps';
export { createPeersService, type PeersService } from './service';
