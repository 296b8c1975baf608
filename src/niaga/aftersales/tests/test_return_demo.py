"""The demo's return (make run) can really be sent back: the demo buyer books it with a
courier of the simulator, from their address to the demo store's warehouse."""

import io

import pytest
from django.core.management import call_command

from niaga.aftersales import returns
from niaga.aftersales.models import Complaint
from niaga.aftersales.status import Status
from niaga.sandbox.models import Parcel

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_return_waits_for_the_buyer_and_can_be_booked(sandbox, default_categories):
    call_command("load_demo", stdout=io.StringIO())
    complaint = Complaint.objects.get(status=Status.RETURN_REQUESTED)
    assert returns.case_for(complaint).return_by > complaint.created_at
    options = returns.return_options(complaint)
    leg = returns.book_return(complaint=complaint, buyer=complaint.buyer, courier_code=options[0].code)
    parcel = Parcel.objects.get(waybill=leg.awb)
    assert parcel.origin_area_id == complaint.buyer.addresses.first().regency_code
    assert parcel.destination_area_id == complaint.store.city_code
