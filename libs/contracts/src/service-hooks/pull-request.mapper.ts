import type { EventContract } from '../envelope/define-event';
import { compact, idAt, keyAt, objectAt, textAt, timeAt } from './json-access';
import type { MappedHook, Notification } from './notification';
import { projectOf } from './project-of';

export function pullRequestMapper(contract: EventContract) {
  return (notification: Notification): MappedHook => {
    const { resource } = notification;
    const repository = objectAt(resource, 'repository');
    const pullRequestId = idAt(resource, 'pullRequestId');
    const repositoryName = textAt(repository, 'name');
    const createdBy = objectAt(resource, 'createdBy');
    const data = compact({
      organizationUrl: notification.organizationUrl,
      project: projectOf(notification, { objects: [['repository', 'project']] }),
      repository: compact({
        id: keyAt(repository, 'id'),
        name: repositoryName,
        url: textAt(repository, 'url'),
        remoteUrl: textAt(repository, 'remoteUrl'),
      }),
      pullRequestId,
      status: textAt(resource, 'status'),
      mergeStatus: textAt(resource, 'mergeStatus'),
      sourceRefName: textAt(resource, 'sourceRefName'),
      targetRefName: textAt(resource, 'targetRefName'),
      title: textAt(resource, 'title'),
      lastMergeCommit: textAt(resource, 'lastMergeCommit', 'commitId'),
      lastMergeSourceCommit: textAt(resource, 'lastMergeSourceCommit', 'commitId'),
      lastMergeTargetCommit: textAt(resource, 'lastMergeTargetCommit', 'commitId'),
      closedDate: timeAt(resource, 'closedDate'),
      createdBy: createdBy
        ? compact({
            id: keyAt(createdBy, 'id'),
            displayName: textAt(createdBy, 'displayName'),
            uniqueName: textAt(createdBy, 'uniqueName'),
          })
        : undefined,
      url: textAt(resource, 'url'),
    });
    const issues = [
      ...(pullRequestId === undefined || pullRequestId === 0
        ? ['resource.pullRequestId: a pull-request event needs the pull request id (a positive integer)']
        : []),
      ...(repositoryName ? [] : ['resource.repository.name: a pull-request event needs the repository name']),
    ];
    const repositoryKey = keyAt(repository, 'id') ?? repositoryName;
    return { contract, data, subject: `repositories/${repositoryKey}/pullrequests/${pullRequestId}`, issues };
  };
}
