import type { EventContract } from '../src/envelope/define-event';
import { allContracts } from '../src/registry';
import { Subscriptions, type SubscriptionDefinition } from '../src/topics/subscriptions';
import { allTopics, duplicateDetectionWindowSeconds, type TopicName } from '../src/topics/topics';
import { envelopeJsonSchema } from './json-schemas';
import * as contractsModule from '../src/index';

// Component names are the contracts' export names (ReleaseDeploymentCompleted, …).
const exportNames = new Map<EventContract, string>(
  Object.entries(contractsModule)
    .filter(([, value]) => (allContracts as readonly unknown[]).includes(value))
    .map(([name, value]) => [value as EventContract, name]),
);

export function messageNameOf(contract: EventContract): string {
  const name = exportNames.get(contract);
  if (!name) throw new Error(`contract ${contract.type} is in allContracts but not exported from src/index.ts`);
  return name;
}

const topicDescriptions: Record<TopicName, string> = {
  releases: 'Classic-release deployment events from Azure DevOps service hooks.',
  builds: 'Build completions and YAML pipeline stage changes from Azure DevOps service hooks.',
  'pull-requests': 'Pull-request events from Azure DevOps service hooks.',
  'service-hooks': 'Every other Azure DevOps service-hook notification, kept whole.',
  checks: 'Azure Pipelines check calls and their scheduled re-evaluations.',
  'build-trigger': 'Scheduled build-trigger coalescing windows (internal to the build trigger).',
  outcomes: 'What switchyard did: badges rendered, builds queued, checks decided.',
};

const operationIdOf = (subscription: SubscriptionDefinition) => `${subscription.name}-receives-${subscription.topic}`;

const contractsOn = (topic: TopicName) => allContracts.filter((contract) => contract.topic === topic);

function channelOf(topic: TopicName) {
  const contracts = contractsOn(topic);
  return {
    address: topic,
    title: topic,
    description: topicDescriptions[topic],
    messages: Object.fromEntries(
      contracts.map((contract) => [messageNameOf(contract), { $ref: `#/components/messages/${messageNameOf(contract)}` }]),
    ),
    'x-servicebus-topic': { duplicateDetectionWindowSeconds },
  };
}

// Every topic is published to, including those no switchyard service reads (service-hooks, outcomes),
// which exist for other consumers: a code generator builds a receiver from these.
function sendOperationOf(topic: TopicName) {
  return {
    action: 'send',
    channel: { $ref: `#/channels/${topic}` },
    title: `switchyard publishes to ${topic}`,
    summary: `switchyard publishes these event types on topic "${topic}"; the message subject is the event type.`,
    messages: contractsOn(topic).map((contract) => ({ $ref: `#/channels/${topic}/messages/${messageNameOf(contract)}` })),
  };
}

function operationOf(subscription: SubscriptionDefinition) {
  const contracts = allContracts.filter((contract) => subscription.eventTypes.includes(contract.type));
  return {
    action: 'receive',
    channel: { $ref: `#/channels/${subscription.topic}` },
    title: `${subscription.name} receives from ${subscription.topic}`,
    summary: `Subscription "${subscription.name}" on topic "${subscription.topic}" (filter: subject in ${subscription.eventTypes.join(', ')}).`,
    messages: contracts.map((contract) => ({ $ref: `#/channels/${subscription.topic}/messages/${messageNameOf(contract)}` })),
    'x-servicebus-subscription': {
      name: subscription.name,
      maxDeliveryCount: subscription.maxDeliveryCount,
      lockDurationSeconds: subscription.lockDurationSeconds,
      deadLetteringOnMessageExpiration: true,
      filter: { type: 'correlation', property: 'subject', anyOf: [...subscription.eventTypes] },
    },
  };
}

function messageOf(contract: EventContract) {
  return {
    name: contract.type,
    title: messageNameOf(contract),
    summary: contract.description,
    contentType: 'application/json',
    correlationId: {
      description: 'Shared by every event caused by the same hook or check call.',
      location: '$message.payload#/correlationId',
    },
    headers: {
      type: 'object',
      description: 'Service Bus application properties (CloudEvents AMQP binding plus W3C trace context).',
      properties: {
        'cloudEvents:specversion': { type: 'string', const: '1.0' },
        'cloudEvents:id': { type: 'string', description: 'The envelope id.' },
        'cloudEvents:type': { type: 'string', const: contract.type },
        'cloudEvents:source': { type: 'string' },
        'cloudEvents:time': { type: 'string', format: 'date-time' },
        'cloudEvents:subject': { type: 'string' },
        traceparent: { type: 'string', description: 'W3C trace context of the publisher.' },
        tracestate: { type: 'string' },
        'Diagnostic-Id': { type: 'string', description: 'The traceparent again, where the Service Bus SDKs\' own tracing reads it.' },
      },
      required: ['cloudEvents:specversion', 'cloudEvents:id', 'cloudEvents:type', 'cloudEvents:source', 'cloudEvents:time'],
    },
    payload: { $ref: `#/components/schemas/${messageNameOf(contract)}` },
    // No `bindings`: AsyncAPI's `amqp` binding is AMQP 0-9-1 (RabbitMQ), Service Bus speaks AMQP 1.0,
    // whose `amqp1` binding has no fields; the Service Bus specifics are in x-servicebus-message.
    'x-servicebus-message': {
      messageId: 'the envelope id (duplicate detection drops redeliveries within the topic window)',
      subject: contract.type,
      correlationId: 'the envelope correlationId',
      contentType: 'application/json',
    },
  };
}

/** The AsyncAPI 3.0 document of every topic, subscription and event contract. */
export function buildAsyncApiDocument() {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'switchyard events',
      version: '1.0.0',
      description:
        'Events switchyard publishes on Azure Service Bus topics. Each message body is a CloudEvents-shaped ' +
        'JSON envelope; the Service Bus messageId is the envelope id, the subject (label) is the event type, ' +
        'and application properties carry traceparent/tracestate.',
    },
    defaultContentType: 'application/json',
    servers: {
      serviceBus: {
        host: '{namespace}.servicebus.windows.net',
        protocol: 'amqps',
        protocolVersion: '1.0',
        description: 'The Azure Service Bus namespace (Standard or Premium tier: topics are required).',
        variables: { namespace: { description: 'Service Bus namespace name (SERVICEBUS_FQDN without the domain).' } },
      },
    },
    channels: Object.fromEntries(allTopics.map((topic) => [topic, channelOf(topic)])),
    operations: Object.fromEntries([
      ...allTopics.map((topic) => [`switchyard-sends-${topic}`, sendOperationOf(topic)] as const),
      ...Subscriptions.map((subscription) => [operationIdOf(subscription), operationOf(subscription)] as const),
    ]),
    components: {
      messages: Object.fromEntries(allContracts.map((contract) => [messageNameOf(contract), messageOf(contract)])),
      schemas: Object.fromEntries(
        allContracts.map((contract) => [messageNameOf(contract), envelopeJsonSchema(contract, 'draft-7')]),
      ),
    },
  };
}
