import type pg from 'pg';
import { emptyRoot, nodeHash, splitPoint, treeHash, type RangeHasher } from './merkle';
import { readLeafHashes } from './merkleState';

/**
 * Tiles: the root hashes of complete, aligned 256-leaf subtrees of a log's Merkle tree (height 8,
 * as in tlog tiles), stored in `merkle_tiles`. Because every RFC 6962 split point of a range that
 * starts and ends on a tile boundary is itself a tile boundary, the hash of such a range is the
 * tree hash of its tiles; a proof at size n then reads n/256 tile hashes plus the leaves of at most
 * two tiles (the one it descends into and the unfinished last one) instead of all n leaves.
 */
export const TILE_SIZE = 256;

// Tiles computed per read of leaf hashes when catching up: 16,384 leaves, half a megabyte.
const TILES_PER_BATCH = 64;

/** MTH of any subtree of the tree, from its full tiles and the leaves of the tiles in `leafTiles`. */
export function tiledRangeHasher(tiles: readonly Buffer[], leafTiles: ReadonlyMap<number, readonly Buffer[]>): RangeHasher {
  const leaf = (index: number): Buffer => {
    const hash = leafTiles.get(Math.floor(index / TILE_SIZE))?.[index % TILE_SIZE];
    if (!hash) throw new Error(`leaf ${index} was not read for this proof`);
    return hash;
  };
  const subtree = (start: number, end: number): Buffer => {
    if (start % TILE_SIZE === 0 && end % TILE_SIZE === 0 && end > start) return treeHash(tiles, start / TILE_SIZE, end / TILE_SIZE);
    const size = end - start;
    if (size === 0) return emptyRoot();
    if (size === 1) return leaf(start);
    const k = splitPoint(size);
    return nodeHash(subtree(start, start + k), subtree(start + k, end));
  };
  return subtree;
}

/**
 * The tiles whose leaves a proof reads: the tile of the `leaf` an inclusion proof is for, the tile
 * the `boundary` (an older tree size) falls inside, and the unfinished last tile of the tree.
 */
export function leafTilesFor(size: number, { leaf, boundary }: { leaf?: number; boundary?: number }): number[] {
  const tiles = new Set<number>();
  if (leaf !== undefined) tiles.add(Math.floor(leaf / TILE_SIZE));
  for (const edge of [boundary, size]) if (edge !== undefined && edge % TILE_SIZE !== 0) tiles.add(Math.floor(edge / TILE_SIZE));
  return [...tiles].sort((a, b) => a - b);
}

async function computeTiles(client: pg.ClientBase, environment: string, from: number, to: number): Promise<Buffer[]> {
  const leaves = await readLeafHashes(client, environment, from * TILE_SIZE, to * TILE_SIZE);
  const hashes = Array.from({ length: to - from }, (_, i) => treeHash(leaves, i * TILE_SIZE, (i + 1) * TILE_SIZE));
  // A concurrent proof or checkpoint may have stored the same tiles meanwhile: same leaves, same hashes.
  await client.query(`INSERT INTO merkle_tiles (environment, tile, hash) SELECT $1::"Environment", * FROM unnest($2::bigint[], $3::bytea[])
    ON CONFLICT DO NOTHING`, [environment, hashes.map((_, i) => from + i), hashes]);
  return hashes;
}

/** Hashes of the log's first `count` tiles, computing and storing any not stored yet. */
export async function readTiles(client: pg.ClientBase, environment: string, count: number): Promise<Buffer[]> {
  const { rows } = await client.query<{ tile: string; hash: Buffer }>(
    'SELECT tile, hash FROM merkle_tiles WHERE environment = $1 AND tile < $2', [environment, count]);
  const tiles: Array<Buffer | undefined> = new Array(count);
  for (const row of rows) tiles[Number(row.tile)] = row.hash;
  for (let tile = 0; tile < count;) {
    if (tiles[tile]) {
      tile++;
      continue;
    }
    let end = tile + 1;
    while (end < count && !tiles[end] && end - tile < TILES_PER_BATCH) end++;
    (await computeTiles(client, environment, tile, end)).forEach((hash, i) => (tiles[tile + i] = hash));
    tile = end;
  }
  return tiles as Buffer[];
}

/** Leaf hashes of whole tiles (the last one cut at `size`), by tile index. */
export async function readLeafTiles(client: pg.ClientBase, environment: string, size: number, tiles: number[]): Promise<Map<number, Buffer[]>> {
  const leaves = new Map<number, Buffer[]>();
  for (const tile of tiles) leaves.set(tile, await readLeafHashes(client, environment, tile * TILE_SIZE, Math.min(size, (tile + 1) * TILE_SIZE)));
  return leaves;
}

/** Stores the tiles completed since the last stored one, so later proofs need not: what the checkpoint job calls. */
export async function extendMerkleTiles(client: pg.ClientBase, environment: string, size: number): Promise<number> {
  const { rows } = await client.query<{ next: string }>('SELECT COALESCE(max(tile) + 1, 0) AS next FROM merkle_tiles WHERE environment = $1', [environment]);
  const next = Number(rows[0]!.next);
  const complete = Math.floor(size / TILE_SIZE);
  for (let tile = next; tile < complete; tile += TILES_PER_BATCH) await computeTiles(client, environment, tile, Math.min(complete, tile + TILES_PER_BATCH));
  return Math.max(0, complete - next);
}
