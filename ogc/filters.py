"""Early, explanatory checks of a CQL2 filter. pygeoapi answers any parse failure with a bare
"Bad CQL text"; the parser's own message says where the mistake is."""
import json

from pygeofilter.parsers.cql2_json import parse as parse_cql2_json
from pygeofilter.parsers.cql2_text import parse as parse_cql2_text

MAX_FILTER_LENGTH = 20_000


def filter_problem(text: str | None, language: str | None) -> str | None:
    """A sentence saying what is wrong with the filter, or None if it parses."""
    if text is None:
        return None
    if len(text) > MAX_FILTER_LENGTH:
        return f"The filter is longer than {MAX_FILTER_LENGTH} characters."
    try:
        if language == "cql2-json":
            parse_cql2_json(json.loads(text))
        else:
            parse_cql2_text(text)
    except json.JSONDecodeError as exc:
        return f"The filter is not valid JSON: {exc.msg} at character {exc.pos}."
    except Exception as exc:  # noqa: BLE001 - the parsers raise many unrelated types; all mean "bad filter"
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        kind = "CQL2 JSON" if language == "cql2-json" else "CQL2 text"
        return f"The filter is not valid {kind}: {detail[:300]}"
    return None
