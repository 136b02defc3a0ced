import type { CaseStatus } from '#libs/contracts';

export type TipStatus = 'received' | 'escalated' | 'false' | 'prank' | 'spam' | 'duplicate';

/**
 * What the tipster is told, in plain words (zh-CN, then English). A tip turned down is described
 * the same whatever the reason, so the tipster learns nothing about how it was judged.
 */
export function tipStatusText(status: TipStatus, caseStatus: CaseStatus | null): { zh: string; en: string } {
  if (status === 'received') return { zh: '已收到，正在核实', en: 'Received; we are looking into it' };
  if (status === 'duplicate') {
    return { zh: '已与其他线索合并处理', en: 'Being handled together with another tip about the same matter' };
  }
  if (status !== 'escalated') return { zh: '已核实，未立案', en: 'Checked; no case was opened' };
  if (caseStatus === 'CLOSED' || caseStatus === 'VERIFIED') {
    return { zh: '已办结', en: 'The case has been dealt with and closed' };
  }
  if (caseStatus === 'REJECTED' || caseStatus === 'MERGED') {
    return { zh: '已核实，由专班统一处理', en: 'Checked; handled by the task force with related matters' };
  }
  return { zh: '已立案，专班正在处理', en: 'A case was opened; the task force is dealing with it' };
}
