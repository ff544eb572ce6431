// The Event Grid topic outcome events (badge rendered, build queued, check decided) are published to
// as CloudEvents 1.0, so other teams can subscribe without Service Bus access.
param location string
param topicName string
param localAuth bool
param senderPrincipalIds array

var eventGridDataSender = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource topic 'Microsoft.EventGrid/topics@2022-06-15' = {
  name: topicName
  location: location
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: !localAuth
    publicNetworkAccess: 'Enabled'
  }
}

resource senders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in senderPrincipalIds: {
  scope: topic
  name: guid(topic.id, principalId, eventGridDataSender)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSender)
  }
}]

output endpoint string = topic.properties.endpoint
