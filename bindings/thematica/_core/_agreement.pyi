"""
Agreement statistics (use thematica.agreement).
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['alpha', 'alpha_bootstrap', 'fleiss', 'make_weights', 'table_coefficient', 'unitized']
def alpha(values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], level: str) -> float:
    ...
def alpha_bootstrap(values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], level: str, replicates: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, confidence: typing.SupportsFloat | typing.SupportsIndex, minimums: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> dict:
    ...
def fleiss(counts: collections.abc.Sequence[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]]) -> dict:
    ...
def make_weights(arg0: str, arg1: typing.SupportsInt | typing.SupportsIndex) -> list[float]:
    ...
def table_coefficient(name: str, rows: collections.abc.Sequence[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]], weights: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> dict:
    ...
def unitized(length: typing.SupportsInt | typing.SupportsIndex, values: typing.SupportsInt | typing.SupportsIndex, records: collections.abc.Sequence[collections.abc.Sequence[tuple[typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex, typing.SupportsInt | typing.SupportsIndex]]]) -> dict:
    ...
