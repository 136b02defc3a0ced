import type { OrgKind, Role } from '#libs/contracts';

/** The demo county: Dongming's programme, with the departments of its task force. */
export const DEMO_ORGANISATIONS: ReadonlyArray<{ code: string; kind: OrgKind; name: string }> = [
  { code: 'DM-COUNTY', kind: 'county', name: '东明县 Dongming County' },
  { code: 'DM-TASKFORCE', kind: 'taskforce', name: '县校园安全工作专班 County campus-safety task force' },
  { code: 'DM-PLC', kind: 'department', name: '县委政法委 Political-Legal Committee' },
  { code: 'DM-PSB', kind: 'department', name: '县公安局 Public Security Bureau' },
  { code: 'DM-EDU', kind: 'department', name: '县教体局 Education and Sports Bureau' },
  { code: 'DM-CULTOUR', kind: 'department', name: '县文旅局 Culture and Tourism Bureau' },
  { code: 'DM-S001', kind: 'school', name: '东明县第一实验小学 No. 1 Experimental Primary School' },
  { code: 'DM-S002', kind: 'school', name: '东明县第二中学 No. 2 Middle School' },
  { code: 'DM-S003', kind: 'school', name: '东明县职业中专 Vocational Secondary School' },
];

export const DEMO_USERS: ReadonlyArray<{ username: string; role: Role; orgCode: string }> = [
  { username: 'school.reporter', role: 'school_reporter', orgCode: 'DM-S001' },
  { username: 'school2.reporter', role: 'school_reporter', orgCode: 'DM-S002' },
  { username: 'bureau.reviewer', role: 'bureau_reviewer', orgCode: 'DM-EDU' },
  { username: 'taskforce.dispatcher', role: 'taskforce_dispatcher', orgCode: 'DM-TASKFORCE' },
  { username: 'police.handler', role: 'department_handler', orgCode: 'DM-PSB' },
  { username: 'police.head', role: 'department_head', orgCode: 'DM-PSB' },
  // Every department has a handler and a head, so anyone can play an assisting unit by hand.
  { username: 'plc.handler', role: 'department_handler', orgCode: 'DM-PLC' },
  { username: 'plc.head', role: 'department_head', orgCode: 'DM-PLC' },
  { username: 'edu.handler', role: 'department_handler', orgCode: 'DM-EDU' },
  { username: 'edu.head', role: 'department_head', orgCode: 'DM-EDU' },
  { username: 'culture.handler', role: 'department_handler', orgCode: 'DM-CULTOUR' },
  { username: 'culture.head', role: 'department_head', orgCode: 'DM-CULTOUR' },
  { username: 'supervisor', role: 'supervisor', orgCode: 'DM-COUNTY' },
  { username: 'inspector', role: 'inspector', orgCode: 'DM-EDU' },
  { username: 'admin', role: 'administrator', orgCode: 'DM-COUNTY' },
];
