using '../main.bicep'

param environmentName = 'prod'
param serviceBusSku = 'Premium'
param aksOidcIssuerUrl = readEnvironmentVariable('AKS_OIDC_ISSUER')
// Prod: workload identity only, no keys to leak.
param serviceBusLocalAuth = false
param eventGridLocalAuth = false
