/**
 * The app's side of peer learning (`peers:*`): files the renderer read (picked or
 * dropped) are learned from and stored under their names, one set per name (a file
 * learned again replaces what it taught); the list merges what is stored with the
 * inventory. Passive: files in, nothing sent anywhere.
 */
import type Database from 'better-sqlite3';
import { DEFAULT_NOT_SEEN_DAYS, type LearnResult, type PeersLearnRequest, type PeersListRequest, type PeersListView } from '../../shared/observed-peers';
import { createInventoryRepo } from '../store/inventory-repo';
import { createObservedPeersRepo } from '../store/observed-peers-repo';
import { learnPeers, mergeResults } from './learn';
import { mergeWithInventory } from './merge';

export interface PeersService {
  learn(req: PeersLearnRequest): Promise<LearnResult>;
  list(req: PeersListRequest): PeersListView;
}

export function createPeersService(db: Database.Database): PeersService {
  const repo = createObservedPeersRepo(db);
  const inventory = createInventoryRepo(db);
  return {
    async learn(req) {
      const since = req.since === undefined ? null : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(req.since) ? `${req.since}T00:00:00Z` : req.since);
      const results: LearnResult[] = [];
      for (const f of req.files) {
        const bytes = Buffer.from(f.base64, 'base64');
        const r = await learnPeers([{ name: f.name, src: { bytes }, ...(f.lastModified !== undefined ? { modifiedAt: f.lastModified } : {}) }], { format: req.format ?? 'auto', since });
        repo.replaceSource(`app:${f.name}`, req.format === undefined || req.format === 'auto' ? 'mixed' : req.format, r.servers, new Date().toISOString());
        results.push(r);
      }
      return mergeResults(results);
    },
    list(req) {
      const filter = { host: req.host ?? null, port: req.port ?? null, calledAe: req.calledAe ?? null };
      const peers = repo.list(req.host !== undefined || req.port !== undefined || req.calledAe !== undefined ? filter : undefined);
      return { peers, vsInventory: mergeWithInventory(inventory.list(), peers, req.days ?? DEFAULT_NOT_SEEN_DAYS), sources: repo.sources() };
    },
  };
}
