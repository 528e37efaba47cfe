import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Why `pkg` cannot be loaded from here (not installed; the heavy backends are optional peers of @dlspec/conformance), or null. */
export function missingPackage(...pkgs: string[]): string | null {
  for (const pkg of pkgs) {
    try {
      require.resolve(pkg);
      return null;
    } catch {
      // try the next
    }
  }
  return `${pkgs.join(' or ')} is not installed: install ${pkgs[0]} (npm install ${pkgs[0]})`;
}
