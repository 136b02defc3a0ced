import { setFlagsFromString } from 'node:v8';

/**
 * How far V8's old generation may grow past what the last full collection kept before the next one
 * starts (`HEAP_GROWTH_PERCENT`; 0 leaves V8's own policy). A service's live heap is small (some
 * 60 MB), and V8 lets a small heap grow to about four times that: streaming 100k ledger rows made
 * dispatch promote some 2 MB of the database driver's short-lived row objects per young-generation
 * collection and hold 190 MB of that garbage before a full collection freed it (`--trace-gc-nvp`, a
 * sampling heap profile of what survived scavenges: pg's field strings and parsed dates). A bounded
 * growth factor frees it sooner for a little more marking work. Set before anything big is allocated;
 * V8 reads the factor after each full collection.
 */
export function boundHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
