"""pygeoapi logs an empty vector tile (HTTP 204, the normal answer for a tile with no features)
as two ERROR records; on a map wall that is most tiles. Drop those two records, keep the rest."""
import logging

_EMPTY_TILE = ("HTTP 204 detected, suppressing content", "identifier not found")


class EmptyTileIsNotAnError(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in _EMPTY_TILE


def install() -> None:
    logging.getLogger("pygeoapi.api").addFilter(EmptyTileIsNotAnError())
