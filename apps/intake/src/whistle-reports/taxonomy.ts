import type { Category } from '#libs/contracts';

interface Label {
  code: string;
  zh: string;
  en: string;
}

/**
 * The subcategories under each of the five action lines. Managed here, in code reviewed like any
 * rule, because dispatch, grading and the ledgers count by them: a new one is a release.
 */
export const TAXONOMY: ReadonlyArray<Label & { code: Category; subcategories: Label[] }> = [
  {
    code: 'psychological',
    zh: '心理预警',
    en: 'Psychological early warning',
    subcategories: [
      { code: 'crisis', zh: '心理危机', en: 'Crisis' },
      { code: 'self-harm-risk', zh: '自伤风险', en: 'Risk of self-harm' },
      { code: 'depression-anxiety', zh: '抑郁焦虑', en: 'Depression or anxiety' },
      { code: 'family', zh: '家庭问题', en: 'Family problems' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  {
    code: 'bullying',
    zh: '防治欺凌',
    en: 'Bullying',
    subcategories: [
      { code: 'physical', zh: '肢体欺凌', en: 'Physical' },
      { code: 'verbal', zh: '言语欺凌', en: 'Verbal' },
      { code: 'social', zh: '关系排斥', en: 'Social exclusion' },
      { code: 'cyber', zh: '网络欺凌', en: 'Online' },
      { code: 'extortion', zh: '索要财物', en: 'Extortion' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  {
    code: 'public-safety',
    zh: '校园公共安全',
    en: 'Campus public safety',
    subcategories: [
      { code: 'surroundings', zh: '周边环境', en: 'Surroundings' },
      { code: 'traffic', zh: '交通安全', en: 'Traffic' },
      { code: 'fire-electricity-gas', zh: '水电气消防', en: 'Fire, electricity and gas' },
      { code: 'food', zh: '食品安全', en: 'Food' },
      { code: 'buildings', zh: '校舍设施', en: 'Buildings' },
      { code: 'public-order', zh: '治安秩序', en: 'Public order' },
    ],
  },
  {
    code: 'dropout',
    zh: '控辍保学',
    en: 'Dropout prevention',
    subcategories: [
      { code: 'absence', zh: '长期缺课', en: 'Long absence' },
      { code: 'at-risk', zh: '辍学风险', en: 'At risk of dropping out' },
      { code: 'left-school', zh: '已辍学', en: 'Left school' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
  {
    code: 'sunshine-school',
    zh: '阳光校园',
    en: 'Sunshine school',
    subcategories: [
      { code: 'fees', zh: '违规收费', en: 'Fees' },
      { code: 'procurement', zh: '采购与后勤', en: 'Procurement and services' },
      { code: 'conduct', zh: '师德师风', en: "Teachers' conduct" },
      { code: 'transparency', zh: '校务公开', en: 'Transparency' },
      { code: 'other', zh: '其他', en: 'Other' },
    ],
  },
];

export function isSubcategoryOf(category: Category, subcategory: string): boolean {
  return TAXONOMY.some((line) => line.code === category && line.subcategories.some((s) => s.code === subcategory));
}
