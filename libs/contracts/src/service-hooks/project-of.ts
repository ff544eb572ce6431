import { EMPTY_GUID } from '../common/empty-guid';
import { compact, firstDefined, keyAt, objectAt, textAt } from './json-access';
import type { Notification } from './notification';
import { projectIdInUrls } from './project-id-in-urls';

// The docs samples (and some payloads) carry the empty GUID where they have no project id.
const realId = (id: string | undefined) => (id === EMPTY_GUID ? undefined : id);

export interface ProjectSources {
  /** Paths (under `resource`) of project objects to try before `resource.project`. */
  objects?: string[][];
  /** Paths (under `resource`) of the resource's own links, for a project GUID when nothing else names one. */
  urls?: string[][];
}

/**
 * The project reference: the resource's own project object, else the project container id, else
 * `resource.projectId`; when none of them names a project, the project GUID in the resource's links.
 */
export function projectOf(notification: Notification, sources: ProjectSources = {}) {
  const paths = [...(sources.objects ?? []), ['project']];
  const projects = paths.map((path) => objectAt(notification.resource, ...path));
  const project = compact({
    id: firstDefined(
      ...projects.map((project) => realId(keyAt(project, 'id'))),
      realId(notification.projectId),
      realId(keyAt(notification.resource, 'projectId')),
    ),
    name: firstDefined(...projects.map((project) => textAt(project, 'name'))),
  });
  if (project.id !== undefined || project.name !== undefined || !sources.urls) return project;
  return compact({ id: realId(projectIdInUrls(notification, sources.urls)) });
}
