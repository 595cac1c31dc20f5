// Drives Gridwork's Open311 server through codeforamerica's node-open311 client library (JSON format;
// the library's XML helpers, sparkxml and xml2json, cannot be installed from the npm registry and are
// replaced by a no-op package in package.json's overrides).
// Usage: node drive.js <endpoint ending in /open311/v2/> <api_key> <jurisdiction_id> <lat> <long> <description>
// Prints one JSON object with what the library returned for each call.
'use strict';
const Open311 = require('open311');

const [endpoint, apiKey, jurisdiction, lat, lon, description] = process.argv.slice(2);
const client = new Open311({ endpoint: endpoint, jurisdiction: jurisdiction, apiKey: apiKey, format: 'json',
  discovery: endpoint + 'discovery.json' });

function call(fn, ...args) {
  return new Promise((resolve) => {
    fn.call(client, ...args, (err, data) => resolve({ err: err || null, data: data }));
  });
}

(async () => {
  const out = {};
  out.discovery = await call(client.serviceDiscovery);
  out.services = await call(client.serviceList);
  out.definition = await call(client.serviceDefinition, 'WATER_LEAK');
  out.created = await call(client.submitRequest, {
    service_code: 'WATER_LEAK', lat: lat, long: lon, description: description,
    phone: '13912345678', email: 'li.si@example.cn', first_name: '四', last_name: '李',
    attributes: { location_detail: '5栋地下车库' }
  });
  const id = out.created.data && out.created.data[0] && out.created.data[0].service_request_id;
  const token = out.created.data && out.created.data[0] && out.created.data[0].token;
  out.token = await call(client.token, token);
  out.one = await call(client.serviceRequest, id);
  out.list = await call(client.serviceRequests, { status: 'open', service_code: 'WATER_LEAK' });
  out.several = await call(client.serviceRequests, [id, 'GW000000-NOSUCH']);
  out.unknown = await call(client.serviceRequest, 'GW000000-NOSUCH');
  const wrong = new Open311({ endpoint: endpoint, jurisdiction: jurisdiction, apiKey: 'o311_wrong', format: 'json' });
  out.wrongKey = await new Promise((resolve) => wrong.submitRequest({ service_code: 'WATER_LEAK', lat: lat, long: lon,
    description: 'x' }, (err, data) => resolve({ err: err || null, data: data })));
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  process.stderr.write(String(e && e.stack || e));
  process.exit(2);
});
