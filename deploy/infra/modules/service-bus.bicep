// The Service Bus namespace, with topics and filtered subscriptions exactly as libs/contracts declares
// them (see messaging.generated.json), and the data-plane roles each identity needs.
param location string
param namespaceName string
param sku string
param localAuth bool
@description('Contents of messaging.generated.json.')
param messaging object
param services array
param servicePrincipalIds array
param kedaPrincipalId string

var roles = {
  dataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
  dataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  dataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
}

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: namespaceName
  location: location
  sku: sku == 'Premium' ? { name: sku, tier: sku, capacity: 1 } : { name: sku, tier: sku }
  properties: {
    disableLocalAuth: !localAuth
    minimumTlsVersion: '1.2'
  }
}

resource topics 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = [for topic in messaging.topics: {
  parent: namespace
  name: topic.name
  properties: {
    // The envelope id is the messageId: Azure DevOps redeliveries within the window are dropped.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: topic.duplicateDetectionHistoryTimeWindow
    defaultMessageTimeToLive: 'P14D'
    enableBatchedOperations: true
  }
}]

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = [for sub in messaging.subscriptions: {
  parent: topics[sub.topicIndex]
  name: sub.name
  properties: {
    maxDeliveryCount: sub.maxDeliveryCount
    lockDuration: sub.lockDuration
    deadLetteringOnMessageExpiration: true
    deadLetteringOnFilterEvaluationExceptions: true
    defaultMessageTimeToLive: 'P14D'
    enableBatchedOperations: true
  }
}]

// Overwrites the $Default rule (which accepts everything) with a filter on the message subject.
resource subscriptionFilters 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2022-10-01-preview' = [for (sub, i) in messaging.subscriptions: {
  parent: subscriptions[i]
  name: '$Default'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: { sqlExpression: sub.sqlFilter }
  }
}]

// A dead letter resubmitted by the dead-letter CLI is sent to the topic as a copy with subject
// `resubmit:<type>` (no subject filter matches it) and `switchyard-resubmit-to = <subscription>`,
// so it reaches only the subscription it was dead-lettered from.
resource resubmitRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2022-10-01-preview' = [for (sub, i) in messaging.subscriptions: {
  parent: subscriptions[i]
  name: sub.resubmitRule.name
  properties: {
    filterType: 'CorrelationFilter'
    correlationFilter: {
      properties: sub.resubmitRule.correlationProperties
    }
  }
}]

// Every service publishes (ingress: hook events; consumers: outcomes and scheduled follow-ups).
resource senders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (service, i) in services: {
  scope: namespace
  name: guid(namespace.id, service, roles.dataSender)
  properties: {
    principalId: servicePrincipalIds[i]
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.dataSender)
  }
}]

// A consumer may receive only from its own subscriptions.
resource receivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (sub, i) in messaging.subscriptions: {
  scope: subscriptions[i]
  name: guid(subscriptions[i].id, sub.name, roles.dataReceiver)
  properties: {
    principalId: servicePrincipalIds[indexOf(services, sub.name)]
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.dataReceiver)
  }
}]

// KEDA's azure-servicebus scaler reads subscription runtime properties, a management operation.
resource kedaReaders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for topicIndex in messaging.consumedTopicIndexes: {
  scope: topics[topicIndex]
  name: guid(topics[topicIndex].id, 'keda', roles.dataOwner)
  properties: {
    principalId: kedaPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.dataOwner)
  }
}]

output fqdn string = '${namespace.name}.servicebus.windows.net'
