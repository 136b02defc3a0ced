import { Table, type TableProps } from 'antd';

/**
 * A table in a labelled region that scrolls sideways on a narrow screen and can take the keyboard's
 * focus, so its hidden columns are reachable without a mouse. Lists page through the API, not here.
 */
export function DataTable<T extends object>({ label, ...props }: TableProps<T> & { label: string }) {
  return (
    <div className="cw-scroll" role="region" aria-label={label} tabIndex={0}>
      <Table<T> pagination={false} {...props} />
    </div>
  );
}
