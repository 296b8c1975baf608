"""The trail is append-only: nothing in the application (a loaded row, a queryset, the admin)
and, on PostgreSQL, nothing below it (raw SQL) changes or removes a recorded event."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from niaga import audit
from niaga.audit.models import AppendOnly, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_user):
    return audit.record("password.changed", actor=make_user(), note="lewat halaman akun")


def test_a_stored_event_cannot_be_saved_again_or_deleted(event):
    event.note = "diubah"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    assert Event.objects.get(pk=event.pk).note == "lewat halaman akun"


def test_bulk_updates_and_deletes_through_the_manager_are_refused(event):
    with pytest.raises(AppendOnly):
        Event.objects.filter(pk=event.pk).update(note="diubah")
    with pytest.raises(AppendOnly):
        Event.objects.update(note="diubah")
    with pytest.raises(AppendOnly):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnly):
        Event.objects.all().delete()
    with pytest.raises(AppendOnly):
        Event.objects.bulk_update([event], ["note"])
    assert Event.objects.filter(pk=event.pk, note="lewat halaman akun").exists()


def test_deleting_a_user_keeps_their_events_without_the_link(make_user):
    user = make_user()
    kept = audit.record("auth.login", actor=user)
    user.delete()
    kept = Event.objects.get(pk=kept.pk)
    assert (kept.action, kept.actor_id, kept.user_id) == ("auth.login", None, None)


def test_the_admin_shows_the_trail_and_offers_no_way_to_change_it(event, make_user, client, second_factor):
    operator = make_user("Operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    second_factor(client, operator)
    listing = client.get("/admin/audit/event/")
    assert listing.status_code == 200 and b"password.changed" in listing.content
    assert client.get("/admin/audit/event/add/").status_code == 403
    assert client.post(f"/admin/audit/event/{event.pk}/change/", {"note": "x"}).status_code == 403
    assert client.post(f"/admin/audit/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(
        "/admin/audit/event/", {"action": "delete_selected", "_selected_action": [event.pk]}
    ).status_code in (200, 302)
    assert Event.objects.filter(pk=event.pk, note="lewat halaman akun").exists()


@pytest.mark.postgres
def test_postgres_refuses_raw_updates_and_deletes_of_audit_rows(event):
    for sql in (
        "UPDATE audit_event SET note = 'diubah' WHERE id = %s",
        "UPDATE audit_event SET actor_id = NULL, note = 'diubah' WHERE id = %s",
        "DELETE FROM audit_event WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    assert Event.objects.filter(pk=event.pk, note="lewat halaman akun").exists()


@pytest.mark.postgres
def test_postgres_lets_a_deleted_users_link_go_empty_and_nothing_else(make_user):
    user = make_user()
    kept = audit.record("auth.login", actor=user)
    user.delete()  # Django's SET_NULL: the one UPDATE the trigger lets through
    assert Event.objects.filter(pk=kept.pk, actor=None, user=None, action="auth.login").exists()
