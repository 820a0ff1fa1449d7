"""The offline narrative classifier, trained on the demo station's history."""

from __future__ import annotations

import json

from console.__main__ import main
from console.services import classifier
from console.services.station import open_station


def test_train_evaluate_and_suggest_on_the_demo_history(demo_store, capsys):
    url, _report = demo_store
    assert main(["classifier", "evaluate", "--db", url]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["n_test"] > 500 and result["accuracy"] > 0.8

    ctx = open_station(url)
    try:
        # The demo builder trained one (maybe into this data folder): start without it.
        classifier.model_path(ctx).unlink(missing_ok=True)
        assert classifier.load_classifier(ctx) is None
        assert main(["classifier", "train", "--db", url]) == 0
        assert (
            json.loads(capsys.readouterr().out.strip().splitlines()[-1])["n_test"]
            == result["n_test"]
        )
        model = classifier.load_classifier(ctx)
        assert model is not None
        best = model.suggest("两人在店门口打架，一人持刀")[0]
        assert best.code == "order.fight" and 0 < best.probability <= 1
        assert model.suggest("   ") == []
    finally:
        ctx.close()


def test_a_bad_store_is_one_line(tmp_path, capsys):
    assert main(["classifier", "evaluate", "--db", str(tmp_path / "missing.sqlite3")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
