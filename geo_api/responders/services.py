"""Writes of the responders domain: position samples (one or a batch) and check-ins."""
from __future__ import annotations

import json

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, InvalidInput

from .samples import Rejected, Sample, client_id_of, parse, too_fast
from .sharing import contexts

SCOPE = "position"
MAX_BATCH = 1000


def positions_ingest(*, user, samples: list, own_responder_id: int | None) -> dict:
    """Store what can be trusted, flag what is doubtful, reject what cannot be a position.

    `own_responder_id`: the signed-in responder posting for themself (their samples may not name
    another responder); None for a tracker, whose samples each name their `responder`.
    Answers {"accepted": n, "flagged": [{client_id, reason}], "rejected": [{client_id, reason, detail}]};
    a sample whose client_id was seen before is answered as it was the first time."""
    if not isinstance(samples, list) or not samples:
        raise InvalidInput(_('Send one sample or {"samples": [...]} with at least one.'), errors={"samples": [_("Required.")]})
    if len(samples) > MAX_BATCH:
        raise InvalidInput(_("At most %(n)s samples per request; send the rest in another.") % {"n": MAX_BATCH},
                           errors={"samples": [_("Too many.")]})
    now = timezone.now()
    outcome: dict[int, dict] = {}  # sample index -> {"client_id", "result", "reason", "detail"}
    parsed: list[Sample] = []
    for index, raw in enumerate(samples):
        try:
            sample = parse(index, raw, now)
            if own_responder_id is not None:
                if sample.responder_id not in (None, own_responder_id):
                    raise Rejected("not_yours", _("You may send only your own position."))
                sample.responder_id = own_responder_id
            elif sample.responder_id is None:
                raise Rejected("invalid", _("A tracker names the responder of each sample (responder)."))
            parsed.append(sample)
        except Rejected as exc:
            outcome[index] = _answer(client_id_of(raw), "rejected", exc.reason, exc.message)

    # Reads first, then one statement that claims the client ids and writes history and latest.
    known = contexts(sorted({s.responder_id for s in parsed}))
    trusted_last = {rid: (c.latest_lon, c.latest_lat, c.latest_at) for rid, c in known.items() if c.latest_at}
    stored: list[Sample] = []
    for sample in sorted(parsed, key=lambda s: (s.responder_id, s.recorded_at)):
        context = known.get(sample.responder_id)
        if context is None:
            outcome[sample.index] = _answer(sample.client_id, "rejected", "unknown_responder",
                                            _("No responder %(id)s.") % {"id": sample.responder_id})
            continue
        if not context.may_share:
            outcome[sample.index] = _answer(sample.client_id, "rejected", "not_sharing", _(
                "Location is shared only while on duty or assigned to an event or task."))
            continue
        sample.event_id = context.event_id
        last = trusted_last.get(sample.responder_id)
        if not sample.flag and last is not None and too_fast(sample, *last):
            sample.flag = "speed_jump"
        if not sample.flag and (last is None or sample.recorded_at >= last[2]):
            trusted_last[sample.responder_id] = (sample.lon, sample.lat, sample.recorded_at)
        outcome[sample.index] = _answer(sample.client_id, "flagged" if sample.flag else "accepted", sample.flag)
        stored.append(sample)
    _claim_and_write(user, outcome, stored)
    return _summary(outcome)


def _answer(client_id, result: str, reason: str = "", detail: str = "") -> dict:
    answer = {"client_id": client_id if isinstance(client_id, str) else None, "result": result}
    if reason:
        answer["reason"] = reason
    if detail:
        answer["detail"] = detail
    return answer


