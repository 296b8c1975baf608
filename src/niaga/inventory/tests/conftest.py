import pytest


@pytest.fixture
def second_warehouse(db):
    """Another warehouse of the same store, in its city."""
    from niaga.fulfillment.models import Location

    def make(store, name: str = "Gudang Cabang"):
        return Location.objects.create(
            name=name,
            kind=Location.Kind.STORE,
            store=store,
            regency_code=store.city_code,
            regency_name=store.city_name,
            province_code=store.province_code,
            province_name=store.province_name,
        )

    return make
