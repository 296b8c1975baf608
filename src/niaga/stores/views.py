# PLACEHOLDER: replaced by the pages work
from django.http import HttpResponse


def detail(request, *args, **kwargs):
    return HttpResponse("todo")
