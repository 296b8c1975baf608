"""The fault switchboard: /sandbox/faults (JSON, server key) and /sandbox/gangguan/ (page)."""

import datetime as dt

import pytest

from niaga.core import clock
from niaga.sandbox import notify, services
from niaga.sandbox.models import NotificationDelivery, Transaction

from .helpers import Api, assert_signed, charge_body

pytestmark = pytest.mark.django_db

OFF = {
    "charge_503": 0, "duplicate_notifications": 0, "out_of_order": False, "delay_seconds": 0,
    "reverse_settlement": False, "refund_414": 0,
}  # fmt: skip


def later(seconds: float):
    return clock.travel(dt.timedelta(seconds=seconds))


def statuses(receiver) -> list[str]:
    return [b["transaction_status"] for b in receiver.bodies]


def test_read_set_and_clear(api):
    response = api.faults()
    assert response.status_code == 200
    assert response.json() == {"status_code": "200", "status_message": "OK, sandbox faults", "faults": OFF}
    body = api.faults("post", {"charge_503": 2, "out_of_order": True}).json()
    assert body["faults"] == {**OFF, "charge_503": 2, "out_of_order": True}
    body = api.faults("post", {"delay_seconds": 5}).json()  # the others keep their values
    assert body["faults"] == {**OFF, "charge_503": 2, "out_of_order": True, "delay_seconds": 5}
    assert api.faults().json()["faults"] == body["faults"]
    assert api.faults("delete").json()["faults"] == OFF
    assert api.faults().json()["faults"] == OFF


@pytest.mark.parametrize("body", ["not json", "[1]"])
def test_switches_that_cannot_be_parsed_are_413_and_change_nothing(api, body):
    response = api.faults("post", body)
    assert response.status_code == 413 and response.json()["status_code"] == "413"
    assert api.faults().json()["faults"] == OFF


@pytest.mark.parametrize(
    "body",
    [
        {"charge_503": -1},
        {"charge_503": "2"},
        {"charge_503": True},
        {"duplicate_notifications": 11},
        {"out_of_order": "yes"},
        {"delay_seconds": 1.5},
        {"explode": True},
        {"charge_503\u0000": 1},
    ],
)
def test_bad_switches_are_400_and_change_nothing(api, body):
    response = api.faults("post", body)
    assert response.status_code == 400 and response.json()["status_code"] == "400"
    assert response.json()["validation_messages"]
    assert api.faults().json()["faults"] == OFF


def test_the_switchboard_needs_the_server_key(client):
    wrong = Api(client, key="SB-Mid-server-someone-else")
    assert wrong.faults().status_code == 401
    assert wrong.faults("post", {"charge_503": 5}).status_code == 401
    assert client.post("/sandbox/faults", data="{}", content_type="application/json").status_code == 401
    assert Api(client).faults().json()["faults"] == OFF
    assert Api(client).faults("put", {}).status_code == 405


def test_charge_503_fails_the_next_n_charges(api, client):
    api.faults("post", {"charge_503": 2})
    assert Api(client, key="wrong").charge(charge_body()).status_code == 401  # does not use one up
    for _ in range(2):
        response = api.charge(charge_body())
        assert response.status_code == 503 and response.json()["status_code"] == "503"
    assert Transaction.objects.count() == 0
    assert api.faults().json()["faults"]["charge_503"] == 0
    assert api.charge(charge_body()).status_code == 200


def test_duplicate_notifications(api, receiver, django_capture_on_commit_callbacks):
    api.charge(charge_body())
    api.faults("post", {"duplicate_notifications": 3})  # after the charge: its "pending" is sent once
    with django_capture_on_commit_callbacks(execute=True):
        services.settle(Transaction.objects.get())
    with later(5):
        notify.send_due()
    assert sorted(statuses(receiver)) == ["pending"] + ["settlement"] * 3
    settlements = [b for b in receiver.bodies if b["transaction_status"] == "settlement"]
    assert settlements[0] == settlements[1] == settlements[2]
    assert_signed(settlements[0])


