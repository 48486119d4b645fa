"""bench/positions.py's figures from what the run recorded: latency per announced sample (numpy:
a 5-minute run hears 15 million changes), the split at the row's write, lost latest positions,
HTTP times, CPU."""
from __future__ import annotations

import numpy as np


def pct(values, p: float) -> float:
    if not len(values):
        return float("nan")
    values = np.sort(np.asarray(values, dtype=float))
    return float(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))])


def report(result: dict, announced: dict[int, tuple[float, float]], last: dict[int, int], responders: int,
           clients: int, seconds: float) -> dict:
    """`announced`: seq -> (recorded_at, written at) of the sample it announces; `last`: the last
    seq of each latest-position row (positions.audit_entries)."""
    seqs = np.array(sorted(announced), dtype=np.int64)
    recorded = np.array([announced[q][0] for q in seqs.tolist()])
    written = np.array([announced[q][1] for q in seqs.tolist()])
    last_rows = np.array(list(last), dtype=np.int64)
    last_seqs = np.array(list(last.values()), dtype=np.int64)
    latencies, to_row, to_socket, lost = [], [], [], 0
    for arrivals, rows, frame_seqs in result["received"]:
        arrivals, rows, frame_seqs = (np.frombuffer(a, dtype=t) for a, t in
                                      ((arrivals, np.float64), (rows, np.int64), (frame_seqs, np.int64)))
        reload_upto = frame_seqs[rows == 0].max(initial=0)  # a reload: everything up to its seq
        changes = rows != 0
        arrivals, rows, frame_seqs = arrivals[changes], rows[changes], frame_seqs[changes]
        spot = np.minimum(np.searchsorted(seqs, frame_seqs), max(len(seqs) - 1, 0))
        known = (seqs[spot] == frame_seqs) if len(seqs) else np.zeros(len(frame_seqs), bool)
        latencies.append((arrivals[known] - recorded[spot[known]]) * 1000)
        to_row.append((written[spot[known]] - recorded[spot[known]]) * 1000)
        to_socket.append((arrivals[known] - written[spot[known]]) * 1000)
        seen = np.zeros(int(max(rows.max(initial=0), last_rows.max(initial=0))) + 1, dtype=np.int64)
        np.maximum.at(seen, rows, frame_seqs)
        lost += int(np.count_nonzero(np.maximum(seen[last_rows], reload_upto) < last_seqs))
    latencies, to_row, to_socket = (np.concatenate(v) if v else np.array([]) for v in (latencies, to_row, to_socket))
    http = [t * 1000 for t in result["http_times"]]
    figures = {
        "responders": responders, "clients": clients, "seconds": seconds,
        "samples_sent": result["sent"], "samples_accepted": result["accepted"], "samples_per_s": round(result["sent"] / result["wall"], 1),
        "http_status": result["statuses"],
        "http_ms_p50": round(pct(http, 50), 1), "http_ms_p95": round(pct(http, 95), 1),
        "frames_changes": len(latencies),
        "latency_ms_p50": round(pct(latencies, 50), 1), "latency_ms_p95": round(pct(latencies, 95), 1),
        "latency_ms_p99": round(pct(latencies, 99), 1),
        "sample_to_row_ms_p50_p95": [round(pct(to_row, 50), 1), round(pct(to_row, 95), 1)],
        "row_to_socket_ms_p50_p95": [round(pct(to_socket, 50), 1), round(pct(to_socket, 95), 1)],
        "lost_latest": lost, "of_latest": len(last) * clients, "reloads": result["reloads"],
        "server_cpu_cores": round(result["cpu"], 2),
        "server_cpu_ms_per_sample": round(result["cpu"] * result["wall"] * 1000 / max(1, result["sent"]), 2),
        "postgres_cpu_cores": round(result["db_cpu"], 2),
        "postgres_cpu_ms_per_sample": round(result["db_cpu"] * result["wall"] * 1000 / max(1, result["sent"]), 2),
        "bench_client_cpu_cores": round(result["own_cpu"], 2),
        "load_average": result["load"],
    }
    return figures
