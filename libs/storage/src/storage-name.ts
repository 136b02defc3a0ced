const SAFE_NAME = /^[a-z0-9-]{1,80}$/;

/**
 * Names are ours (`upload-<uuid>` or an attachment id), never a caller's file name: checked at every
 * driver so nothing can climb out of a folder or reach another object by a crafted name.
 */
export function storageName(name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error('not a storage name');
  return name;
}
