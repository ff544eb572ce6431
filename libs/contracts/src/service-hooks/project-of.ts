import { compact, firstDefined, keyAt, objectAt, textAt } from './json-access';
import type { Notification } from './notification';

/** The project reference: the resource's own project object, else the project container id. */
export function projectOf(notification: Notification, ...candidates: string[][]) {
  const paths = [...candidates, ['project']];
  const projects = paths.map((path) => objectAt(notification.resource, ...path));
  return compact({
    id: firstDefined(...projects.map((project) => keyAt(project, 'id')), notification.projectId),
    name: firstDefined(...projects.map((project) => textAt(project, 'name'))),
  });
}
