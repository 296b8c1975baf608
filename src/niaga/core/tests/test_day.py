"""A date in the API is a day as the document says: "2026-11-11", never a number of seconds."""

import datetime as dt

import pytest
from ninja import Schema
from pydantic import ValidationError

from niaga.core.schemas import Day


class Query(Schema):
    until: Day | None = None


def test_an_iso_day_is_read():
    assert Query(until="2026-11-11").until == dt.date(2026, 11, 11)


@pytest.mark.parametrize("value", [0, "0", 1731283200, "11-11-2026", "2026-11-11T00:00"])
def test_anything_else_is_refused_in_bahasa_indonesia(value):
    with pytest.raises(ValidationError) as refused:
        Query(until=value)
    assert refused.value.errors()[0]["msg"] == "Tanggal harus berformat TTTT-BB-HH."
