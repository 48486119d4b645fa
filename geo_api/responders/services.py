"""Writes of the responders domain: position samples (one or a batch) and check-ins."""
from __future__ import annotations

import contextlib
import json
import logging

import orjson
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from geo_api.common import prepared
from geo_api.common.errors import Conflict, InvalidInput
from geo_api.common.overload import is_overload

from .samples import Rejected, Sample, client_id_of, parse, too_fast
from .sharing import contexts

log = logging.getLogger(__name__)
SCOPE = "position"
MAX_BATCH = 1000


@dataclass
class PositionPost:
    """One request's samples. The view hands over one; the group commit (ingest.py) many
    requests' at once, each with its own audit actor/route and the language of its answer."""

    user: Any
    samples: Any
    own_responder_id: int | None
    audit: tuple[str, str] | None = None  # (actor, route); None: the connection's (the middleware's)
    language: str | None = None           # None: the active language


def positions_ingest(*, user, samples: list, own_responder_id: int | None) -> dict:
    """Store what can be trusted, flag what is doubtful, reject what cannot be a position.

    `own_responder_id`: the signed-in responder posting for themself (their samples may not name
    another responder); None for a tracker, whose samples each name their `responder`.
    Answers {"accepted": n, "flagged": [{client_id, reason}], "rejected": [{client_id, reason, detail}]};
    a sample whose client_id was seen before is answered as it was the first time."""
    answer = positions_ingest_many(posts=[PositionPost(user, samples, own_responder_id)])[0]
    if isinstance(answer, Exception):
        raise answer
    return answer


def positions_ingest_many(*, posts: list[PositionPost]) -> list[dict | Exception]:
    """positions_ingest for many requests with one read and one write for all: each post gets
    its own answer, or the exception that refused it (InvalidInput: nothing of it was stored).
    If the shared write fails, each post is written on its own, so one post's failure does not
    lose the others' samples; a post is stored whole or not at all."""
    now = timezone.now()
    answers: list[dict | Exception | None] = [None] * len(posts)
    outcomes: list[dict[int, dict]] = [{} for _ in posts]  # per post: sample index -> answer
    parsed: list[tuple[int, Sample]] = []
    # One language switch per language, not per request: switching (asgiref's Local) was a tenth
    # of a batch's Python time at 1,000 phones.
    by_language: dict[str | None, list[int]] = {}
    for p, post in enumerate(posts):
        by_language.setdefault(post.language, []).append(p)
    for language, group in by_language.items():
        with _language(language):
            for p in group:
                post = posts[p]
                try:
                    _check_count(post.samples)
                except InvalidInput as exc:
                    answers[p] = exc
                    continue
                for index, raw in enumerate(post.samples):
                    try:
                        parsed.append((p, _own(parse(index, raw, now), post.own_responder_id)))
                    except Rejected as exc:
                        outcomes[p][index] = _answer(client_id_of(raw), "rejected", exc.reason, exc.message)

    # Reads first, then one statement that claims the client ids and writes the history, and one
    # that moves the latest positions.
    known = contexts(sorted({s.responder_id for _, s in parsed}))
    trusted_last = {rid: (c.latest_lon, c.latest_lat, c.latest_at) for rid, c in known.items() if c.latest_at}
    stored: list[tuple[int, Sample]] = []
    for p, sample in sorted(parsed, key=lambda ps: (ps[1].responder_id, ps[1].recorded_at)):
        answer = _judge(sample, known.get(sample.responder_id), trusted_last, posts[p].language)
        outcomes[p][sample.index] = answer
        if answer["result"] != "rejected":
            stored.append((p, sample))
    live = [p for p in range(len(posts)) if answers[p] is None]
    try:
        _claim_and_write(posts, outcomes, stored, live)
    except DatabaseError as exc:
        if len(live) < 2 or is_overload(exc):
            raise
        log.warning("positions: a shared write of %s requests failed (%s); writing each alone", len(live), exc)
        for p in live:
            try:
                answers[p] = positions_ingest_many(posts=[posts[p]])[0]
            except DatabaseError as alone:
                answers[p] = alone
        return answers
    for p in live:
        answers[p] = _summary(outcomes[p])
    return answers


def _language(language: str | None):
    return translation.override(language) if language else contextlib.nullcontext()


