"""Passkeys (WebAuthn), with a software authenticator built here: an EC P-256 key that answers
the site's challenges as a phone or a security key would ("none" attestation, then signed
assertions). The relying party is the one in settings, so keys work on every subdomain."""

import hashlib
import json
import re
import secrets

import pytest
from allauth.mfa.models import Authenticator
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.cache import cache
from django.urls import reverse
from fido2.cose import ES256
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

from niaga.audit.models import Event

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-kuat-123"
RP_ID = "niaga.test"
ORIGIN = "https://www.niaga.test"


@pytest.fixture(autouse=True)
def _relying_party(settings):
    settings.NIAGA_WEBAUTHN_RP_ID = RP_ID
    settings.NIAGA_WEBAUTHN_RP_NAME = "Niaga"
    cache.clear()
    yield
    cache.clear()


class SoftAuthenticator:
    """A passkey in software: makes a credential for a challenge, then signs assertions with it."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = secrets.token_bytes(32)
        self.user_handle = b""
        self.counter = 0

    def create(self, options: dict, origin: str = ORIGIN) -> dict:
        public_key = options["publicKey"]
        self.user_handle = websafe_decode(public_key["user"]["id"])
        attested = AttestedCredentialData.create(
            Aaguid.NONE, self.credential_id, ES256.from_cryptography_key(self.key.public_key())
        )
        flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV | AuthenticatorData.FLAG.AT
        auth_data = AuthenticatorData.create(
            hashlib.sha256(public_key["rp"]["id"].encode()).digest(), flags, 0, attested
        )
        client_data = CollectedClientData.create("webauthn.create", public_key["challenge"], origin)
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "attestationObject": websafe_encode(AttestationObject.create("none", auth_data, {})),
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def get(self, options: dict, origin: str = ORIGIN, rp_id: str = RP_ID) -> dict:
        public_key = options["publicKey"]
        self.counter += 1
        flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV
        auth_data = AuthenticatorData.create(hashlib.sha256(rp_id.encode()).digest(), flags, self.counter)
        client_data = CollectedClientData.create("webauthn.get", public_key["challenge"], origin)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "authenticatorData": websafe_encode(auth_data),
                "signature": websafe_encode(signature),
                "userHandle": websafe_encode(self.user_handle),
            },
            "clientExtensionResults": {},
        }


def js_data(html: str) -> dict:
    found = re.search(r'<script id="js_data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the page carries no WebAuthn options"
    return json.loads(found.group(1))


def add_passkey(client, user, key: SoftAuthenticator, capture):
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_add_webauthn"))
    html = page.content.decode()
    assert page.status_code == 200 and "Tambah passkey" in html
    options = js_data(html)["creation_options"]
    assert options["publicKey"]["rp"] == {"id": RP_ID, "name": "Niaga"}
    with capture(execute=True):
        return client.post(
            reverse("mfa_add_webauthn"),
            {"name": "Ponsel saya", "passwordless": "on", "credential": json.dumps(key.create(options))},
        )


def test_a_passkey_is_added_with_a_software_authenticator(client, make_user, django_capture_on_commit_callbacks):
    user = make_user("Pembeli")
    key = SoftAuthenticator()
    added = add_passkey(client, user, key, django_capture_on_commit_callbacks)
    assert added.status_code == 302
    passkey = Authenticator.objects.get(user=user, type="webauthn")
    assert passkey.wrap().name == "Ponsel saya" and passkey.wrap().is_passwordless is True
    assert Authenticator.objects.filter(user=user, type="recovery_codes").exists()  # made with the first factor
    assert Event.objects.filter(user=user, action="mfa.added", changes__type="webauthn").exists()
    listing = client.get(reverse("mfa_list_webauthn")).content.decode()
    assert "Ponsel saya" in listing and "Passkey" in listing


def test_a_credential_for_another_site_is_refused(client, make_user, django_capture_on_commit_callbacks):
    user = make_user("Pembeli")
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    options = js_data(client.get(reverse("mfa_add_webauthn")).content.decode())["creation_options"]
    phished = SoftAuthenticator().create(options, origin="https://niaga-promo.example")
    answer = client.post(reverse("mfa_add_webauthn"), {"name": "x", "credential": json.dumps(phished)})
    assert answer.status_code == 200
    assert not Authenticator.objects.filter(user=user, type="webauthn").exists()


def test_sign_in_with_the_passkey_alone(client, make_user, django_capture_on_commit_callbacks):
    user = make_user("Pembeli")
    key = SoftAuthenticator()
    add_passkey(client, user, key, django_capture_on_commit_callbacks)
    client.logout()

    # the login page's script asks for a challenge, the key signs it, the form posts it
    asked = client.get(reverse("mfa_login_webauthn"), headers={"Accept": "application/json"})
    assert asked.status_code == 200
    signed_in = client.post(
        reverse("mfa_login_webauthn"), {"credential": json.dumps(key.get(asked.json()["request_options"]))}
    )
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Authenticator.objects.get(user=user, type="webauthn").last_used_at is not None


def test_a_signature_from_another_key_does_not_sign_in(client, make_user, django_capture_on_commit_callbacks):
    user = make_user("Pembeli")
    key = SoftAuthenticator()
    add_passkey(client, user, key, django_capture_on_commit_callbacks)
    client.logout()
    thief = SoftAuthenticator()
    thief.credential_id, thief.user_handle = key.credential_id, key.user_handle  # same ids, wrong private key
    options = client.get(reverse("mfa_login_webauthn"), headers={"Accept": "application/json"}).json()[
        "request_options"
    ]
    client.post(reverse("mfa_login_webauthn"), {"credential": json.dumps(thief.get(options))})
    assert "_auth_user_id" not in client.session


def test_a_passkey_is_a_step_up_before_a_payout(client, make_store, django_capture_on_commit_callbacks):
    store = make_store()
    key = SoftAuthenticator()
    add_passkey(client, store.owner, key, django_capture_on_commit_callbacks)
    assert client.get(reverse("seller:payout")).status_code == 200  # adding the key was a second factor
    client.logout()
    client.force_login(store.owner)  # a new session: no second factor yet
    asked = client.get(reverse("seller:payout"))
    assert asked["Location"] == f"{reverse('mfa_reauthenticate_webauthn')}?next=%2Ftoko-saya%2Fsaldo%2Ftarik%2F"
    page = client.get(asked["Location"]).content.decode()
    signed = key.get(js_data(page)["request_options"])
    done = client.post(
        reverse("mfa_reauthenticate_webauthn"), {"credential": json.dumps(signed), "next": reverse("seller:payout")}
    )
    assert done.status_code == 302 and done["Location"] == reverse("seller:payout")
    assert client.get(reverse("seller:payout")).status_code == 200
