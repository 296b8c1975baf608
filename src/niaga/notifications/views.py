# PLACEHOLDER: replaced by the pages work
from django.http import HttpResponse


def inbox(request, *args, **kwargs):
    return HttpResponse("todo")

def read_all(request, *args, **kwargs):
    return HttpResponse("todo")
