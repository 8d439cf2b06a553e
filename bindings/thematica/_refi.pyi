import os
from typing import NamedTuple, Optional, Union

from ._core import Project

PathLike = Union[str, os.PathLike[str]]

POSITION_CONVENTIONS: tuple[str, ...]
EXPORT_TARGETS: tuple[str, ...]

class RefiImport(NamedTuple):
    project: Project
    warnings: list[str]

def read_qdpx(
    path: PathLike,
    *,
    max_entry_size: int = ...,
    max_total_size: int = ...,
    max_entries: int = ...,
    max_compression_ratio: float = ...,
    positions: Optional[str] = ...,
) -> RefiImport: ...
def write_qdpx(project: Project, path: PathLike, target: str = ...) -> list[str]: ...
def read_qdc(path: PathLike) -> RefiImport: ...
def write_qdc(project: Project, path: PathLike) -> None: ...
def write_codebook_csv(project: Project, path: PathLike) -> None: ...
def read_codebook_csv(path: PathLike) -> Project: ...
def position_convention_for_origin(origin: str) -> str: ...