def test_out_of_order_sends_pending_after_the_next_status(api, receiver, django_capture_on_commit_callbacks):
    api.faults("post", {"out_of_order": True})
    api.charge(charge_body())
    with later(60):
        assert notify.send_due() == 0  # the pending notification is held
    assert NotificationDelivery.objects.get().held
    with django_capture_on_commit_callbacks(execute=True):
        services.settle(Transaction.objects.get())
    assert statuses(receiver) == ["settlement"]
    with later(notify.RELEASE_GAP + 0.5):
        assert notify.send_due() == 1
    assert statuses(receiver) == ["settlement", "pending"]
    assert_signed(receiver.bodies[1])


def test_delay_seconds_delivers_late(api, receiver, django_capture_on_commit_callbacks):
    api.charge(charge_body())
    with later(3):
        notify.send_due()
    receiver.bodies.clear()
    api.faults("post", {"delay_seconds": 30})
    with django_capture_on_commit_callbacks(execute=True):
        services.settle(Transaction.objects.get())
    assert receiver.bodies == []
    with later(20):
        assert notify.send_due() == 0
    with later(31):
        assert notify.send_due() == 1
    assert statuses(receiver) == ["settlement"]


@pytest.mark.parametrize(
    ("payment_type", "extra"), [("permata", {}), ("echannel", {}), ("cstore", {"cstore": {"store": "indomaret"}})]
)
def test_reverse_settlement_denies_after_settling(
    api, receiver, django_capture_on_commit_callbacks, payment_type, extra
):
    api.charge(charge_body(payment_type, **extra))
    with later(3):
        notify.send_due()
    receiver.bodies.clear()
    api.faults("post", {"reverse_settlement": True})
    with django_capture_on_commit_callbacks(execute=True):
        services.settle(Transaction.objects.get())
    assert statuses(receiver) == ["settlement"]
    with later(services.REVERSAL_DELAY + 1):
        notify.send_due()
    assert statuses(receiver) == ["settlement", "deny"]
    deny = receiver.bodies[1]
    assert deny["status_code"] == "202" and deny["settlement_time"] == receiver.bodies[0]["settlement_time"]
    assert_signed(deny)
    assert api.status("ORDER-1").json()["transaction_status"] == "deny"


@pytest.mark.parametrize("payment_type", ["bank_transfer", "cstore-alfamart", "gopay"])
def test_reverse_settlement_leaves_other_channels_alone(api, payment_type):
    extra = {"cstore": {"store": "alfamart"}} if payment_type == "cstore-alfamart" else {}
    api.charge(charge_body(payment_type.split("-")[0], **extra))
    api.faults("post", {"reverse_settlement": True})
    services.settle(Transaction.objects.get())
    assert Transaction.objects.get().status == "settlement"


def test_gangguan_page_sets_and_clears(client, api):
    page = client.get("/sandbox/gangguan/").content.decode()
    for name in OFF:
        assert f'name="{name}"' in page
    assert "Simpan Gangguan" in page
    data = {"charge_503": "1", "duplicate_notifications": "2", "delay_seconds": "0", "out_of_order": "on"}
    response = client.post("/sandbox/gangguan/", data)
    assert "Gangguan disimpan" in response.content.decode()
    assert api.faults().json()["faults"] == {**OFF, "charge_503": 1, "duplicate_notifications": 2, "out_of_order": True}
    response = client.post("/sandbox/gangguan/", {"clear": "1"})
    assert "dimatikan" in response.content.decode()
    assert api.faults().json()["faults"] == OFF


def test_gangguan_page_bad_input_changes_nothing(client, api):
    response = client.post(
        "/sandbox/gangguan/", {"charge_503": "-1", "duplicate_notifications": "x", "delay_seconds": ""}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"charge_503", "duplicate_notifications", "delay_seconds"}
    assert api.faults().json()["faults"] == OFF
