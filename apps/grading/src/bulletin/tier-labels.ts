import type { Tier } from '#libs/contracts';

/** The tiers as the county's notices name them. */
export const TIER_LABELS: Record<Tier, string> = {
  demonstration: '示范性',
  compliant: '达标',
  'non-compliant': '不合格',
};

export const MOVE_LABELS: Record<string, string> = { up: '上升', down: '下降', same: '持平', new: '新评' };
