// fauxqs names queues http://sqs.<region>.localhost:<port>/…, and the AWS SDK sends to a queue
// URL's own host. RFC 6761 reserves every *.localhost name for loopback, and some resolvers
// (systemd-resolved) answer so, but glibc's does not: this makes the local stack's processes and
// Lambda workers resolve them as the RFC says. Real AWS hostnames are untouched.
const dns = require('node:dns');

const LOOPBACK = { address: '127.0.0.1', family: 4 };
let installed = false;

function resolveLocalhostSubdomains() {
  if (installed) return;
  installed = true;
  const original = dns.lookup;
  dns.lookup = function lookup(...args) {
    const [hostname, options, callback] = args;
    if (typeof hostname !== 'string' || !hostname.endsWith('.localhost')) {
      return original.apply(this, args);
    }
    const done = typeof options === 'function' ? options : callback;
    const all = typeof options === 'object' && options !== null && options.all;
    process.nextTick(() => (all ? done(null, [LOOPBACK]) : done(null, LOOPBACK.address, LOOPBACK.family)));
  };
}

module.exports = { resolveLocalhostSubdomains };
