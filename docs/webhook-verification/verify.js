// Verifies a Dialgate webhook delivery (Standard Webhooks), with nothing but Node's standard library.
// Usage as a program: WEBHOOK_SECRET=whsec_... WEBHOOK_ID=... WEBHOOK_TIMESTAMP=... WEBHOOK_SIGNATURE=... \
//   node verify.js < raw-body   (exit 0: valid, 1: not)
const crypto = require('node:crypto');

function verify(secret, id, timestamp, signatures, rawBody, toleranceSeconds = 300) {
  const ts = Number.parseInt(timestamp, 10);
  if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > toleranceSeconds) return false; // replay window
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = crypto.createHmac('sha256', key).update(`${id}.${ts}.`).update(rawBody).digest();
  return signatures.split(' ').some((candidate) => {
    if (!candidate.startsWith('v1,')) return false;
    const given = Buffer.from(candidate.slice(3), 'base64');
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
}

module.exports = { verify };

if (require.main === module) {
  const chunks = [];
  process.stdin.on('data', (chunk) => chunks.push(chunk));
  process.stdin.on('end', () => {
    const env = process.env;
    const ok = verify(env.WEBHOOK_SECRET, env.WEBHOOK_ID, env.WEBHOOK_TIMESTAMP, env.WEBHOOK_SIGNATURE, Buffer.concat(chunks));
    console.log(ok ? 'valid' : 'invalid');
    process.exit(ok ? 0 : 1);
  });
}
