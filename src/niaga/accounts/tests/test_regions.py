"""The region tree (every desa of Indonesia) is built when a worker boots, not in the first
address or courier-rate request of a sale, where it held the GIL for a fraction of a second
per thread that got there first."""

import importlib
import threading

from lokal import wilayah

from niaga.accounts import regions


def test_a_web_worker_builds_the_region_tree_before_its_first_request(monkeypatch):
    monkeypatch.setattr(wilayah, "_child_index", None)
    import niaga.wsgi  # here, not at the top: importing it boots the app, after the patch above

    importlib.reload(niaga.wsgi)
    assert wilayah._child_index is not None


def test_threads_asking_at_once_build_it_once(monkeypatch):
    monkeypatch.setattr(wilayah, "_child_index", None)
    built = []
    real = wilayah._get_child_index

    def counting():
        if wilayah._child_index is None:
            built.append(1)
        return real()

    monkeypatch.setattr(wilayah, "_get_child_index", counting)
    threads = [threading.Thread(target=regions.load) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1 and regions.children()[0].level == 1