def _check_count(samples) -> None:
    if not isinstance(samples, list) or not samples:
        raise InvalidInput(_('Send one sample or {"samples": [...]} with at least one.'), errors={"samples": [_("Required.")]})
    if len(samples) > MAX_BATCH:
        raise InvalidInput(_("At most %(n)s samples per request; send the rest in another.") % {"n": MAX_BATCH},
                           errors={"samples": [_("Too many.")]})


def _own(sample: Sample, own_responder_id: int | None) -> Sample:
    if own_responder_id is not None:
        if sample.responder_id not in (None, own_responder_id):
            raise Rejected("not_yours", _("You may send only your own position."))
        sample.responder_id = own_responder_id
    elif sample.responder_id is None:
        raise Rejected("invalid", _("A tracker names the responder of each sample (responder)."))
    return sample


def _judge(sample: Sample, context, trusted_last: dict, language: str | None) -> dict:
    """The answer for one parsed sample (its messages in `language`); moves the responder's last
    trusted position along."""
    if context is None:
        with _language(language):
            return _answer(sample.client_id, "rejected", "unknown_responder",
                           _("No responder %(id)s.") % {"id": sample.responder_id})
    if not context.may_share:
        with _language(language):
            return _answer(sample.client_id, "rejected", "not_sharing", _(
                "Location is shared only while on duty or assigned to an event or task."))
    sample.event_id = context.event_id
    last = trusted_last.get(sample.responder_id)
    if not sample.flag and last is not None and too_fast(sample, *last):
        sample.flag = "speed_jump"
    if not sample.flag and (last is None or sample.recorded_at >= last[2]):
        trusted_last[sample.responder_id] = (sample.lon, sample.lat, sample.recorded_at)
    return _answer(sample.client_id, "flagged" if sample.flag else "accepted", sample.flag)


def _answer(client_id, result: str, reason: str = "", detail: str = "") -> dict:
    answer = {"client_id": client_id if isinstance(client_id, str) else None, "result": result}
    if reason:
        answer["reason"] = reason
    if detail:
        answer["detail"] = detail
    return answer


