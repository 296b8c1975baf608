"""Accounts that exist before e-mail verification keep signing in: their address counts as verified.

They registered when Niaga did not verify addresses, with the address they sign in with; allauth
(ACCOUNT_EMAIL_VERIFICATION = "mandatory") would otherwise stop each at its next sign-in.
"""

from django.db import migrations

BATCH = 1000


def verify_existing(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    with_address = set(EmailAddress.objects.values_list("user_id", "email"))
    with_primary = set(EmailAddress.objects.filter(primary=True).values_list("user_id", flat=True))
    rows = []
    for user_id, email in User.objects.values_list("pk", "email").iterator(chunk_size=BATCH):
        email = email.lower()
        if (user_id, email) in with_address:
            continue
        rows.append(EmailAddress(user_id=user_id, email=email, verified=True, primary=user_id not in with_primary))
        if len(rows) >= BATCH:
            EmailAddress.objects.bulk_create(rows)
            rows = []
    EmailAddress.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_indonesian_names"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify_existing, migrations.RunPython.noop)]
