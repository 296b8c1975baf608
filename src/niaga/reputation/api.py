from ninja import Router

router = Router(tags=["reputation"])
