/** Stable dead-letter reasons of the build trigger; each message says what a person should change. */
export const BuildTriggerErrorCodes = {
  orgNotAllowed: 'BUILD_TRIGGER.ORG_NOT_ALLOWED',
  unauthorized: 'BUILD_TRIGGER.UNAUTHORIZED',
  forbidden: 'BUILD_TRIGGER.FORBIDDEN',
  notFound: 'BUILD_TRIGGER.NOT_FOUND',
  definitionNotFound: 'BUILD_TRIGGER.DEFINITION_NOT_FOUND',
  definitionAmbiguous: 'BUILD_TRIGGER.DEFINITION_AMBIGUOUS',
  refused: 'BUILD_TRIGGER.REFUSED',
  certificateUntrusted: 'BUILD_TRIGGER.CERTIFICATE_UNTRUSTED',
  ruleChanged: 'BUILD_TRIGGER.RULE_CHANGED',
  unqueueable: 'BUILD_TRIGGER.TARGET_UNQUEUEABLE',
  missingToken: 'BUILD_TRIGGER.TOKEN_MISSING',
} as const;
