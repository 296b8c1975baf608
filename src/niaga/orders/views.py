# PLACEHOLDER: replaced by the pages work
from django.http import HttpResponse


def my_orders(request, *args, **kwargs):
    return HttpResponse("todo")

def detail(request, *args, **kwargs):
    return HttpResponse("todo")
