// Hash routes of the phone app: #/today, #/tasks, #/report, #/nearby, #/inspections. When my day
// changes (live record, a write sent) the current view is redrawn, unless it holds input: then it
// only refreshes what it lists (`update`) or keeps itself (`keep`).
import { renderInspections } from './views/inspections.js';
import { renderNearby } from './views/nearby.js';
import { renderReport } from './views/report.js';
import { renderTasks } from './views/tasks.js';
import { renderToday } from './views/today.js';

export const VIEWS = { today: renderToday, tasks: renderTasks, report: renderReport, nearby: renderNearby, inspections: renderInspections };
export const DEFAULT_ROUTE = 'today';

export function routeOf(hash) {
  const name = String(hash || '').replace(/^#\/?/, '').split(/[/?]/)[0];
  return name in VIEWS ? name : DEFAULT_ROUTE;
}

export class Router {
  constructor(app, shell) {
    this.app = app;
    this.shell = shell;
    this.current = null;
    window.addEventListener('hashchange', () => this.show(routeOf(window.location.hash)));
    app.subscribe((what) => {
      if (what !== 'today' && what !== 'sharing') return;
      if (what === 'sharing' && this.current && this.current.route !== 'today') return;
      if (this.current && this.current.update) this.current.update();
      else if (!(this.current && this.current.keep) || !this.current.drawn) this.show(this.current ? this.current.route : routeOf(window.location.hash));
    });
  }

  show(route) {
    if (this.current && this.current.destroy) this.current.destroy();
    const container = this.shell.view;
    container.replaceChildren();
    container.dataset.route = route;
    this.shell.select(route);
    const result = VIEWS[route](this.app, container) || {};
    this.current = { route, ...result, drawn: true };
  }
}
