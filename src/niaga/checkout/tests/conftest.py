from niaga.payments.tests.fakes import fake_gateway, placed_order  # noqa: F401  (fixtures)
