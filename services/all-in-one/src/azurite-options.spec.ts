import { join } from 'node:path';
import { azuriteOptionsFromEnv } from './azurite-options';

describe('azuriteOptionsFromEnv (local run)', () => {
  it('keeps blobs on disk under the data folder by default', () => {
    expect(azuriteOptionsFromEnv({}, '/data')).toEqual({ location: join('/data', 'azurite') });
    expect(azuriteOptionsFromEnv({ SWITCHYARD_AZURITE_MEMORY: 'false' }, '/data')).toEqual({ location: join('/data', 'azurite') });
  });

  it('keeps them in memory only when SWITCHYARD_AZURITE_MEMORY=true', () => {
    expect(azuriteOptionsFromEnv({ SWITCHYARD_AZURITE_MEMORY: ' TRUE ' }, '/data')).toEqual({ inMemory: true });
  });

  it('fails naming the variable when it is neither true nor false', () => {
    expect(() => azuriteOptionsFromEnv({ SWITCHYARD_AZURITE_MEMORY: 'yes' }, '/data')).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', variable: 'SWITCHYARD_AZURITE_MEMORY', message: expect.stringContaining('"true" or "false"') }),
    );
  });
});
