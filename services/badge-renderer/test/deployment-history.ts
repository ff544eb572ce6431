import { createEvent, ReleaseDeploymentCompleted, ReleaseDeploymentStarted, type DeploymentStatus, type EventEnvelope } from '@switchyard/contracts';

/** Deterministic pseudo-random numbers (mulberry32), so a failing shuffle can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

// Names that exercise path escaping: spaces, Unicode, a slash, dots.
export const environmentNames = Array.from({ length: 20 }, (_, i) =>
  i === 0 ? 'prod / west' : i === 1 ? 'Développement' : i === 2 ? 'qa.v2.' : `env ${String(i + 1).padStart(2, '0')}`,
);

export interface DeploymentHistory {
  events: EventEnvelope[];
  /** Per environment name: the release name and status of its last (highest id) deployment. */
  latest: Map<string, { release: string; status: DeploymentStatus }>;
}

const finalStatuses: DeploymentStatus[] = ['succeeded', 'failed', 'partiallySucceeded', 'canceled', 'succeeded'];

/**
 * `perEnvironment` deployments to each of the 20 environments of one definition, each as a started
 * and a completed event (ids grow over time, like Azure DevOps deployment ids).
 */
export function deploymentHistory(perEnvironment: number, random: () => number): DeploymentHistory {
  const events: EventEnvelope[] = [];
  const latest = new Map<string, { release: string; status: DeploymentStatus }>();
  let deploymentId = 1000;
  const t0 = Date.UTC(2026, 0, 1);
  for (let round = 1; round <= perEnvironment; round++) {
    environmentNames.forEach((environment, e) => {
      deploymentId += 1;
      const release = `1.${round}.${e}`;
      const status = finalStatuses[Math.floor(random() * finalStatuses.length)] as DeploymentStatus;
      const startedOn = new Date(t0 + deploymentId * 60_000).toISOString();
      const completedOn = new Date(t0 + deploymentId * 60_000 + 30_000).toISOString();
      const data = {
        organizationUrl: 'https://dev.azure.com/fabfiber/',
        project: { id: 'p1', name: 'Fabrikam Fiber' },
        releaseDefinition: { id: 7, name: 'Web.CD' },
        release: { id: deploymentId, name: release },
        environment: { id: e + 1, name: environment, definitionEnvironmentId: e + 1 },
        deployment: { id: deploymentId, attempt: 1 },
        startedOn,
      };
      events.push(
        createEvent(ReleaseDeploymentStarted, {
          id: `dep-${deploymentId}-started`,
          source: 'urn:test',
          time: startedOn,
          data: { ...data, status: 'inProgress', originalEventType: 'ms.vss-release.deployment-started-event' },
        }),
        createEvent(ReleaseDeploymentCompleted, {
          id: `dep-${deploymentId}-completed`,
          source: 'urn:test',
          time: completedOn,
          data: { ...data, status, completedOn, originalEventType: 'ms.vss-release.deployment-completed-event' },
        }),
      );
      latest.set(environment, { release, status });
    });
  }
  return { events, latest };
}
