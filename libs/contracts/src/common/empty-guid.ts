/** The all-zero GUID: Azure DevOps' "none" (samples without a project, the Test button's subscriptionId, legacy gate plans' task id). */
export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
