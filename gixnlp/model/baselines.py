"""Systems gixnlp's model is compared with in ``gixnlp eval``; each has ``fit(units)`` and ``predict(units)``.

- keyword: TAXONOMY's characteristic wording (the taxonomy file's keyword hints); no learning;
- tfidf-lr: plain TF-IDF over jieba words of the unit text with logistic regressions;
- spacy-bow: spaCy's ``textcat`` / ``textcat_multilabel`` with the bag-of-words architecture.
"""

from __future__ import annotations

import random
import re
from typing import Sequence

import numpy as np

from ..taxonomy import Taxonomy
from ..tokenize import Tokenizer
from .classifiers import SEED, Prediction
from .features import UnitLike

#: a unit with none of these cues is called boilerplate by the keyword baseline (TAXONOMY §4, crudely)
_SPECIFIC_CUE = re.compile(r"\d|[《「“]|〔")


def _prediction(role: str, themes: list[str], boilerplate: bool) -> Prediction:
    return Prediction(role, 1.0, themes, {t: 1.0 for t in themes}, boilerplate, float(boilerplate))


class KeywordBaseline:
    """Role with the most keyword hits (else the most common role), every theme with a hit, boilerplate
    when the unit has no digit, quotation or document number."""

    name = "keyword"

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy

    def fit(self, units: Sequence) -> "KeywordBaseline":
        roles = [u.role for u in units]
        self.default_role_ = max(sorted(set(roles)), key=roles.count)
        return self

    def predict(self, units: Sequence[UnitLike]) -> list[Prediction]:
        out = []
        for unit in units:
            hits = {r.code: sum(unit.text.count(k) for k in r.keywords) for r in self.taxonomy.roles}
            role = max(hits, key=hits.get) if any(hits.values()) else self.default_role_
            themes = [t.code for t in self.taxonomy.themes if any(k in unit.text for k in t.keywords)]
            out.append(_prediction(role, themes, not _SPECIFIC_CUE.search(unit.text)))
        return out


def _binary(x, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    if y.all() or not y.any():
        return bool(y.any())
    return LogisticRegression(max_iter=1000, random_state=SEED).fit(x, y)


def _positive(model, x) -> np.ndarray:
    return np.full(x.shape[0], model, dtype=bool) if isinstance(model, bool) else model.predict(x).astype(bool)


class TfidfBaseline:
    """TF-IDF over jieba words of the text only; logistic regressions with default settings."""

    name = "tfidf-lr"

    def __init__(self, taxonomy: Taxonomy, tokenizer: Tokenizer | None = None):
        self.taxonomy = taxonomy
        self.tokenizer = tokenizer or Tokenizer()

    def fit(self, units: Sequence) -> "TfidfBaseline":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vectorizer_ = TfidfVectorizer(tokenizer=self.tokenizer, token_pattern=None, lowercase=False)
        x = self.vectorizer_.fit_transform([u.text for u in units])
        self.role_ = LogisticRegression(max_iter=1000, random_state=SEED).fit(x, [u.role for u in units])
        self.themes_ = [_binary(x, np.array([t in u.themes for u in units])) for t in self.taxonomy.theme_codes]
        self.boilerplate_ = _binary(x, np.array([u.boilerplate for u in units]))
        return self

    def predict(self, units: Sequence[UnitLike]) -> list[Prediction]:
        x = self.vectorizer_.transform([u.text for u in units])
        roles = self.role_.predict(x)
        themes = np.column_stack([_positive(m, x) for m in self.themes_])
        boilerplate = _positive(self.boilerplate_, x)
        codes = self.taxonomy.theme_codes
        return [_prediction(str(roles[i]), [c for j, c in enumerate(codes) if themes[i, j]], bool(boilerplate[i]))
                for i in range(len(units))]


class SpacyBaseline:
    """spaCy text categorizers with the bag-of-words architecture (unigrams and bigrams of spaCy's
    Chinese tokens, which are characters by default), trained for a fixed number of epochs."""

    name = "spacy-bow"
    epochs = 10

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy

    @staticmethod
    def _bow(exclusive: bool) -> dict:
        return {"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": exclusive,
                          "ngram_size": 2, "no_output_layer": False}}

    def _train(self, units: Sequence, component: str, labels: tuple[str, ...], cats) -> "object":
        import spacy
        from spacy.training import Example

        spacy.util.fix_random_seed(SEED)
        nlp = spacy.blank("zh")
        pipe = nlp.add_pipe(component, config=self._bow(component == "textcat"))
        for label in labels:
            pipe.add_label(label)
        examples = [Example.from_dict(nlp.make_doc(u.text), {"cats": cats(u)}) for u in units]
        optimizer = nlp.initialize(lambda: examples)
        rng = random.Random(SEED)
        for _ in range(self.epochs):
            rng.shuffle(examples)
            for batch in spacy.util.minibatch(examples, size=32):
                nlp.update(batch, sgd=optimizer)
        return nlp

    def fit(self, units: Sequence) -> "SpacyBaseline":
        roles, themes = self.taxonomy.role_codes, self.taxonomy.theme_codes
        self.role_nlp_ = self._train(units, "textcat", roles, lambda u: {c: float(c == u.role) for c in roles})
        self.labels_nlp_ = self._train(
            units, "textcat_multilabel", themes + ("BOILERPLATE",),
            lambda u: {**{c: float(c in u.themes) for c in themes}, "BOILERPLATE": float(u.boilerplate)})
        return self

    def predict(self, units: Sequence[UnitLike]) -> list[Prediction]:
        texts = [u.text for u in units]
        out = []
        for role_doc, doc in zip(self.role_nlp_.pipe(texts), self.labels_nlp_.pipe(texts)):
            themes = [c for c in self.taxonomy.theme_codes if doc.cats[c] >= 0.5]
            role = max(role_doc.cats, key=role_doc.cats.get)
            out.append(_prediction(role, themes, doc.cats["BOILERPLATE"] >= 0.5))
        return out
