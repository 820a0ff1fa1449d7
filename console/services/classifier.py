"""The offline narrative classifier: suggests a category from the free text of a call.

A character n-gram TF-IDF with a logistic regression, trained on the station's own
history (no word segmenter is needed for Chinese: 1–3 character grams carry 打架, 持刀,
追尾 …). Accuracy is measured on the most recent fifth of the history, held back in
time order, so it reads as "how well would last month's model have done this week".

The model lives in a file in the user's data folder, one per store and station, not in
the store: it is derived data that ``console classifier train`` rebuilds in seconds, and
a pickled model is code — loading one out of a shared database would let any
workstation run code on every other. scikit-learn is imported only when a model is
trained or first used, never at start-up.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from console.domain.classifier_text import classifier_text
from console.domain.people import UserRole
from console.paths import user_data_dir
from console.store.models import Category, Incident

from .context import Actor, StationContext
from .messages import QT_TRANSLATE_NOOP
from .unit_of_work import ServiceError, unit_of_work

MODEL_FORMAT = 1
HOLD_BACK = 0.2  # the latest fifth of the history is the test set
MIN_HISTORY = 50


@dataclass(frozen=True)
class Evaluation:
    accuracy: float
    top3_accuracy: float
    n_train: int
    n_test: int
    categories: int

    def as_json(self) -> dict[str, Any]:
        return {
            "accuracy": round(self.accuracy, 4),
            "top3_accuracy": round(self.top3_accuracy, 4),
            "n_train": self.n_train,
            "n_test": self.n_test,
            "categories": self.categories,
        }


@dataclass(frozen=True)
class CategorySuggestion:
    code: str
    probability: float


class NarrativeClassifier:
    """A trained model and what it was trained on."""

    def __init__(self, pipeline: Any, trained_at: datetime, evaluation: Evaluation) -> None:
        self.pipeline = pipeline
        self.trained_at = trained_at
        self.evaluation = evaluation

    def suggest(self, narrative: str, top: int = 3) -> list[CategorySuggestion]:
        text = classifier_text(narrative)
        if not text:
            return []
        probs = self.pipeline.predict_proba([text])[0]
        classes = self.pipeline.classes_
        order = probs.argsort()[::-1][:top]
        return [CategorySuggestion(str(classes[i]), float(probs[i])) for i in order]


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import make_pipeline

    # Logistic loss by stochastic gradient: probabilities for the suggestion, and about
    # a second to fit four thousand narratives (a full logistic regression takes seven).
    return make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2),
        SGDClassifier(loss="log_loss", alpha=2e-5, max_iter=50, tol=1e-4, random_state=0),
    )


def history(ctx: StationContext) -> tuple[list[str], list[str]]:
    """(texts, category codes) of the station's incidents in time order."""
    with ctx.reading() as s:
        rows = s.execute(
            select(Incident.narrative, Incident.category_code)
            .join(Category, Category.code == Incident.category_code)
            .where(Incident.station_id == ctx.station_id, Incident.narrative != "")
            .order_by(Incident.received_at, Incident.id)
        ).all()
    return [classifier_text(n) for n, _ in rows], [c for _, c in rows]


def _fit(texts: list[str], labels: list[str]):
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        # Fifty passes are plenty for a suggestion; a last-decimal convergence note is noise.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return _pipeline().fit(texts, labels)


def _evaluate(texts: list[str], labels: list[str]) -> Evaluation:
    if len(texts) < MIN_HISTORY:
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "services",
                "The station has {count} incidents with a narrative; the classifier needs at least {needed}.",
            ),
            count=len(texts),
            needed=MIN_HISTORY,
        )
    cut = int(len(texts) * (1 - HOLD_BACK))
    model = _fit(texts[:cut], labels[:cut])
    test_x, test_y = texts[cut:], labels[cut:]
    probs = model.predict_proba(test_x)
    classes = list(model.classes_)
    hits = top3 = 0
    for row, truth in zip(probs, test_y, strict=True):
        order = row.argsort()[::-1]
        hits += classes[order[0]] == truth
        top3 += truth in {classes[i] for i in order[:3]}
    n = len(test_y)
    return Evaluation(hits / n, top3 / n, cut, n, len(set(labels)))


def evaluate(ctx: StationContext) -> Evaluation:
    """Train on the older part of the history and score on the held-back newest part."""
    return _evaluate(*history(ctx))


def model_path(ctx: StationContext) -> Path:
    key = hashlib.sha256(f"{ctx.location}|{ctx.station_id}".encode()).hexdigest()[:16]
    return user_data_dir() / "classifier" / f"narrative-{key}.pickle"


def train(ctx: StationContext) -> tuple[Evaluation, Path]:
    """Evaluate on held-back history, then fit on all of it and save the model."""
    texts, labels = history(ctx)
    evaluation = _evaluate(texts, labels)
    model = _fit(texts, labels)
    path = model_path(ctx)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump(
            {
                "format": MODEL_FORMAT,
                "pipeline": model,
                "trained_at": ctx.clock.now(),
                "evaluation": evaluation,
            },
            f,
        )
    tmp.replace(path)  # a reader never sees half a model
    return evaluation, path


TRAINERS = frozenset({UserRole.CHIEF})


def may_train(actor: Actor) -> bool:
    """True when ``actor`` may retrain the station's classifier from the console."""
    return actor.user_id is not None and actor.role in TRAINERS


def train_for_station(ctx: StationContext) -> Evaluation:
    """Retrain the station's model as the signed-in station chief (the console's menu):
    refused for anyone else; the training and its accuracy are audited."""
    if not may_train(ctx.actor):
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "services", "Only the station chief can train the category suggestions."
            )
        )
    evaluation, _path = train(ctx)
    with unit_of_work(ctx, "classifier.train", "station", ctx.station_id) as work:
        work.detail = evaluation.as_json()
    return evaluation


def load_classifier(ctx: StationContext) -> NarrativeClassifier | None:
    """The station's trained model, or None if it was never trained (or is unreadable)."""
    path = model_path(ctx)
    if not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            data = pickle.load(f)  # our own file in the user's own folder (see above)
        if data.get("format") != MODEL_FORMAT:
            return None
        return NarrativeClassifier(data["pipeline"], data["trained_at"], data["evaluation"])
    except Exception:  # a model from another scikit-learn, or a damaged file: retrain
        return None
