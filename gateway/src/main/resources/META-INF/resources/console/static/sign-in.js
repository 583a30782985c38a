'use strict';
// Sign-in: checks the key with one API call before keeping it in this tab's session storage.
(function () {
  const dg = window.dialgate;
  dg.ready(() => {
    const form = document.getElementById('sign-in');
    const cred = dg.credential();
    if (cred) { window.location.replace(cred.role === 'operator' ? '/console/tenants' : '/console/agents'); return; }
    if (window.location.hash === '#expired') dg.fail(new Error('You were signed out: the key is no longer accepted.'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const role = form.elements.role.value;
      const secret = form.elements.secret.value.trim();
      if (!secret) { dg.fail(new Error('Enter an API key or the operator token.')); form.elements.secret.focus(); return; }
      try {
        await dg.api('GET', role === 'operator' ? '/admin/tenants?limit=1' : '/v1/pbx-hosts?limit=1', undefined, secret);
      } catch (e) {
        const what = role === 'operator' ? 'operator token' : 'API key';
        if (e.status === 401) dg.fail(new Error('Wrong ' + what + ': the gateway did not accept it. Check that you copied it whole'
          + (role === 'tenant' ? ' and that it was not revoked.' : '.')));
        else if (e.status === 403) dg.fail(new Error('This tenant is suspended: ' + e.message));
        else dg.fail(e);
        form.elements.secret.select();
        return;
      }
      dg.remember(role, secret);
      window.location.assign(role === 'operator' ? '/console/tenants' : '/console/agents');
    });
  });
}());
