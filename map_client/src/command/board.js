// The command board (GET /api/events/{id}/board/): everything the command view shows beside the
// map layers, fetched once and again whenever a live change touches it. Changes arrive in batches
// (LiveChanges); several in a row cost one refetch (debounced), and a refetch never overlaps another.
export const BOARD_RECORDS = new Set(['instruction', 'instruction_ack', 'event_report', 'task', 'check_in', 'shelter_opening']);
export const BOARD_LAYERS = new Set(['personnel_positions', 'events', 'warnings', 'shelters']);

/** True when a batch of live changes may change what the board shows. */
export function touchesBoard(changes) {
  return (changes || []).some((c) => c && ((c.record && BOARD_RECORDS.has(c.record)) || (c.layer && BOARD_LAYERS.has(c.layer))));
}

export class BoardFeed {
  /**
   * `load()` → promise of the board; `onBoard(board, reason)` after each successful load;
   * `onError(err)` when a load fails (the panels keep what they show).
   */
  constructor({ load, onBoard, onError = () => {}, debounce = 250 }) {
    this.load = load;
    this.onBoard = onBoard;
    this.onError = onError;
    this.debounce = debounce;
    this.loads = 0;
    this.pending = null;
    this.running = null;
    this.again = false;
  }

  /** Loads now (the first load, or after a form was sent). */
  async refresh(reason = 'refresh') {
    if (this.running) {
      this.again = true; // one more load after this one, with whatever changed meanwhile
      return this.running;
    }
    this.running = (async () => {
      try {
        const board = await this.load();
        this.loads += 1;
        this.board = board;
        this.onBoard(board, reason);
      } catch (err) {
        this.onError(err);
      } finally {
        this.running = null;
      }
      if (this.again) {
        this.again = false;
        await this.refresh(reason);
      }
    })();
    return this.running;
  }

  /** A live batch: refetch once after `debounce` ms if it concerns the board. */
  changed(changes) {
    if (!touchesBoard(changes)) return false;
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.refresh('live'), this.debounce);
    return true;
  }

  stop() {
    clearTimeout(this.pending);
  }
}
