using '../main.bicep'

param environmentName = 'dev'
param serviceBusSku = 'Standard'
param aksOidcIssuerUrl = readEnvironmentVariable('AKS_OIDC_ISSUER')
// Dev keeps keys usable, for debugging with a connection string or EVENTGRID_KEY.
param serviceBusLocalAuth = true
param eventGridLocalAuth = true
