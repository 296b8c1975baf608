"""How each action reads to a person, and which ones are a user's own security events."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "auth.login": "Masuk",
    "auth.login_failed": "Gagal masuk",
    "auth.logout": "Keluar",
    "mfa.added": "Verifikasi dua langkah ditambahkan",
    "mfa.removed": "Verifikasi dua langkah dihapus",
    "mfa.recovery_used": "Kode pemulihan dipakai",
    "password.changed": "Kata sandi diubah",
    "password.reset": "Kata sandi diatur ulang",
    "session.ended": "Sesi diakhiri",
    "token.created": "Token API dibuat",
    "token.revoked": "Token API dicabut",
    "account.locked": "Akun dikunci sementara",
    "account.unlocked": "Akun dibuka kembali",
    "bank.changed": "Rekening bank diubah",
    "payout.requested": "Penarikan saldo diajukan",
    "payout.approved": "Penarikan saldo disetujui",
    "payout.rejected": "Penarikan saldo ditolak",
    "refund.issued": "Dana dikembalikan",
    "order.moved_by_operator": "Pesanan diubah operator",
    "role.changed": "Peran diubah",
    "risk.decided": "Keputusan risiko",
    "data.exported": "Data pribadi diunduh",
    "data.deleted": "Akun dihapus (data dianonimkan)",
    "consent.changed": "Persetujuan pemasaran diubah",
}

# What a user sees of their own account at /akun/aktivitas/: who got in (or tried), and
# what changed how one gets in. Money and orders have their own pages.
SECURITY = (
    "auth.login",
    "auth.login_failed",
    "auth.logout",
    "mfa.added",
    "mfa.removed",
    "mfa.recovery_used",
    "password.changed",
    "password.reset",
    "session.ended",
    "token.created",
    "token.revoked",
    "account.locked",
    "account.unlocked",
    "bank.changed",
    "role.changed",
    "data.exported",
    "data.deleted",
    "consent.changed",
)


def label(action: str) -> str:
    return LABELS.get(action, action)
