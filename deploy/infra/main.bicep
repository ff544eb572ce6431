// switchyard's Azure resources: Service Bus (topics and subscriptions generated from libs/contracts),
// the badges Blob container, the outcomes Event Grid topic, and one workload identity per service.
// Deploy: az deployment group create -g <rg> -f deploy/infra/main.bicep -p deploy/infra/params/<env>.bicepparam
targetScope = 'resourceGroup'

@allowed(['dev', 'prod'])
param environmentName string

param location string = resourceGroup().location

@description('Prefix of every resource name.')
@maxLength(12)
param namePrefix string = 'switchyard'

@allowed(['Standard', 'Premium'])
@description('Duplicate detection and topics need Standard at least; Premium isolates throughput in prod.')
param serviceBusSku string = 'Standard'

@description('OIDC issuer URL of the AKS cluster: az aks show -n <aks> -g <rg> --query oidcIssuerProfile.issuerUrl -o tsv')
param aksOidcIssuerUrl string

@description('Kubernetes namespace the services run in (deploy/k8s uses "switchyard").')
param kubernetesNamespace string = 'switchyard'

@description('Service account of the KEDA operator: kube-system:keda-operator for the AKS add-on, keda:keda-operator for the Helm chart.')
param kedaServiceAccount string = 'kube-system:keda-operator'

@description('Allow the Event Grid access key (EVENTGRID_KEY) besides Entra ID. Off in prod: workload identity only.')
param eventGridLocalAuth bool = false

@description('Allow Service Bus SAS keys (SERVICEBUS_CONNECTION_STRING). Off in prod: workload identity only.')
param serviceBusLocalAuth bool = false

var suffix = uniqueString(resourceGroup().id, environmentName)
var messaging = loadJsonContent('messaging.generated.json')
var services = ['ingress', 'badge-renderer', 'build-trigger', 'gate-evaluator']
var outcomePublishers = ['badge-renderer', 'build-trigger', 'gate-evaluator']

module identities 'modules/workload-identities.bicep' = {
  name: 'switchyard-identities'
  params: {
    location: location
    namePrefix: '${namePrefix}-${environmentName}'
    services: services
    kubernetesNamespace: kubernetesNamespace
    kedaServiceAccount: kedaServiceAccount
    oidcIssuerUrl: aksOidcIssuerUrl
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'switchyard-service-bus'
  params: {
    location: location
    namespaceName: take('${namePrefix}-${environmentName}-${suffix}', 50)
    sku: serviceBusSku
    localAuth: serviceBusLocalAuth
    messaging: messaging
    services: services
    servicePrincipalIds: identities.outputs.principalIds
    kedaPrincipalId: identities.outputs.kedaPrincipalId
  }
}

module storage 'modules/badge-storage.bicep' = {
  name: 'switchyard-badge-storage'
  params: {
    location: location
    accountName: take(toLower('${replace(namePrefix, '-', '')}${environmentName}${suffix}'), 24)
    writerPrincipalId: identities.outputs.principalIds[indexOf(services, 'badge-renderer')]
  }
}

module outcomes 'modules/outcomes-event-grid.bicep' = {
  name: 'switchyard-outcomes-event-grid'
  params: {
    location: location
    topicName: '${namePrefix}-${environmentName}-outcomes-${suffix}'
    localAuth: eventGridLocalAuth
    senderPrincipalIds: [for service in outcomePublishers: identities.outputs.principalIds[indexOf(services, service)]]
  }
}

@description('SERVICEBUS_FQDN for the ConfigMap.')
output serviceBusFqdn string = serviceBus.outputs.fqdn
@description('STORAGE_ACCOUNT_URL for the ConfigMap.')
output storageAccountUrl string = storage.outputs.blobEndpoint
@description('EVENTGRID_ENDPOINT for the ConfigMap.')
output eventGridEndpoint string = outcomes.outputs.endpoint
@description('Client id per service, for the azure.workload.identity/client-id annotation of its ServiceAccount.')
output clientIds object = toObject(range(0, length(services)), i => services[i], i => identities.outputs.clientIds[i])
@description('Client id for the KEDA TriggerAuthentication (podIdentity.identityId).')
output kedaClientId string = identities.outputs.kedaClientId
