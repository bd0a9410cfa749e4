// The release workflow builds an image only for a package the release published, at that version.
import { describe, expect, it } from 'vitest';
import { publishedVersion } from '../scripts/published-version.mjs';

const published = JSON.stringify([
  { name: '@klavi-pay/sandbox', version: '0.2.0' },
  { name: '@klavi-pay/client', version: '0.1.1' },
]);

describe('publishedVersion', () => {
  it('finds the version of a published package, and nothing for one that was not', () => {
    expect(publishedVersion(published, '@klavi-pay/sandbox')).toBe('0.2.0');
    expect(publishedVersion(published, '@klavi-pay/contract-tests')).toBeUndefined();
    expect(publishedVersion('', '@klavi-pay/sandbox')).toBeUndefined();
  });

  it('refuses what is not a list of versions, rather than tag an image with it', () => {
    expect(() => publishedVersion('{oops', 'x')).toThrow('PUBLISHED_PACKAGES is not JSON');
    expect(() => publishedVersion('{}', 'x')).toThrow('must be a list');
    expect(() => publishedVersion(JSON.stringify([{ name: 'x', version: 'latest; rm -rf /' }]), 'x')).toThrow(
      'is not a version',
    );
  });
});
