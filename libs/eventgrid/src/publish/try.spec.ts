import { startLoopbackReceiver } from '../../test/loopback-receiver';
import { createOutcomePublisher } from './create-outcome-publisher';
it('x', async () => {
  const r = await startLoopbackReceiver({ statuses: [500] });
  const p = createOutcomePublisher({ EVENTGRID_ENDPOINT: r.endpoint, EVENTGRID_KEY: 'k1' }, { backoff: { baseMs: 10 } });
  p.publish({ specversion: '1.0', id: 'a', type: 't.v1', source: 'urn:x', time: new Date().toISOString(), correlationId: 'a', datacontenttype: 'application/json', data: { a: 1 } });
  await p.flush();
  console.log(JSON.stringify(r.requests, null, 1), p.stats());
  await p.close(); await r.close();
});
