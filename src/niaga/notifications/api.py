import datetime as dt

from ninja import Router, Schema

from niaga.core.schemas import ERRORS, Ok

from . import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


@router.get("/notifications", response=list[NotificationOut])
def my_notifications(request):
    return list(selectors.for_user(request.user)[:100])


@router.post("/notifications/{notification_id}/read", response={200: Ok, **ERRORS})
def read(request, notification_id: int):
    note = selectors.notification_for(request.user, notification_id)
    services.mark_read(user=request.user, notification_id=note.pk)
    return Ok(message="Ditandai dibaca.")


@router.post("/notifications/read-all", response=Ok)
def read_all(request):
    n = services.mark_read(user=request.user)
    return Ok(message=f"{n} notifikasi ditandai dibaca.")
