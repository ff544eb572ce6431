import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';

export function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, `${name} is required and must be a non-empty string.`);
  }
  return value;
}

export function requireId(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, `${name} must be a positive integer, got ${JSON.stringify(value)}.`);
  }
  return value;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireGuid(value: unknown, name: string): string {
  if (typeof value !== 'string' || !GUID.test(value)) {
    throw new AzureDevOpsError(AzureDevOpsErrorCodes.INVALID_ARGUMENT, `${name} must be a GUID, got ${JSON.stringify(value)}.`);
  }
  return value;
}
