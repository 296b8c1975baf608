"""The operator records the month's deposit (setoran) to the tax office: posted once from
tax-payable to the tax office, never more than the month still owes, audited, and shown per
month beside what was collected and reversed."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from niaga.audit.models import Event
from niaga.core import clock
from niaga.core.errors import Conflict
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.ledger.models import Transaction
from niaga.payments import money
from niaga.tax import deposits, selectors
from niaga.tax.models import Deposit

BILLING = "123456789012345"  # a kode billing: 15 digits
NTPN = "0A1B2C3D4E5F6G7H"


@pytest.fixture
def month(paid, make_store):
    """This month: 500 + 300 collected, 100 reversed; 700 owed to the tax office."""
    store = make_store()
    one = paid(store=store, price=100_000)
    paid(store=store, price=60_000)
    money.refund(order=one, amount=20_000, key="r-deposit", reason="Sebagian")
    return timezone.localdate(clock.now()).replace(day=1)


@pytest.fixture
def operator(make_user):
    user = make_user("Operator Pajak")
    user.is_staff = True
    user.save()
    return user


def today():
    return timezone.localdate(clock.now())


def record(period, amount, operator, reference=BILLING, on=None):
    return deposits.record_deposit(
        period=period, amount=amount, deposited_on=on or today(), reference=reference, operator=operator
    )


def test_a_deposit_moves_tax_payable_to_the_tax_office_once(month, operator):
    assert selectors.month_figures(month).outstanding == 700
    deposit = record(month, 500, operator)
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 200
    assert ledger.balance(acc.WORLD_TAX_OFFICE) == 500
    posting = Transaction.objects.get(key=deposit.key)
    assert posting.kind == "tax_pph22_deposit" and BILLING in posting.memo
    figures = selectors.month_figures(month)
    assert (figures.collected, figures.reversed, figures.deposited, figures.outstanding) == (800, 100, 500, 200)
    event = Event.objects.get(action="tax.deposit_recorded")
    assert event.actor == operator and event.changes["amount"] == 500

    again = record(month, 500, operator)  # recorded twice (a double click): nothing more
    assert again.pk == deposit.pk and Deposit.objects.count() == 1
    assert (
        ledger.balance(acc.WORLD_TAX_OFFICE) == 500 and Event.objects.filter(action="tax.deposit_recorded").count() == 1
    )
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def test_the_report_still_equals_the_ledger_and_deposits_reconcile_apart(month, operator):
    record(month, 700, operator)
    rows = selectors.monthly_report(month)
    assert sum(r.net for r in rows) == 700 == selectors.ledger_movement(month)
    assert selectors.ledger_deposited(month) == 700
    assert selectors.month_figures(month).outstanding == 0
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 0


def test_a_deposit_above_what_the_month_owes_is_refused_and_changes_nothing(month, operator):
    record(month, 500, operator)
    before = (Deposit.objects.count(), Transaction.objects.count(), Event.objects.count())
    with pytest.raises(deposits.DepositExceedsPayable) as refused:
        record(month, 201, operator, reference=NTPN)
    assert refused.value.status == 400 and "Rp200" in refused.value.fields["amount"]
    with pytest.raises(Conflict):  # the same reference, other figures
        record(month, 100, operator)
    assert (Deposit.objects.count(), Transaction.objects.count(), Event.objects.count()) == before
    assert ledger.balance(acc.TAX_PPH22_PAYABLE) == 200
    record(month, 200, operator, reference=NTPN.lower())  # exactly what is left: accepted
    assert selectors.month_figures(month).outstanding == 0


def test_a_month_with_nothing_collected_takes_no_deposit(operator):
    period = today().replace(day=1)
    with pytest.raises(deposits.DepositExceedsPayable):
        record(period, 1, operator)
    assert not Deposit.objects.exists() and ledger.balance(acc.WORLD_TAX_OFFICE) == 0


def test_the_operator_records_on_the_page_and_sees_each_month(month, operator, client, second_factor):
    second_factor(client, operator)
    url = reverse("tax:operator")
    data = {"period": f"{month:%Y-%m}", "amount": "300", "deposited_on": f"{today():%Y-%m-%d}", "reference": NTPN}
    answer = client.post(url, data)
    assert answer.status_code == 302 and answer["Location"].endswith(f"?bulan={month:%Y-%m}")
    html = client.get(url, {"bulan": f"{month:%Y-%m}"}).content.decode()
    assert 'id="tax-months"' in html and NTPN in html and "sama dengan catatan setoran" in html
    assert 'id="outstanding">Rp400<' in html

    too_much = client.post(url, {**data, "amount": "401", "reference": BILLING})
    assert too_much.status_code == 400 and "melebihi" in too_much.content.decode()
    assert Deposit.objects.count() == 1 and ledger.balance(acc.TAX_PPH22_PAYABLE) == 400

    body = b"".join(client.get(url, {"bulan": f"{month:%Y-%m}", "format": "csv"}).streaming_content)
    lines = {line[1]: line for line in csv.reader(io.StringIO(body.decode("utf-8-sig")))}
    assert (lines["JUMLAH"][-1], lines["DISETOR"][-1], lines["BELUM DISETOR"][-1]) == ("700", "300", "400")


def test_only_staff_record_a_deposit(month, client, make_user):
    client.force_login(make_user("Penjual"))
    data = {"period": f"{month:%Y-%m}", "amount": "300", "deposited_on": f"{today():%Y-%m-%d}", "reference": NTPN}
    answer = client.post(reverse("tax:operator"), data)
    assert answer.status_code == 302 and "/operator/pajak/" not in answer["Location"].split("?")[0]
    assert not Deposit.objects.exists() and ledger.balance(acc.WORLD_TAX_OFFICE) == 0
