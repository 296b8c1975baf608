from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from niaga.accounts import lockout
from niaga.core import clock
from niaga.core.errors import DomainError

from . import capacity, selectors


@staff_member_required
def dashboard(request):
    """/operator/ — orders per minute, payments, latency, stock-outs, queue: refreshed every 5 s."""
    return render(request, "monitoring/dashboard.html")


@staff_member_required
def data(request):
    return JsonResponse(
        {
            "orders_per_minute": selectors.orders_per_minute(),
            "payments": selectors.payments_last_hour(),
            **selectors.from_metrics(),
        }
    )


@staff_member_required
def capacity_page(request):
    """/operator/kapasitas/ — upload last season's CSV (or use the demo year): forecast and plan."""
    error, hours = "", None
    if request.method == "POST" and request.FILES.get("csv"):
        try:
            hours = capacity.read_csv(request.FILES["csv"].read(5_000_000).decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            error = f"CSV tidak bisa dibaca: {exc}"
    today = timezone.localdate(clock.now())
    source = "CSV unggahan" if hours else "tahun demo"
    fc = capacity.forecast(hours or capacity.demo_season(today), today=today)
    plan = capacity.plan(fc, throughput=capacity.measured(settings.NIAGA_BENCH_DIR))
    return render(
        request,
        "monitoring/capacity.html",
        {"fc": fc, "plan": plan, "chart": mark_safe(capacity.chart_svg(fc)), "error": error, "source": source},
        status=400 if error else 200,
    )


@staff_member_required
def lockouts(request):
    """/operator/kunci/ — accounts and addresses locked after failed sign-ins; "Buka kunci" ends one."""
    if request.method == "POST":
        kind, key = request.POST.get("kind", ""), request.POST.get("key", "")[:255]
        try:
            lockout.unlock(kind=kind, key=key, operator=request.user, request=request)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Kunci {'akun' if kind == 'account' else 'alamat'} {key} dibuka.")
        return redirect("monitoring:lockouts")
    return render(request, "monitoring/lockouts.html", {"locks": lockout.locks_now()})
