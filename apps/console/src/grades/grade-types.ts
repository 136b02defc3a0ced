import type { z } from 'zod';
import type { appealListItemView, gradingView, schoolGradesView } from '#libs/contracts';

/** Grading's answers: the routes' own views (libs/contracts/src/routes/views.ts). */
export type Grading = z.output<typeof gradingView>;
export type SchoolGrade = Grading['schools'][number];
export type GradeReason = NonNullable<SchoolGrade['reasons']>[number];
export type PublishedGrade = z.output<typeof schoolGradesView>['items'][number];
/** An appeal on the appeals desk: the appeal, its school, the grade appealed. */
export type Appeal = z.output<typeof appealListItemView>;
