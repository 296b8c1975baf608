from django.http import Http404, HttpResponse

from niaga.core.pages import parse_int
from niaga.sellercenter.views import store_required

from . import labels, selectors


@store_required
def print_labels(request, store):
    """/toko-saya/label/?ids=3,5,8&layout=a4 — the store's labels as one PDF."""
    ids = [i for i in (parse_int(part, minimum=1) for part in request.GET.get("ids", "").split(",")[:100]) if i]
    layout = request.GET.get("layout", "a6")
    found = selectors.labels_for(store, ids)
    if not found or layout not in labels.LAYOUTS:
        raise Http404("Tidak ada label untuk dicetak.")
    response = HttpResponse(labels.render(found, layout=layout), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="label-niaga.pdf"'
    return response
