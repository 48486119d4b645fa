// The one door for browser tests and the benchmark into a running page. It exists only when the
// caller asked for it: a Playwright init script sets `window.onemapTestHook = {}` before the page's
// scripts run (it survives sign-in redirects), or the address carries `?testhook`. Otherwise
// nothing is published and no global is made. Pages fill it through `exposeForTests`.

const QUERY_FLAG = 'testhook';

/** The hook object, or null when no test asked for one (always null outside a browser). */
export function testHook() {
  if (typeof window === 'undefined') return null;
  if (!window.onemapTestHook && new URLSearchParams(window.location.search).has(QUERY_FLAG)) {
    window.onemapTestHook = {};
  }
  return window.onemapTestHook || null;
}

/** Copies `values` onto the hook when there is one; returns the hook (or null). */
export function exposeForTests(values) {
  const hook = testHook();
  if (hook) Object.assign(hook, values);
  return hook;
}
