from .models import Stock


def available_for(variant_ids: list[int]) -> dict[int, int]:
    rows = Stock.objects.filter(variant_id__in=variant_ids).values_list("variant_id", "on_hand", "reserved")
    return {vid: on_hand - reserved for vid, on_hand, reserved in rows}
