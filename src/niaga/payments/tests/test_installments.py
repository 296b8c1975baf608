"""Instalments: the reason when a total is too small, the tenors offered and sent to the
gateway; PayLater instructions that ask for no choice the buyer cannot make."""

import pytest

from niaga.checkout.tests import sandbox_actions as person
from niaga.payments import instructions
from niaga.payments import services as payments
from niaga.payments.models import PaymentAttempt


def test_below_rp500_000_the_card_form_says_why_there_is_no_instalment(client, placed_order):
    buyer, group = placed_order("card")
    client.force_login(buyer)
    html = client.get(f"/pembayaran/{group.code}/").content.decode()
    assert "Cicilan kartu kredit tersedia mulai Rp500.000" in html
    assert 'id="installment_term"' not in html


def test_from_rp500_000_the_tenors_3_6_12_are_offered_with_the_monthly_amount(
    client, placed_order, make_store, make_product
):
    buyer, group = placed_order("card", product=make_product(make_store(), price=600_000))
    client.force_login(buyer)
    html = client.get(f"/pembayaran/{group.code}/").content.decode()
    assert 'id="installment_term"' in html and "Cicilan kartu kredit tersedia mulai" not in html
    for term in (3, 6, 12):
        assert f'<option value="{term}">{term} bulan × Rp' in html


def test_a_tenor_that_is_not_offered_is_refused_in_indonesian(client, placed_order, make_store, make_product):
    buyer, group = placed_order("card", product=make_product(make_store(), price=600_000))
    client.force_login(buyer)
    response = client.post(
        f"/pembayaran/{group.code}/kartu/", {"token_id": "tok", "card_exp": "12/30", "installment_term": "7"}
    )
    assert response.status_code == 400
    assert "Pilih cicilan 3, 6 atau 12 bulan." in response.content.decode()
    assert not group.payments.exists()


@pytest.mark.django_db(transaction=True)
def test_the_chosen_tenor_reaches_the_gateway(sandbox, checkout_group, make_store, make_product, client):
    group = checkout_group("card", product=make_product(make_store(), price=600_000))
    client.force_login(group.buyer)
    token = person.card_token(sandbox.url, "4811111111111114")["token_id"]
    response = client.post(
        f"/pembayaran/{group.code}/kartu/", {"token_id": token, "card_exp": "1230", "installment_term": "6"}
    )
    attempt = PaymentAttempt.objects.get(group=group)
    assert response.status_code == 302 and response["Location"] == attempt.redirect_url
    assert attempt.installment_term == 6
    answer = payments.get_gateway().status(attempt.gateway_order_id)
    assert answer["transaction_status"] == "pending"
    # The 3-D Secure page (the bank's) shows the tenor it was sent.
    assert "6 bulan" in person.confirm_3ds(attempt.redirect_url, otp="000000").text


@pytest.mark.parametrize("method", ["akulaku", "kredivo"])
def test_paylater_instructions_do_not_ask_for_a_tenor_niaga_cannot_send(method):
    attempt = PaymentAttempt(method=method, gross_amount=50_000, redirect_url="http://x/")
    steps = [step for items in instructions.steps(attempt).values() for step in items]
    assert steps and not any("Pilih tenor" in step for step in steps)
    assert any("setujui" in step for step in steps)


def test_the_checkout_page_says_under_the_card_when_instalments_start(
    client, make_user, make_store, make_product, make_address
):
    from niaga.cart import services as carts

    buyer = make_user("Pembeli")
    make_address(buyer)
    cart = carts.cart_for(user=buyer, create=True)
    small = make_product(make_store(), price=5000)
    carts.add_item(cart=cart, variant_id=small.variants.get().pk, quantity=1)
    client.force_login(buyer)
    assert "Cicilan kartu kredit tersedia mulai Rp500.000" in client.get("/checkout/").content.decode()
    big = make_product(small.store, name="Laptop Kuliah", price=700_000)
    carts.add_item(cart=cart, variant_id=big.variants.get().pk, quantity=1)
    assert "Bisa dicicil 3, 6 atau 12 bulan" in client.get("/checkout/").content.decode()
