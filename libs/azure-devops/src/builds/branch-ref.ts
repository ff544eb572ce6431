/** A full ref as the Builds API takes it: `main` → `refs/heads/main`; a ref (`refs/…`) stays as it is. */
export function branchRef(branch: string): string {
  return branch.startsWith('refs/') ? branch : `refs/heads/${branch}`;
}