def _claim_and_write(posts: list[PositionPost], outcomes: list[dict[int, dict]], stored: list[tuple[int, Sample]],
                     live: list[int]) -> None:
    """Claim each (account, client id) with its answer (ON CONFLICT DO NOTHING) and store the
    samples whose id was claimed now (or that have none) in the history, in one statement; then,
    from the newest trusted one per responder, the latest position if newer than what is there
    (onemap_positions_latest, migration 0005: one upsert per responder under the audit actor of
    the request it came from). A client id seen before (another request, or twice in this batch)
    is answered as it was the first time and its sample is not stored again. A concurrent
    duplicate waits on the unique index until the first commits, then finds its id taken."""
    keyed: dict[tuple[int, int], tuple[int, str]] = {}  # (post, sample index) -> (account, client id)
    for p in live:
        for index, answer in outcomes[p].items():
            if answer["client_id"]:
                keyed[(p, index)] = (posts[p].user.pk, answer["client_id"])
    first: dict[tuple[int, str], tuple[int, int]] = {}
    for spot in sorted(keyed):
        first.setdefault(keyed[spot], spot)
    stored = [(p, s) for p, s in stored if p in set(live) and first.get(keyed.get((p, s.index)), (p, s.index)) == (p, s.index)]
    previous: dict[tuple[int, str], dict] = {}
    if first or stored:
        # One JSON document per statement, not a dozen arrays: psycopg builds arrays in Python,
        # element by element (high in a cProfile of bench/positions.py, BENCH_PROFILE).
        samples = orjson.dumps([
            {"user_id": posts[p].user.pk, "key": s.client_id, "responder_id": s.responder_id,
             "recorded_at": s.recorded_at, "lon": s.lon, "lat": s.lat, "accuracy_m": s.accuracy_m,
             "speed_mps": s.speed_mps, "heading": s.heading, "flag": s.flag, "event_id": s.event_id}
            for p, s in stored]).decode()
        claims = orjson.dumps([{"u": who, "k": key, "b": outcomes[p][i]} for (who, key), (p, i) in first.items()]).decode()
        with transaction.atomic(), connection.cursor() as cursor:
            # The audit trigger's NOTIFY makes every notifying commit in the cluster take one lock
            # in turn, held through the WAL flush: at 1 Hz per phone that lock, not the CPU, caps
            # ingest (bench/positions.py). A sample need not wait for the flush: on a database
            # crash the last ~0.6 s of acknowledged samples may be lost (never half of one), and
            # the next sample arrives a second later. Check-ins and everything else stay synchronous.
            cursor.execute("SET LOCAL synchronous_commit TO off")
            written = prepared.execute(
                "WITH c AS (INSERT INTO onemap_clientrequest (user_id, scope, key, status, body, created_at) "
                "  SELECT u, %s::text, k, 200, b, now() FROM jsonb_to_recordset(%s::jsonb) AS r(u bigint, k text, b jsonb) "
                "  ON CONFLICT (user_id, scope, key) DO NOTHING RETURNING user_id, key), "
                "s AS (SELECT * FROM jsonb_to_recordset(%s::jsonb) AS s(user_id bigint, key text, responder_id bigint, "
                "  recorded_at timestamptz, lon float8, lat float8, accuracy_m float8, speed_mps float8, heading float8, "
                "  flag text, event_id bigint) "
                "  WHERE s.key IS NULL OR (s.user_id, s.key) IN (SELECT user_id, key FROM c)), "
                "h AS (INSERT INTO onemap_positionreport (responder_id, recorded_at, geom, accuracy_m, speed_mps, heading, flag, event_id) "
                "  SELECT responder_id, recorded_at, ST_SetSRID(ST_MakePoint(lon, lat), 4326), accuracy_m, speed_mps, heading, flag, event_id FROM s) "
                "SELECT user_id, key FROM c",
                [SCOPE, claims, samples])
            claimed = {(who, key) for who, key in written.fetchall()}
            _write_latest(posts, [(p, s) for p, s in stored
                                  if s.client_id is None or (posts[p].user.pk, s.client_id) in claimed])
            seen = [k for k in first if k not in claimed]
            if seen:
                cursor.execute("SELECT r.user_id, r.key, r.body FROM onemap_clientrequest r "
                               "JOIN unnest(%s::bigint[], %s::text[]) AS q(u, k) ON r.user_id = q.u AND r.key = q.k "
                               "WHERE r.scope = %s", [[w for w, _k in seen], [k for _w, k in seen], SCOPE])
                previous = {(w, k): (b if isinstance(b, dict) else json.loads(b)) for w, k, b in cursor.fetchall()}
    for spot, key in keyed.items():
        p, index = spot
        if key in previous:
            outcomes[p][index] = previous[key]
        elif first[key] != spot:  # the same id twice: one sample, one answer
            outcomes[p][index] = outcomes[first[key][0]][first[key][1]]


def _write_latest(posts: list[PositionPost], stored: list[tuple[int, Sample]]) -> None:
    """The newest trusted sample per responder becomes its latest position if newer than it."""
    newest: dict[int, tuple[int, Sample]] = {}
    for p, s in stored:
        if not s.flag and (s.responder_id not in newest or s.recorded_at >= newest[s.responder_id][1].recorded_at):
            newest[s.responder_id] = (p, s)
    if not newest:
        return
    rows = orjson.dumps([
        {"actor": (posts[p].audit or (None, None))[0], "route": (posts[p].audit or (None, None))[1],
         "responder_id": s.responder_id, "recorded_at": s.recorded_at, "lon": s.lon, "lat": s.lat,
         "accuracy_m": s.accuracy_m, "speed_mps": s.speed_mps, "heading": s.heading, "event_id": s.event_id}
        for p, s in newest.values()]).decode()
    # array_agg over one pass keeps the columns' order aligned.
    prepared.execute(
        "SELECT onemap_positions_latest(array_agg(actor), array_agg(route), array_agg(responder_id), "
        "  array_agg(recorded_at), array_agg(lon), array_agg(lat), array_agg(accuracy_m), array_agg(speed_mps), "
        "  array_agg(heading), array_agg(event_id)) "
        "FROM jsonb_to_recordset(%s::jsonb) AS r(actor text, route text, responder_id bigint, recorded_at timestamptz, "
        "  lon float8, lat float8, accuracy_m float8, speed_mps float8, heading float8, event_id bigint)", [rows])


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
