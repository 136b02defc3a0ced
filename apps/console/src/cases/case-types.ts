export interface Extension {
  id: string;
  deadline: string;
  reason: string;
  requestedDueAt: string;
  requestedAt: string;
  status: string;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface CaseTask {
  id: string;
  unitId: string;
  role: 'lead' | 'assisting';
  status: string;
  ackDueAt: string;
  rectifyDueAt: string | null;
  acknowledgedAt: string | null;
  feedbackAt: string | null;
  rectifiedAt: string | null;
  evidence: string[];
  calendarMissing: boolean;
  extensions: Extension[];
}

export interface TimelineEntry {
  at: string;
  actorRole: string | null;
  command: string;
  from: string | null;
  to: string;
  reason: string | null;
}

export interface CaseView {
  id: string;
  reference: string;
  source: string;
  status: string;
  category: string;
  subcategory: string | null;
  severity: string;
  riskLevel: string | null;
  schoolId: string | null;
  lifeSafety: boolean;
  disputed: boolean;
  mergedInto: string | null;
  reportedAt: string;
  verifiedAt: string | null;
  autoCloseAt: string | null;
  tasks: CaseTask[];
  timeline: TimelineEntry[];
}
