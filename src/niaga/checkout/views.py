# PLACEHOLDER: replaced by the pages work
from django.http import HttpResponse


def checkout(request, *args, **kwargs):
    return HttpResponse("todo")
