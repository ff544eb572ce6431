import { compact, firstDefined, keyAt, objectAt, textAt } from './json-access';
import type { Notification } from './notification';

/** The docs samples (and some payloads) carry the empty GUID where they have no project id. */
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const realId = (id: string | undefined) => (id === EMPTY_GUID ? undefined : id);

/** The project reference: the resource's own project object, else the project container id, else `resource.projectId`. */
export function projectOf(notification: Notification, ...candidates: string[][]) {
  const paths = [...candidates, ['project']];
  const projects = paths.map((path) => objectAt(notification.resource, ...path));
  return compact({
    id: firstDefined(
      ...projects.map((project) => realId(keyAt(project, 'id'))),
      realId(notification.projectId),
      realId(keyAt(notification.resource, 'projectId')),
    ),
    name: firstDefined(...projects.map((project) => textAt(project, 'name'))),
  });
}
