"""What a load balancer and Prometheus see: /healthz, /readyz (database, cache, job queue)
and /metrics, and a request id on every answer."""

import json
import logging
import re

import pytest
from django.db import connection
from django.test import override_settings
from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily
from pythonjsonlogger.json import JsonFormatter

from niaga.core import metrics
from niaga.core.requestlog import RequestIdFilter, request_id


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert {k: v["ok"] for k, v in response.json()["checks"].items()} == {
        "database": True,
        "cache": True,
        "job_queue": True,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_readyz_fails_while_the_database_is_down_and_recovers(client):
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there: as if PostgreSQL went away
    try:
        down = client.get("/readyz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port
    assert down.status_code == 503 and down.json()["checks"]["database"]["ok"] is False
    assert "OperationalError" in down.json()["checks"]["database"]["error"]
    assert client.get("/readyz").status_code == 200


@pytest.mark.redis
@pytest.mark.django_db
def test_readyz_says_the_site_is_degraded_not_down_while_redis_is_down(client, settings):
    """Redis holds nothing the site cannot do without: the app server stays in the load
    balancer (200) and says what is missing."""
    dead = {
        "default": {
            "BACKEND": "niaga.core.rediscache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    with override_settings(CACHES=dead):
        down = client.get("/readyz")
    assert down.status_code == 200 and down.json()["status"] == "degraded"
    assert down.json()["degraded"] == ["cache"] and down.json()["checks"]["cache"]["ok"] is False
    back = client.get("/readyz")
    assert back.status_code == 200 and back.json()["status"] == "ok" and back.json()["degraded"] == [], back.json()


@pytest.mark.django_db
def test_metrics_expose_latency_by_route_orders_and_queue_depth(client, place, scrape_metrics):
    place()
    client.get("/")
    client.get("/healthz")
    text = scrape_metrics()
    assert re.search(
        r'niaga_http_request_duration_seconds_count\{method="GET",route="healthz",status="200"\} [1-9]', text
    )
    assert "niaga_orders_placed_total" in text and "niaga_job_queue_depth" in text
    assert "niaga_stockouts_total" in text and "niaga_flash_gate_total" in text


def test_an_app_adds_what_metrics_reads_at_scrape_time_without_core_knowing_it(client, monkeypatch, scrape_metrics):
    class SeatsLeft:  # what an app would register from its AppConfig.ready()
        def __init__(self):
            self.left = 3

        def collect(self):
            gauge = GaugeMetricFamily("niaga_test_seats_left", "Seats left")
            gauge.add_metric([], self.left)
            yield gauge

    monkeypatch.setattr(metrics, "_READ_AT_SCRAPE", CollectorRegistry())
    seats = SeatsLeft()
    metrics.register(seats)
    assert "niaga_test_seats_left 3.0" in scrape_metrics()
    seats.left = 1
    assert "niaga_test_seats_left 1.0" in scrape_metrics()  # read again at each scrape, not kept


def test_media_files_are_named_by_their_route_in_the_latency_figures(client, scrape_metrics):
    client.get("/media/foto-yang-tidak-ada.png")
    text = scrape_metrics()
    # (allauth's own routes are regular expressions, and are labelled by them: bounded all the same)
    media = [line for line in text.splitlines() if 'route="media/' in line]
    assert 'route="media/<path:path>"' in text and all("(?P<" not in line for line in media)


def test_metrics_are_closed_unless_a_token_is_set_and_sent(client, settings):
    settings.NIAGA_METRICS_TOKEN = ""
    closed = client.get("/metrics")
    assert closed.status_code == 403 and b"niaga_" not in closed.content
    # Behind a proxy every request comes from loopback: the address opens nothing.
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_AUTHORIZATION="Bearer ").status_code == 403
    settings.NIAGA_METRICS_TOKEN = "rahasia"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer salah").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer rahasia-panjang").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer rahasia").status_code == 200


@pytest.mark.django_db(databases="__all__")  # the operator's figures also read the reports replica
def test_the_operator_page_shows_the_metrics_without_the_token(client, settings, make_user, second_factor):
    settings.NIAGA_METRICS_TOKEN = ""
    operator = make_user("Operator")
    operator.is_staff = True
    operator.save()
    second_factor(client, operator)  # staff pages ask for a second factor (accounts.middleware)
    client.get("/healthz")
    data = client.get("/operator/data").json()
    assert any(route["route"] == "healthz" for route in data["routes"])


def test_every_answer_carries_a_request_id_and_keeps_a_sane_incoming_one(client):
    assert re.fullmatch(r"[0-9a-f]{32}", client.get("/healthz")["X-Request-ID"])
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234")["X-Request-ID"] == "lb-1234"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"] != "bad id\nwith newline"


def test_log_lines_are_json_with_the_request_id(client, capsys):
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"))
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("niaga.test")
    logger.addHandler(handler)
    token = request_id.set("abc123")
    try:
        logger.warning("stok habis")
    finally:
        request_id.reset(token)
        logger.removeHandler(handler)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["request_id"] == "abc123" and line["message"] == "stok habis"
