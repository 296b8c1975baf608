"""The fraud review's records: one Assessment per checkout (scored when its payment is verified)
and per payout (scored when requested), with its reasons and the operator's decision."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    CHECKOUT = "checkout", "Checkout"
    PAYOUT = "payout", "Penarikan saldo"


class Level(models.TextChoices):
    LOW = "low", "Rendah"
    MEDIUM = "medium", "Sedang"
    HIGH = "high", "Tinggi"


class Decision(models.TextChoices):
    PENDING = "pending", "Menunggu keputusan"
    RELEASED = "released", "Dilepas"
    REJECTED = "rejected", "Ditolak"


class Assessment(models.Model):
    """A risk score 0–100 from the rules in risk/rules.py (docs/risk.md), with each reason that
    fired. A high score waits for an operator (decision "pending"); the rest pass by themselves
    ("released" with nobody in decided_by)."""

    Kind, Level, Decision = Kind, Level, Decision

    kind = models.CharField("jenis", max_length=10, choices=Kind.choices)
    group = models.OneToOneField(
        "orders.OrderGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_assessment",
        verbose_name="transaksi",
    )
    payout = models.OneToOneField(
        "payments.Payout",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_assessment",
        verbose_name="penarikan",
    )
    # The account the case is about: the buyer of a checkout, the owner of a paying-out store.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risk_assessments", verbose_name="akun"
    )
    score = models.PositiveSmallIntegerField("skor")
    level = models.CharField("tingkat", max_length=10, choices=Level.choices)
    reasons = models.JSONField("alasan", default=list)  # [{"code", "text", "points"}]
    decision = models.CharField("keputusan", max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="diputuskan oleh",
    )
    decided_at = models.DateTimeField("diputuskan pada", null=True, blank=True)
    note = models.TextField("catatan", blank=True)
    created_at = models.DateTimeField("dinilai pada")

    class Meta:
        verbose_name = "tinjauan risiko"
        verbose_name_plural = "tinjauan risiko"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["decision", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="checkout", group__isnull=False, payout__isnull=True))
                | (Q(kind="payout", payout__isnull=False, group__isnull=True)),
                name="assessment_one_subject",
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="assessment_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_label} · {self.score}"

    @property
    def subject_label(self) -> str:
        if self.kind == Kind.CHECKOUT and self.group is not None:
            return self.group.code
        return f"Penarikan #{self.payout_id}"

    @property
    def pending(self) -> bool:
        return self.decision == Decision.PENDING
