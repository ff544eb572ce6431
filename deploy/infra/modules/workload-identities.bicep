// One user-assigned identity per service, federated with its Kubernetes service account, plus one
// for KEDA, which reads subscription lengths to scale the consumers.
param location string
param namePrefix string
param services array
param kubernetesNamespace string
param kedaServiceAccount string
param oidcIssuerUrl string

resource serviceIdentities 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = [for service in services: {
  name: '${namePrefix}-${service}'
  location: location
}]

// Federated credentials on one identity must not be written concurrently.
@batchSize(1)
resource serviceFederations 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = [for (service, i) in services: {
  parent: serviceIdentities[i]
  name: 'aks-${service}'
  properties: {
    issuer: oidcIssuerUrl
    subject: 'system:serviceaccount:${kubernetesNamespace}:${service}'
    audiences: ['api://AzureADTokenExchange']
  }
}]

resource kedaIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-keda'
  location: location
}

resource kedaFederation 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  parent: kedaIdentity
  name: 'aks-keda-operator'
  properties: {
    issuer: oidcIssuerUrl
    subject: 'system:serviceaccount:${kedaServiceAccount}'
    audiences: ['api://AzureADTokenExchange']
  }
}

output principalIds array = [for (service, i) in services: serviceIdentities[i].properties.principalId]
output clientIds array = [for (service, i) in services: serviceIdentities[i].properties.clientId]
output kedaPrincipalId string = kedaIdentity.properties.principalId
output kedaClientId string = kedaIdentity.properties.clientId
