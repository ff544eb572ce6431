/**
 * Short names mean branches: `main` is `refs/heads/main`, as Azure DevOps shows it in the UI. The
 * `refs/` prefix is recognised in any case, as Azure DevOps compares ref names without case.
 */
export function toRefName(branch: string): string {
  return /^refs\//i.test(branch) ? branch : `refs/heads/${branch}`;
}

/**
 * A ref pattern: exact, or a glob where `*` stays within one path segment, `**` crosses segments and
 * `?` is one character. Case-insensitive, because Azure DevOps treats ref names that way.
 */
export function compileBranchPattern(pattern: string): RegExp {
  const ref = toRefName(pattern);
  let source = '';
  for (let i = 0; i < ref.length; i++) {
    const char = ref.charAt(i);
    if (char === '*' && ref[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}
