export const USAGE = `Usage:
  dead-letters list [--subscription <topic/name>] [--show-body] [--json] [--limit <1-1000>] [--after <cursor>]
  dead-letters resubmit --subscription <topic/name> (--id <message id> [--id ...] | --all) [--json]
  dead-letters purge --subscription <topic/name> (--id <message id> [--id ...] | --all) [--json]

Where the bus is:
  --url <http://host:port>   the running switchyard process (npm start: http://127.0.0.1:8080);
                             also SWITCHYARD_URL. Uses its /admin/dead-letters API, which only the
                             embedded bus of npm start serves.
  --key <hook key>           a hook key that process accepts; prefer SWITCHYARD_ADMIN_KEY (a flag
                             shows in the process list).
  Without --url: BUS=servicebus with SERVICEBUS_FQDN (DefaultAzureCredential) or
  SERVICEBUS_CONNECTION_STRING reads the dead-letter sub-queues directly.

list shows id, type, reason, enqueued time, delivery count, last error, resubmitted-from and description
of dead letters, oldest first, one page per subscription (all declared subscriptions when --subscription
is omitted).
--limit sets the page size (default 100). When a subscription has more, list prints a
"next page" line with its cursor: pass it as --after together with that --subscription.
Message bodies may hold customer data, so they are shown only with --show-body.
resubmit puts dead letters back on their own subscription only, after you fixed the cause. Each goes
back as a new message (id <id>#resubmit-<n>, enqueued now): one that fails again is listed under that
id, with RESUBMITTED FROM naming the dead letter it was made from.
purge deletes dead letters for good (ones that can never succeed) and prints the id and reason of each;
each is also logged as a messaging.dead-letter.purged line (by the running process, or on Service Bus
on this command's stderr). There is no undo: list them first.

Exit codes: 0 done; 1 failed (unreachable, refused key, unknown subscription, no given id resubmitted or
purged, a run that stopped before it was done: run it again); 2 wrong usage.`;