def _claim_and_write(user, outcome: dict[int, dict], stored: list[Sample]) -> None:
    """One statement: claim each client id with its answer (ON CONFLICT DO NOTHING), store the
    samples whose id was claimed now (or that have none) in the history and, from the newest
    trusted one per responder, the latest position if newer than what is there. A client id seen
    before (another request, or twice in this batch) is answered as it was the first time and
    its sample is not stored again. A concurrent duplicate waits on the unique index until the
    first commits, then finds its id taken."""
    keyed = {i: a["client_id"] for i, a in outcome.items() if a["client_id"]}
    first: dict[str, int] = {}
    for index in sorted(keyed):
        first.setdefault(keyed[index], index)
    in_batch_repeats = {i for i, key in keyed.items() if first[key] != i}
    stored = [s for s in stored if s.index not in in_batch_repeats]
    if first or stored:
        columns = [list(c) for c in zip(*[(s.client_id, s.responder_id, s.recorded_at, s.lon, s.lat, s.accuracy_m,
                                           s.speed_mps, s.heading, s.flag, s.event_id) for s in stored])] \
            or [[] for _ in range(10)]
        with transaction.atomic(), connection.cursor() as cursor:
            # The audit trigger's NOTIFY makes every notifying commit in the cluster take one lock
            # in turn, held through the WAL flush: at 1 Hz per phone that lock, not the CPU, caps
            # ingest (bench/positions.py). A sample need not wait for the flush: on a database
            # crash the last ~0.6 s of acknowledged samples may be lost (never half of one), and
            # the next sample arrives a second later. Check-ins and everything else stay synchronous.
            cursor.execute("SET LOCAL synchronous_commit TO off")
            cursor.execute(
                "WITH c AS (INSERT INTO onemap_clientrequest (user_id, scope, key, status, body, created_at) "
                "  SELECT %s, %s, k, 200, b::jsonb, now() FROM unnest(%s::text[], %s::text[]) AS r(k, b) "
                "  ON CONFLICT (user_id, scope, key) DO NOTHING RETURNING key), "
                "s AS (SELECT * FROM unnest(%s::text[], %s::bigint[], %s::timestamptz[], %s::float8[], %s::float8[], "
                "  %s::float8[], %s::float8[], %s::float8[], %s::text[], %s::bigint[]) "
                "  AS s(key, responder_id, recorded_at, lon, lat, accuracy_m, speed_mps, heading, flag, event_id) "
                "  WHERE s.key IS NULL OR s.key IN (SELECT key FROM c)), "
                "h AS (INSERT INTO onemap_positionreport (responder_id, recorded_at, geom, accuracy_m, speed_mps, heading, flag, event_id) "
                "  SELECT responder_id, recorded_at, ST_SetSRID(ST_MakePoint(lon, lat), 4326), accuracy_m, speed_mps, heading, flag, event_id FROM s), "
                "u AS (INSERT INTO onemap_responderposition (responder_id, recorded_at, geom, accuracy_m, speed_mps, heading, event_id) "
                "  SELECT DISTINCT ON (responder_id) responder_id, recorded_at, ST_SetSRID(ST_MakePoint(lon, lat), 4326), "
                "    accuracy_m, speed_mps, heading, event_id FROM s WHERE flag = '' ORDER BY responder_id, recorded_at DESC "
                "  ON CONFLICT (responder_id) DO UPDATE SET recorded_at = EXCLUDED.recorded_at, geom = EXCLUDED.geom, "
                "    accuracy_m = EXCLUDED.accuracy_m, speed_mps = EXCLUDED.speed_mps, heading = EXCLUDED.heading, "
                "    event_id = EXCLUDED.event_id "
                "  WHERE onemap_responderposition.recorded_at < EXCLUDED.recorded_at) "
                "SELECT key FROM c",
                [user.pk, SCOPE, list(first), [json.dumps(outcome[i], ensure_ascii=False) for i in first.values()],
                 *columns])
            claimed = {row[0] for row in cursor.fetchall()}
            seen = [k for k in first if k not in claimed]
            previous = {}
            if seen:
                cursor.execute("SELECT key, body FROM onemap_clientrequest WHERE user_id = %s AND scope = %s "
                               "AND key = ANY(%s)", [user.pk, SCOPE, seen])
                previous = {k: (b if isinstance(b, dict) else json.loads(b)) for k, b in cursor.fetchall()}
    else:
        previous = {}
    for index, key in keyed.items():
        if key in previous:
            outcome[index] = previous[key]
        elif first[key] != index:  # the same id twice in one batch: one sample, one answer
            outcome[index] = outcome[first[key]]


def _summary(outcome: dict[int, dict]) -> dict:
    answers = [outcome[i] for i in sorted(outcome)]
    return {
        "accepted": sum(1 for a in answers if a["result"] == "accepted"),
        "flagged": [{k: v for k, v in a.items() if k != "result"} for a in answers if a["result"] == "flagged"],
        "rejected": [{k: v for k, v in a.items() if k != "result"} for a in answers if a["result"] == "rejected"],
    }


def check_in_create(*, user, responder, event, lon, lat, accuracy_m=None, client_id=None) -> tuple[int, dict]:
    """到场签到: accepted only within settings.ONEMAP_CHECKIN_RADIUS_M of the event (PostGIS
    geography distance), recorded with that distance and on the event's timeline. Idempotent by
    client_id; a refused check-in is not stored, so a retry nearer the scene may succeed."""
    from geo_api.idempotency.services import once
    from geo_api.incidents.models import OPEN_STATUSES
    from geo_api.timeline.services import timeline_record

    from .models import CheckIn
    from .selectors import check_in_json

    def run():
        if event.status not in OPEN_STATUSES:
            raise Conflict(_("Event %(code)s is %(status)s; check-ins are for open events.")
                           % {"code": event.code, "status": event.get_status_display()})
        try:
            sample = parse(0, {"lon": lon, "lat": lat, "recorded_at": timezone.now().isoformat(),
                               "accuracy_m": accuracy_m}, timezone.now())
        except Rejected as exc:
            raise InvalidInput(exc.message, errors={"lon": [exc.message], "lat": [exc.message]}) from None
        limit = float(getattr(settings, "ONEMAP_CHECKIN_RADIUS_M", 500))
        with connection.cursor() as cursor:
            cursor.execute("SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) "
                           "FROM onemap_event WHERE id = %s", [sample.lon, sample.lat, event.pk])
            distance = cursor.fetchone()[0]
        if distance > limit:
            raise Conflict(_("You are %(d).0f m from the event; check in within %(limit).0f m of it.")
                           % {"d": distance, "limit": limit}, distance_m=round(distance, 1), limit_m=limit)
        from django.contrib.gis.geos import Point

        check_in = CheckIn.objects.create(event=event, responder=responder, at=timezone.now(),
                                          geom=Point(sample.lon, sample.lat, srid=4326),
                                          accuracy_m=sample.accuracy_m, distance_m=round(distance, 1))
        timeline_record(subject=event, kind="check_in", actor=user,
                        reason=_("%(name)s checked in %(d).0f m from the scene.") % {"name": responder.name, "d": distance},
                        payload={"check_in": check_in.pk, "responder": responder.pk, "distance_m": check_in.distance_m})
        return 201, check_in_json(check_in)

    return once(user=user, key=client_id, scope=f"check_in:{event.pk}", run=run)
