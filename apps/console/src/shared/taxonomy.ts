import { get } from '../api.js';
import { useLoad } from './use-load.js';

export interface TaxonomyLabel {
  code: string;
  zh: string;
  en: string;
}
export interface Taxonomy {
  categories: Array<TaxonomyLabel & { subcategories: TaxonomyLabel[] }>;
}

/** The five action lines and their subcategories, as the API names them in both languages. */
export function useTaxonomy() {
  const loaded = useLoad(() => get<Taxonomy>('/api/taxonomy'), []);
  const categories = loaded.data?.categories ?? [];
  const subcategoriesOf = (category: string | undefined) =>
    categories.find((entry) => entry.code === category)?.subcategories ?? [];
  return { ...loaded, categories, subcategoriesOf };
}
