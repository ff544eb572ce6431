// Storage for badges: a "badges" container anyone can read blob by blob (READMEs embed the SVGs),
// written only by the badge-renderer's identity.
param location string
param accountName string
param writerPrincipalId string

var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowBlobPublicAccess: true
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource badges 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'badges'
  properties: {
    // Blob-level, not container-level: badges can be fetched by URL but the container cannot be listed.
    publicAccess: 'Blob'
  }
}

resource writer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: badges
  name: guid(badges.id, writerPrincipalId, blobDataContributor)
  properties: {
    principalId: writerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
  }
}

output blobEndpoint string = account.properties.primaryEndpoints.blob
