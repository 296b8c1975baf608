from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse
from django.shortcuts import render

from . import selectors


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
