"""Notifications over the API: each user reads and marks only their own."""

import pytest

from niaga.accounts.services import issue_token
from niaga.notifications.models import Notification
from niaga.notifications.services import notify


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user)}"}


@pytest.mark.django_db
def test_marking_another_users_notification_read_is_not_found_and_leaves_it_unread(client, make_user):
    owner, other = make_user("Pemilik"), make_user("Lain")
    note = notify(user=owner, title="Pesanan dikirim", body="Paketmu sedang di jalan.", email=False)

    response = client.post(f"/api/v1/notifications/{note.pk}/read", **_bearer(other))

    assert response.status_code == 404
    assert response.json()["code"] == "notification_not_found"
    note.refresh_from_db()
    assert note.read_at is None


@pytest.mark.django_db
def test_marking_an_unknown_notification_read_is_not_found(client, make_user):
    response = client.post("/api/v1/notifications/999999/read", **_bearer(make_user()))
    assert response.status_code == 404


@pytest.mark.django_db
def test_marking_my_own_notification_read_twice_succeeds_both_times(client, make_user):
    owner = make_user("Pemilik")
    note = notify(user=owner, title="Pesanan dikirim", body="Paketmu sedang di jalan.", email=False)

    for _ in range(2):
        response = client.post(f"/api/v1/notifications/{note.pk}/read", **_bearer(owner))
        assert response.status_code == 200
    assert Notification.objects.get(pk=note.pk).read_at is not None
