"""
Partial results as bytes (private; see thematica.partials).
"""
from __future__ import annotations
import collections.abc
import thematica._core
import typing
__all__: list = ['aggregate_cooccurrence', 'aggregate_crosstab', 'aggregate_words', 'aggregate_search', 'aggregate_autocode', 'aggregate_agreement', 'merge', 'check', 'finalize_hits', 'finalize_cooccurrence', 'finalize_crosstab', 'finalize_words', 'finalize_agreement']
def aggregate_agreement(arg0: thematica._core.Project, arg1: collections.abc.Sequence[str], arg2: collections.abc.Sequence[str], arg3: collections.abc.Sequence[str], arg4: str) -> bytes:
    ...
def aggregate_autocode(arg0: thematica._core.Project, arg1: str, arg2: collections.abc.Sequence[str], arg3: typing.SupportsInt | typing.SupportsIndex, arg4: typing.SupportsInt | typing.SupportsIndex) -> bytes:
    ...
def aggregate_cooccurrence(arg0: thematica._core.Project, arg1: collections.abc.Sequence[str]) -> bytes:
    ...
def aggregate_crosstab(arg0: thematica._core.Project, arg1: str, arg2: bool) -> bytes:
    ...
def aggregate_search(arg0: thematica._core.Project, arg1: str, arg2: typing.SupportsInt | typing.SupportsIndex, arg3: str, arg4: bool, arg5: bool, arg6: bool) -> bytes:
    ...
def aggregate_words(arg0: thematica._core.Project, arg1: str, arg2: collections.abc.Sequence[str], arg3: typing.SupportsInt | typing.SupportsIndex) -> bytes:
    ...
def check(arg0: bytes) -> bytes:
    """
    The partial re-serialised after validation (FormatError for bad bytes).
    """
def finalize_agreement(arg0: bytes) -> tuple[list, dict]:
    ...
def finalize_cooccurrence(arg0: bytes, arg1: str, arg2: str) -> tuple[list[str], list[float]]:
    ...
def finalize_crosstab(arg0: bytes, arg1: str) -> tuple[list[str], list[str], list[int], list[int]]:
    ...
def finalize_hits(arg0: bytes) -> list:
    ...
def finalize_words(arg0: bytes, arg1: typing.SupportsInt | typing.SupportsIndex) -> list:
    ...
def merge(arg0: collections.abc.Sequence[bytes]) -> bytes:
    """
    Merges serialised partials into one (empty list: the empty partial).
    """
